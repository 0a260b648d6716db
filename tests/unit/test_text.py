"""Cleaning what people type: the hostile table goes in, harmless text comes out."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- idempotent, NFC, nothing invisible --------------------------------------------------

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def invisible_or_control(char: str) -> bool:
    """A character that must never survive cleaning (joiners are judged separately)."""
    return char in BIDI_CONTROLS or (
        char not in "\u200c\u200d" and unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn")
    )


TRICKY = [
    *"\u200b\u200c\u200d\u2060\u2061\u2064\ufeff\u00ad\u180e\u202e\u2066\u061c\x1b\x9b\x00\x7f",
    *["\U000e0041", "\U000e007f", "\u0301", "\u0308", "\u0323", "e", "A", "क", "्", "ش"],
    *["👩", "🦽", "\ufe0f", " ", "\n", "\r", "\t", "[", "\u2028", "\uac00", "\u1100", "\u1161"],
]
"""Invisible, control, combining and joining characters, and what they sit between."""
tricky = st.sampled_from(TRICKY)
texts = st.one_of(
    st.text(),
    st.text(alphabet=tricky, max_size=40),
    st.lists(st.one_of(st.text(max_size=3), tricky), max_size=30).map("".join),
)


@settings(max_examples=1500, deadline=None)
@given(texts, st.integers(min_value=1, max_value=90), st.booleans())
def test_cleaning_is_idempotent_nfc_and_leaves_nothing_invisible(
    value: str, max_length: int, multiline: bool
) -> None:
    once = clean_text(value, max_length, multiline=multiline)
    assert clean_text(once, max_length, multiline=multiline) == once
    assert unicodedata.is_normalized("NFC", once)
    assert len(once) <= max_length
    assert not [c for c in once if invisible_or_control(c) and not (multiline and c == "\n")]
    name, note = clean_name(value), clean_note(value)
    assert name is None or clean_name(name) == name
    assert note is None or clean_note(note) == note


def test_a_zero_width_space_before_an_accent_settles_in_one_pass() -> None:
    once = clean_name("Jose\u200b\u0301")
    assert once == "José" and unicodedata.is_normalized("NFC", once)
    assert clean_name(once) == once


def test_invisible_format_characters_go() -> None:
    hidden = "A\u200bn\u2060n\u2062a\U000e0041\U000e007f \u00adLee\ufeff\u180e"
    assert clean_name(hidden) == "Anna Lee"
    assert clean_name("Zoe\u200d") == "Zoe"  # a joiner at the end of a Latin name
    assert clean_name("Jo\u200cse") == "Jose"  # nor between Latin letters


def test_joiners_stay_where_writing_needs_them() -> None:
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # می‌خواهم
    assert clean_name(persian) == persian
    devanagari = "\u0915\u094d\u200d\u0937"  # क्‍ष, a half form
    assert clean_name(devanagari) == devanagari
    assert clean_name("👩\u200d🦽") == "👩\u200d🦽"
    # ...but never between two scripts, or twice in a row.
    assert clean_name("\u0915\u200dA") == "\u0915A"
    assert clean_name("\u0915\u200d\u200d\u0937") == "\u0915\u0937"
