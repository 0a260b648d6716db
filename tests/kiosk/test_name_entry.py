"""The name field on the last step: a name too long is cut to 80 characters and the
visitor is told so, in their language, seeing the start that is kept; a change of
language keeps the name typed and does not select it for the next key to replace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input

from kiosk.screens.ticket import TicketScreen
from kiosk.widgets.keyboard import key_id
from models.tables import Visit
from tests.kiosk.harness import SIZE, build, crop_cells, ready, rows, screen_text, tap, wait_until
from tests.kiosk.test_lockdown import go_confirm
from tests.rendered import rendered_rows

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
LONG_NAME = (ALPHABET * 77)[:1988]
"""What the tester pasted: 1,988 characters."""
SHORTENED = {
    "en": "Your name was shortened to 80 characters.",
    "pl": "Imię i nazwisko skrócono do 80 znaków.",
    "pt": "O seu nome foi encurtado para 80 caracteres.",
    "lt": "Jūsų vardas sutrumpintas iki 80 simbolių.",
    "ro": "Numele dumneavoastră a fost scurtat la 80 de caractere.",
}


def field_shows(app: Any) -> str:
    """The characters the name field shows on the terminal, as a person reads them."""
    field = app.screen.query_one("#name", Input)
    region = field.content_region
    row = rendered_rows(app)[region.y]
    return crop_cells(row, region.x, region.x + region.width).strip()


async def choose_language(pilot: Any, language: str) -> None:
    if language != "en":
        await tap(pilot, f"#language-{language}")


@pytest.mark.parametrize("language", sorted(SHORTENED))
async def test_a_long_paste_is_cut_to_80_and_the_visitor_is_told(
    tmp_path: Path, language: str
) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await choose_language(pilot, language)
        await go_confirm(pilot)
        assert SHORTENED[language] not in screen_text(app)
        app.screen.query_one("#name", Input).post_message(events.Paste(LONG_NAME))
        await wait_until(pilot, lambda: SHORTENED[language] in screen_text(app))
        # The field shows the start of the name, the part that is kept; left at the end
        # it would show "…ijklmnopqrstuvwxyzabcdefgh" and the visitor would think the
        # end was kept.
        shown = field_shows(app)
        assert len(shown) > 10 and LONG_NAME.startswith(shown), shown
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
    assert rows(app, Visit)[0].name == LONG_NAME[:80]


async def test_keys_typed_past_80_are_not_kept_silently(tmp_path: Path) -> None:
    # A paste that arrives as typed keys (a terminal without bracketed paste, a scanner).
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await go_confirm(pilot)
        await pilot.press(*ALPHABET * 3)
        assert SHORTENED["en"] not in screen_text(app)  # 78 fit: nothing to say yet
        assert field_shows(app).endswith("xyz")
        await pilot.press(*ALPHABET[:8])
        await wait_until(pilot, lambda: SHORTENED["en"] in screen_text(app))
        assert (ALPHABET * 4).startswith(field_shows(app))
        # Edited to fit again, the note goes: the name now is all the visitor meant.
        await tap(pilot, f"#{key_id('delete')}")
        await wait_until(pilot, lambda: SHORTENED["en"] not in screen_text(app))
        # The on-screen keyboard says so too when the field is full.
        await tap(pilot, f"#{key_id('B')}")
        await tap(pilot, f"#{key_id('C')}")
        await wait_until(pilot, lambda: SHORTENED["en"] in screen_text(app))
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
    assert rows(app, Visit)[0].name == (ALPHABET * 4)[:79] + "b"


async def test_the_note_follows_a_change_of_language(tmp_path: Path) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await go_confirm(pilot)
        app.screen.query_one("#name", Input).post_message(events.Paste(LONG_NAME))
        await wait_until(pilot, lambda: SHORTENED["en"] in screen_text(app))
        await tap(pilot, "#language")
        await tap(pilot, "#language-pl")
        await wait_until(pilot, lambda: SHORTENED["pl"] in screen_text(app))
        assert LONG_NAME.startswith(field_shows(app))


@pytest.mark.parametrize("how", ["typed", "pasted"])
async def test_a_change_of_language_keeps_the_name_for_the_next_key(
    tmp_path: Path, how: str
) -> None:
    # The field is composed again in the new language and focused: its text must not be
    # selected, or the next key or paste replaces the name already typed.
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await go_confirm(pilot)
        await pilot.press(*"Jan ")
        await tap(pilot, "#language")
        await tap(pilot, "#language-pl")
        await wait_until(pilot, lambda: "Imię i nazwisko: Jan" in screen_text(app))
        if how == "typed":
            await pilot.press(*"Kowalski")
        else:
            app.screen.query_one("#name", Input).post_message(events.Paste("Kowalski"))
        await wait_until(pilot, lambda: "Imię i nazwisko: Jan Kowalski" in screen_text(app))
        assert field_shows(app) == "Jan Kowalski"
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
    assert rows(app, Visit)[0].name == "Jan Kowalski"
