"""Interpreter languages as the kiosk shows them: in themselves and in the visitor's
language, in text every terminal gives the width Textual lays out."""

from __future__ import annotations

import unicodedata

import pytest
from rich.cells import cell_len

from i18n import translator
from i18n.languages import INTERPRETER_ENGLISH_NAMES, interpreter_label
from kiosk.screens.flow import INTERPRETER_LANGUAGES

LANGUAGES = ("en", "pl", "pt", "lt", "ro")


def wcwidth_cells(text: str) -> int:
    """Cells as the C library's wcwidth counts them (tmux, xterm, VTE): combining marks
    none, spacing marks and most letters one, wide East Asian letters two."""
    total = 0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_is_as_wide_for_textual_as_for_a_terminal(language: str) -> None:
    # বাংলা: Rich counts 2 cells, wcwidth 5, and the dialog's row lost its right border.
    gettext = translator(language)
    uneven = {
        label: (cell_len(label), wcwidth_cells(label))
        for label in (interpreter_label(name, gettext) for name in INTERPRETER_LANGUAGES)
        if cell_len(label) != wcwidth_cells(label)
    }
    assert uneven == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_has_the_visitors_name_for_it_unless_it_is_the_same(language: str) -> None:
    gettext = translator(language)
    for name in INTERPRETER_LANGUAGES:
        label = interpreter_label(name, gettext)
        theirs = gettext(INTERPRETER_ENGLISH_NAMES[name])
        if language != "en":
            assert theirs != INTERPRETER_ENGLISH_NAMES[name], name  # translated
        assert label.endswith(f"({theirs})") or label.casefold() == theirs.casefold(), label


def test_a_language_typed_by_staff_is_shown_as_typed() -> None:
    assert interpreter_label("Tigrinya", translator("pt")) == "Tigrinya"
