"""Dialogs keep what was typed on every refusal, and walk-ins take needs like the kiosk."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from textual.widgets import Input, Label, RadioButton, SelectionList

from models.db import make_engine, session_scope
from models.tables import Visit
from staff_console.screens.dialogs import ResolveDialog, WalkInDialog
from staff_console.screens.queue import QueueScreen
from tests.console.harness import SIZE, console, database, sign_in
from tests.console.test_console import check_in
from tests.kiosk.harness import wait_until
from tests.rendered import rendered_rows


def visits(url: str) -> list[Visit]:
    engine = make_engine(url)
    with session_scope(engine) as s:
        rows = list(s.execute(select(Visit).order_by(Visit.id)).scalars())
        s.expunge_all()
    engine.dispose()
    return rows


def error_text(app: object) -> str:
    return str(app.screen.query_one("#form-error", Label).content)  # type: ignore[attr-defined]


async def ok_again(pilot: object, dialog: object) -> None:
    """Press OK a second time, once its press effect is over: Textual's Button ignores a
    click within 0.2 s of the last one (as a person's double tap)."""
    ok = dialog.query_one("#ok")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: not ok.has_class("-active"))
    await pilot.click("#ok")  # type: ignore[attr-defined]


async def test_a_call_back_in_the_past_keeps_the_dialog_and_its_choices(tmp_path: Path) -> None:
    url = database(tmp_path)
    check_in(url)
    app, _ = console(url)  # Thursday 10:00
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.state.panel_visit is not None)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ResolveDialog))
        dialog = app.screen
        await pilot.click(list(dialog.query(RadioButton))[3])  # call-back arranged
        await pilot.click("#detail")
        await pilot.press(*"Ring about the form")
        await pilot.click("#callback")
        await pilot.press(*"09:30")
        await pilot.click("#ok")
        await wait_until(pilot, lambda: "already passed" in error_text(app))
        assert app.screen is dialog
        assert dialog.query_one("#detail", Input).value == "Ring about the form"
        assert list(dialog.query(RadioButton))[3].value is True
        assert visits(url)[0].status == "called"
        # Put right, the same dialog resolves.
        dialog.query_one("#callback", Input).value = "15:30"
        await ok_again(pilot, dialog)
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))
        await wait_until(pilot, lambda: visits(url)[0].status == "resolved")
        assert visits(url)[0].outcome_detail == "Ring about the form"


async def test_a_walk_in_takes_several_needs_and_an_interpreter_language(tmp_path: Path) -> None:
    url = database(tmp_path)
    app, _ = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, WalkInDialog))
        dialog = app.screen
        await pilot.click("#name")
        await pilot.press(*"Ana")
        await pilot.click("#interpreter")
        await pilot.press(*"Romanian")
        await pilot.click("#ok")
        # A language without the interpreter need is refused in the dialog, input kept.
        await wait_until(pilot, lambda: "interpreter need" in error_text(app))
        assert dialog.query_one("#name", Input).value == "Ana"
        needs = dialog.query_one("#needs", SelectionList)
        needs.select("interpreter")
        needs.select("step-free")
        await ok_again(pilot, dialog)
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))
        await wait_until(pilot, lambda: len(visits(url)) == 1)
    visit = visits(url)[0]
    assert sorted(visit.needs) == ["interpreter", "step-free"]
    assert visit.interpreter_language == "Romanian" and visit.name == "Ana"
    assert visit.channel == "walk_in"


def outcome_rows(app: object) -> list[str]:
    """The Resolve dialog's outcome rows as drawn on the terminal, one per outcome."""
    rows = rendered_rows(app)
    return [row for row in rows if any(word in row for word in OUTCOME_WORDS)]


OUTCOME_WORDS = ("Resolved", "Signposted", "Referred", "Call-back", "Written reply needed")


async def test_the_chosen_outcome_is_marked_in_text_not_colour_alone(tmp_path: Path) -> None:
    url = database(tmp_path)
    check_in(url)
    app, _ = console(url)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.state.panel_visit is not None)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ResolveDialog))
        await pilot.pause()
        first = outcome_rows(app)
        await pilot.click(list(app.screen.query(RadioButton))[3])
        await pilot.pause()
        fourth = outcome_rows(app)
    assert len(first) == len(fourth) == 5, first
    marked = [["✓" in row for row in rows] for rows in (first, fourth)]
    assert marked == [[True, False, False, False, False], [False, False, False, True, False]]
