"""One selected visitor: every key acts on the visitor in the side panel; asking before
ending a visit or quitting with a visitor called; undo within a minute; the palette."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from rich.console import Console
from sqlalchemy import select
from textual.binding import Binding
from textual.command import CommandList, CommandPalette

from config import Settings
from models import queue
from models.db import make_engine, session_scope
from models.tables import Visit, VisitEvent
from staff_console.screens.dialogs import ConfirmDialog, FindDialog
from staff_console.screens.help import HelpScreen
from staff_console.screens.queue import QueueScreen
from tests.console.harness import SIZE, console, database, panel_text, refreshed, sign_in
from tests.kiosk.harness import THURSDAY_TEN, wait_until

SETTINGS = Settings()


def seed(url: str, *services: str) -> dict[str, int]:
    engine = make_engine(url)
    ids: dict[str, int] = {}
    for minute, service in enumerate(services):
        with session_scope(engine) as s:
            issued = queue.check_in(
                session=s,
                settings=SETTINGS,
                service_code=service,
                now=THURSDAY_TEN - dt.timedelta(minutes=10 - minute),
            )
        ids[issued.ticket] = issued.visit_id
    engine.dispose()
    return ids


def statuses(url: str) -> dict[str, str]:
    engine = make_engine(url)
    with session_scope(engine) as s:
        result = {v.ticket: v.status for v in s.execute(select(Visit)).scalars()}
    engine.dispose()
    return result


def shown_ticket(app: object) -> str:
    """The ticket the panel says the keys act on."""
    first = panel_text(app).splitlines()[0]  # type: ignore[arg-type]
    return first.replace("▶ KEYS ACT ON", "").strip()


async def test_keys_after_the_palette_act_on_the_visitor_shown(tmp_path: Path) -> None:
    url = database(tmp_path)
    seed(url, "general", "council-tax", "housing")
    app, _ = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await wait_until(pilot, lambda: shown_ticket(app) == "A001")
        await pilot.press("down")
        await wait_until(pilot, lambda: shown_ticket(app) == "C001")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))
        await pilot.press("down")  # the queue has the keys again
        await wait_until(pilot, lambda: shown_ticket(app) == "H001")
        await pilot.press("k")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "H001" in app.screen.question
        await pilot.press("y")
        await wait_until(pilot, lambda: statuses(url)["H001"] == "cancelled")
        assert statuses(url) == {"A001": "waiting", "C001": "waiting", "H001": "cancelled"}


async def test_after_find_keys_act_on_the_found_visitor_until_the_highlight_moves(
    tmp_path: Path,
) -> None:
    url = database(tmp_path)
    ids = seed(url, "general", "council-tax", "housing")
    engine = make_engine(url)
    with session_scope(engine) as s:
        queue.hold(session=s, settings=SETTINGS, visit_id=ids["H001"], desk="Desk 1", staff="jb")
    engine.dispose()
    app, _ = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await wait_until(pilot, lambda: shown_ticket(app) == "A001")
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, FindDialog))
        await pilot.press(*"H001", "enter")
        await wait_until(pilot, lambda: shown_ticket(app) == "H001")
        await pilot.press("u")
        await wait_until(pilot, lambda: statuses(url)["H001"] == "waiting")
        assert statuses(url)["A001"] == "waiting" and statuses(url)["C001"] == "waiting"
        # The highlight went to H001 with the find; moving it moves the selection.
        await pilot.press("up")
        await wait_until(pilot, lambda: shown_ticket(app) == "C001")
        await pilot.press("c")
        await wait_until(pilot, lambda: statuses(url)["C001"] == "called")
        assert statuses(url)["H001"] == "waiting"


async def test_no_show_asks_and_can_be_undone_within_a_minute(tmp_path: Path) -> None:
    url = database(tmp_path)
    seed(url, "general", "general")
    app, clock = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: statuses(url)["A001"] == "called")
        await wait_until(pilot, lambda: shown_ticket(app) == "A001")
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # changed their mind
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))
        assert statuses(url)["A001"] == "called"
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: statuses(url)["A001"] == "no_show")
        clock.advance(30)
        await pilot.press("z")
        await wait_until(pilot, lambda: statuses(url)["A001"] == "called")
        engine = make_engine(url)
        with session_scope(engine) as s:
            kinds = [
                e.kind for e in s.execute(select(VisitEvent).order_by(VisitEvent.id)).scalars()
            ]
        engine.dispose()
        assert kinds[-2:] == ["no_show", "undone"]
        # A minute later the ending stands.
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: statuses(url)["A001"] == "no_show")
        clock.advance(61)
        await pilot.press("z")
        await pilot.pause(0.5)
        await refreshed(pilot)
        assert statuses(url)["A001"] == "no_show"


async def test_quitting_with_a_visitor_called_asks_first(tmp_path: Path) -> None:
    url = database(tmp_path)
    seed(url, "general")
    app, _ = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: statuses(url)["A001"] == "called")
        await refreshed(pilot)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "A001 is called to Desk 1" in app.screen.question
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: not app.is_running)


async def test_the_palette_finds_call_next_and_help_lists_every_key(tmp_path: Path) -> None:
    url = database(tmp_path)
    seed(url, "general")
    app, _ = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"call")
        results = app.screen.query_one(CommandList)
        await wait_until(
            pilot,
            lambda: any(
                "Call next" in str(results.get_option_at_index(i).prompt)
                for i in range(results.option_count)
            ),
        )
        prompts = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        assert prompts[0].startswith("Call next")
        await pilot.press("enter")
        await wait_until(pilot, lambda: statuses(url)["A001"] == "called")
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = app.screen.query_one("#keys").content
        out = Console(width=100, record=True, file=io.StringIO())
        out.print(shown)
        text = out.export_text()
        for binding in QueueScreen.BINDINGS:
            assert isinstance(binding, Binding)
            assert binding.description in text, binding
        assert "? / F1" in text and "ctrl+q" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))
