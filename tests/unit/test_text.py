"""Cleaning what people type: the hostile table goes in, harmless text comes out."""

from __future__ import annotations

import pytest

from models.text import NAME_MAX_LENGTH, clean_name, clean_note, clean_text
from tests.hostile import FORBIDDEN_CHARACTERS, HOSTILE_STRINGS


@pytest.mark.parametrize("label", sorted(HOSTILE_STRINGS))
def test_hostile_names_lose_every_control_character(label: str) -> None:
    cleaned = clean_name(HOSTILE_STRINGS[label])
    if label == "only controls":
        assert cleaned is None
        return
    assert cleaned
    assert not FORBIDDEN_CHARACTERS & set(cleaned)
    assert "\n" not in cleaned
    assert len(cleaned) <= NAME_MAX_LENGTH


def test_markup_is_kept_literally_for_display_as_data() -> None:
    assert clean_name("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"
    assert clean_name("'); DROP TABLE visit;--") == "'); DROP TABLE visit;--"


def test_escape_sequences_are_removed_whole() -> None:
    assert clean_name("Ann\x1b]52;c;ZXZpbA==\x07Lee") == "AnnLee"
    assert clean_name("\x1b[2JEve") == "Eve"
    assert clean_name("Ola\x9b2J") == "Ola"
    assert clean_name("Kim\x1b@") == "Kim"
    assert clean_name("Lu\x1dV\x00cy") == "LuVcy"
    assert clean_name("Amir\u202eevil.exe") == "Amirevil.exe"


def test_names_are_normalised_trimmed_and_spaces_folded() -> None:
    decomposed = "Zoe\u0308  \t Łukasz\n"
    assert clean_name(decomposed) == "Zoë Łukasz"
    assert clean_name("   ") is None
    assert clean_name(None) is None


def test_a_ten_kilobyte_paste_is_capped() -> None:
    assert clean_name("A" * 10_240) == "A" * NAME_MAX_LENGTH


def test_emoji_survive() -> None:
    assert clean_name("Maja 👩‍🦽🇵🇱") == "Maja 👩‍🦽🇵🇱"


def test_notes_keep_line_breaks_but_not_controls() -> None:
    note = clean_note("Needs form HB1\r\n\r\n\r\n\x1b[2JBring ID\x00")
    assert note == "Needs form HB1\n\nBring ID"
    assert clean_note(" \n ") is None


def test_clean_text_caps_after_cleaning() -> None:
    assert clean_text("\x00" * 50 + "abc", 2) == "ab"
