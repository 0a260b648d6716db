"""Big letters: every letter of the five languages drawn, wrapped to the width, and
ordinary text (with a log line) when no font is there."""

from __future__ import annotations

import importlib.resources
import logging

import pytest

from common_ui import bigtext
from common_ui.bigtext import BIG_FONTS, big_lines, big_width, has_glyph

LETTERS = "ąęłśżźćńóĄĘŁŚŻŹĆŃÓãçõâêôáéíúÃÇÕÂėųšžįūčĖŲŠŽĮŪČăâîșțĂÂÎȘȚ✓"
"""Every letter the five languages add to English (and the tick of a chosen need)."""


@pytest.mark.parametrize("letter", list(LETTERS))
def test_each_letter_of_the_five_languages_is_drawn(letter: str) -> None:
    assert has_glyph(letter), f"{letter!r} would be drawn as an empty box"
    rows = big_lines(letter, 20, 1)
    assert rows is not None and any(row.strip() for row in rows)


def test_accented_letters_differ_from_their_base_letter() -> None:
    # An accent that fell off the top or bottom would draw "ș" as "s".
    for accented, base in zip("ąęłśżãçõėųšžăîșțĄŚŻȘȚ", "aelszacoeuszaistASZST", strict=True):
        assert big_lines(accented, 20, 1) != big_lines(base, 20, 1), accented


def ink(rows: tuple[str, ...]) -> set[tuple[int, int]]:
    """The pixels (x, y) drawn by rows of half blocks."""
    halves = {"▀": (0,), "▄": (1,), "█": (0, 1)}
    return {
        (x, 2 * y + half)
        for y, row in enumerate(rows)
        for x, cell in enumerate(row)
        for half in halves.get(cell, ())
    }


@pytest.mark.parametrize("width", [20, 7], ids=["clearest font", "narrower font"])
def test_the_tick_of_a_chosen_need_is_a_tick_not_a_slash(width: int) -> None:
    # State is never shown by colour alone: the tick must read as one in both fonts.
    rows = big_lines("✓", width, 1)
    assert rows is not None and len(rows) == (6 if width == 20 else 5)
    pixels = ink(rows)
    left, right = min(x for x, _ in pixels), max(x for x, _ in pixels)
    top, bottom = min(y for _, y in pixels), max(y for _, y in pixels)
    assert bottom - top >= 5, "too small to see"
    # A short arm down from the left to the point at the bottom, a long one up to the
    # right: a "/" has its lowest pixel at its left edge.
    assert all(y < bottom - 1 for x, y in pixels if x == left)
    assert left < min(x for x, y in pixels if y == bottom) < right
    assert top in {y for x, y in pixels if x == right}


def test_a_letter_it_lacks_means_ordinary_text() -> None:
    assert not has_glyph("\ue000")
    assert big_lines("Chinese 中文", 200, 3) is None


def test_right_to_left_words_are_ordinary_text() -> None:
    # The font has Arabic letters, but drawn one by one, left to right and unjoined, the
    # interpreter dialog's "Arabic العربية" and "Urdu اردو" would be unreadable.
    assert big_lines("Arabic العربية", 200, 3) is None
    assert big_lines("Urdu اردو", 200, 3) is None
    assert big_lines("Arabic", 200, 3) is not None


def test_lines_wrap_at_spaces_within_the_width() -> None:
    text = "Dotknij, aby się zarejestrować"
    for width in (70, 94, 156):
        rows = big_lines(text, width, 3)
        assert rows is not None
        assert len({len(row) for row in rows}) == 1 and len(rows[0]) <= width
    one_line = big_lines(text, 400, 1)
    assert one_line is not None and len(one_line) == BIG_FONTS[0].rows


def test_too_long_for_the_lines_allowed_tries_the_narrower_font_then_gives_up() -> None:
    text = "Dotknij, aby się zarejestrować"
    wide, narrow = BIG_FONTS
    assert big_width("Dotknij, aby się", wide) > 94 >= big_width("Dotknij, aby się", narrow)
    rows = big_lines(text, 94, 2)
    assert rows is not None and len(rows) == 2 * narrow.rows + 1
    assert big_lines(text, 94, 1) is None
    assert big_lines("Supercalifragilistic", 30, 3) is None  # one word wider than the room


def test_too_tall_for_the_rows_there_are_tries_the_narrower_font_then_gives_up() -> None:
    # A long need at 100 x 30: three lines in either font, but a page has 17 rows for it.
    text = "Turiu sėdėti / negaliu laukti stovėdamas"
    wide, narrow = BIG_FONTS
    assert len(big_lines(text, 95, 3) or ()) == 3 * wide.rows + 2  # 20 rows
    rows = big_lines(text, 95, 3, max_rows=17)
    assert rows is not None and len(rows) == 3 * narrow.rows + 2
    assert big_lines(text, 95, 3, max_rows=16) is None


def test_no_font_means_ordinary_text_and_a_log_line(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def missing(package: str) -> None:
        raise ImportError(f"no {package}")

    caches = (bigtext.font_file, bigtext.has_glyph, bigtext.big_lines)
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(importlib.resources, "files", missing)
    try:
        with caplog.at_level(logging.WARNING, logger="frontdesk.bigtext"):
            assert big_lines("Welcome", 100, 2) is None
        assert "no font for big letters" in caplog.text
    finally:
        monkeypatch.undo()
        for cache in caches:
            cache.cache_clear()
    assert big_lines("Welcome", 100, 2) is not None
