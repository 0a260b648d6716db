"""Driving the kiosk as a visitor would, with time in the test's hands."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from config import Settings, settings_from_mapping
from kiosk.app import KioskApp, make_kiosk_app
from models.db import make_engine, open_database, session_scope
from printing.connections import Printer
from tests.conftest import Clock, london
from tests.rendered import rendered_rows

SIZE = (100, 32)
"""The terminal size the tests and snapshots use."""
THURSDAY_TEN = london(2026, 11, 26, 10, 0)


def kiosk_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Defaults, with the preview printer writing into the test's folder."""
    data: dict[str, Any] = {"printer": {"preview_dir": str(tmp_path / "tickets")}}
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return settings_from_mapping(data)


def build(
    tmp_path: Path,
    *,
    now: dt.datetime = THURSDAY_TEN,
    settings: Settings | None = None,
    printer: Printer | None = None,
    start_spool: bool = True,
) -> tuple[KioskApp, Clock]:
    """A kiosk on a fresh SQLite file in `tmp_path`."""
    clock = Clock(now)
    url = f"sqlite:///{tmp_path / 'kiosk.db'}"
    # As `staff-console init-db` would: the kiosk itself never creates a configured file.
    open_database(url, create=True).dispose()
    app = make_kiosk_app(
        settings or kiosk_settings(tmp_path),
        database_url=url,
        printer=printer,
        clock=clock,
        start_spool=start_spool,
    )
    return app, clock


async def wait_until(pilot: Any, condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Let the app run until `condition` holds (workers finish, screens change).

    Fails at once if the app met an unexpected error (it would log it and carry on).
    """
    for _ in range(int(seconds / 0.02)):
        assert not getattr(pilot.app, "errors", []), pilot.app.errors
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the kiosk did not get there in time")


async def ready(pilot: Any) -> None:
    """Wait for the database and the first state read."""
    app = pilot.app
    await wait_until(pilot, app.database_ready.is_set)
    # The spool and the database's health thread run as long as the kiosk does.
    await wait_until(
        pilot,
        lambda: all(
            w.group in ("spool", "changes", "database") or w.is_finished for w in app.workers
        ),
    )
    await pilot.pause()


async def pages_settled(pilot: Any) -> None:
    """Wait until every page of choices on the screen is measured and paged, and the
    screen's big letters are fitted (Confirm)."""
    from common_ui.paging import ChoicePages

    await wait_until(
        pilot,
        lambda: (
            all(p.settled for p in pilot.app.screen.query(ChoicePages))
            and getattr(pilot.app.screen, "layout_settled", True)
        ),
    )


async def turn_to(pilot: Any, selector: str) -> None:
    """Press "More ▸" (or "◂ Previous") until the choice `selector` is on the page shown,
    as a visitor would when large text shows the choices a page at a time."""
    from common_ui.paging import ChoicePages

    await pages_settled(pilot)
    screen = pilot.app.screen
    for pages in screen.query(ChoicePages):
        found = pages.query(selector)
        if not found:
            continue
        page = pages.page_of(found.first())
        for _ in range(len(pages.pages)):
            if page is None or page == pages.page:
                return
            await pilot.click("#page-more" if page > pages.page else "#page-previous")
            # Textual ignores a click within 0.2 s of the last one: the tap that follows
            # the page turn would be lost.
            await pilot.pause(0.25)


async def tap(pilot: Any, selector: str) -> None:
    """Touch a control (turning the page to it first) and let the screen settle."""
    await turn_to(pilot, selector)
    await pilot.click(selector)
    await pilot.pause()
    assert not pilot.app.errors, pilot.app.errors


def rows(app: KioskApp, table: Any) -> list[Any]:
    """Every row of a table in the kiosk's database."""
    engine = make_engine(app.database_url)
    with session_scope(engine) as session:
        found = list(session.execute(select(table)).scalars())
    engine.dispose()
    return found


def screen_text(app: KioskApp) -> str:
    """Everything the current screen shows in words (labels, buttons, fields), one per line."""
    from textual.widgets import Button, Input, Static

    from common_ui.bigtext import BigText

    lines = []
    for widget in app.screen.walk_children():
        if not widget.display:
            continue
        if isinstance(widget, BigText):
            lines.append(widget.plain)
        elif isinstance(widget, Button):
            lines.append(str(widget.label))
        elif isinstance(widget, Input):
            lines.append(widget.value)
        elif isinstance(widget, Static):
            lines.append(str(widget.content))
    return "\n".join(lines)


def tickets_written(tmp_path: Path) -> list[Path]:
    """Preview tickets the spool wrote."""
    return sorted((tmp_path / "tickets").glob("*.bin"))


async def sleep_real(seconds: float) -> None:
    """Real time, for the spool thread."""
    await asyncio.sleep(seconds)


def crop_cells(row: str, start: int, end: int) -> str:
    """The characters of `row` in cell columns start..end (wide characters take two)."""
    from rich.cells import cell_len

    out = []
    column = 0
    for char in row:
        width = cell_len(char)
        if column >= start and column + width <= end:
            out.append(char)
        column += width
        if column >= end:
            break
    return "".join(out)


def clipped_controls(app: KioskApp) -> list[str]:
    """Every button (and big-lettered prompt) on the current screen whose label is not
    shown whole, and why.

    A label is whole when its words, in order, appear inside the button's own cells on
    the rendered terminal: not cut by the button's width, a container, the screen's
    edge, or another widget over it. A label drawn in big letters (large text) is whole
    when its drawing fitted its widget and every row of it appears there in order.
    """
    from textual.widgets import Button

    from common_ui.bigtext import BigTextMixin

    rows = rendered_rows(app)
    width, height = app.size
    problems = []
    widgets = list(app.screen.query(Button)) + [
        w
        for w in app.screen.query("*")
        if isinstance(w, BigTextMixin) and not isinstance(w, Button)
    ]
    for widget in widgets:
        if not all(node.display for node in widget.ancestors_with_self if hasattr(node, "display")):
            continue
        big = widget.big_rows() if isinstance(widget, BigTextMixin) else None
        if isinstance(widget, BigTextMixin):
            label = " ".join(widget.plain_text().split())
        else:
            assert isinstance(widget, Button)
            label = " ".join(str(widget.label).split())
        if not label:
            problems.append(f"{widget.id or widget}: no label")
            continue
        region = widget.region
        if region.right > width or region.bottom > height or not region.area:
            problems.append(f"{label!r}: outside the screen at {region}")
            continue
        inside = [
            crop_cells(rows[y], region.x, region.right) for y in range(region.y, region.bottom)
        ]
        if big is not None:
            assert isinstance(widget, BigTextMixin)
            content = widget.content_region  # inside the border (a focus frame)
            drawn = [
                crop_cells(rows[y], content.x, content.right).strip()
                for y in range(content.y, content.bottom)
            ]
            drawn = [row for row in drawn if row]
            wanted = [row.strip() for row in big if row.strip()]
            if not widget.fitted or not any(
                drawn[start : start + len(wanted)] == wanted for start in range(len(drawn))
            ):
                problems.append(f"{label!r}: big letters not all shown in {region}")
            continue
        shown = " ".join(" ".join(inside).split())
        if label not in shown:
            problems.append(f"{label!r}: shows only {shown!r}")
    return problems
