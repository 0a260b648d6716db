"""The waiting-room board as the waiting room sees it, with a real queue behind it."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import os
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from sqlalchemy import event

from models import board as board_model
from models import queue
from models.board import BoardCall, board_snapshot
from models.changes import ChangeWatcher
from models.db import make_engine
from tests.board.harness import (
    SIZE,
    THURSDAY_TEN,
    board,
    board_settings,
    call_next,
    check_in,
    database,
    rule,
)
from tests.conftest import london
from tests.hostile import HOSTILE_STRINGS
from tests.kiosk.harness import wait_until
from tests.rendered import rendered_rows


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def shown(app: Any) -> str:
    """Everything on the board's screen, as text."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def started(pilot: Any) -> None:
    await wait_until(pilot, lambda: pilot.app.reads >= 1)
    await pilot.pause()


async def test_first_call_is_shown_large_highlighted_and_announced(tmp_path: Path) -> None:
    settings = board_settings()
    url = database(tmp_path)
    check_in(url, settings, now=THURSDAY_TEN, language="pl")
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(2))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.current is None
        assert "Please wait to be called" in shown(app)
        call_next(url, settings, "Desk 2", THURSDAY_TEN + minutes(2))
        await wait_until(pilot, lambda: app.current is not None, seconds=2)
        assert app.current is not None and app.current.ticket == "A001"
        assert app.highlighted and app.query_one("#now").has_class("-new")
        text = shown(app)
        assert "Ticket A001, please go to Desk 2." in text
        assert "█" in text  # block letters
        assert [(c.ticket, c.language) for c in app.announced] == [("A001", "pl")]


async def test_the_highlight_ends_after_a_few_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("display.app.HIGHLIGHT_SECONDS", 0.3)
    settings = board_settings()
    url = database(tmp_path)
    check_in(url, settings, now=THURSDAY_TEN)
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(2))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        call_next(url, settings, "Desk 1", THURSDAY_TEN + minutes(2))
        await wait_until(pilot, lambda: app.highlighted, seconds=2)
        await wait_until(pilot, lambda: not app.highlighted, seconds=2)
        assert app.current is not None and app.current.ticket == "A001"  # still shown


async def test_a_new_call_while_one_is_highlighted_takes_its_place(tmp_path: Path) -> None:
    settings = board_settings()
    url = database(tmp_path)
    check_in(url, settings, now=THURSDAY_TEN)
    check_in(url, settings, now=THURSDAY_TEN + minutes(1), service="housing")
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(3))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        call_next(url, settings, "Desk 1", THURSDAY_TEN + minutes(3))
        await wait_until(pilot, lambda: app.highlighted, seconds=2)
        call_next(url, settings, "Housing room", THURSDAY_TEN + minutes(3.1))
        await wait_until(pilot, lambda: app.current is not None and app.current.ticket == "H001")
        assert app.highlighted
        text = shown(app)
        # The desk as the visitor sees it (its sign), not its console name.
        assert "Ticket H001, please go to Room 3." in text
        assert "Housing room" not in text
        assert re.search(r"A001\s+→ Desk 1", text)  # now among the previous calls
        assert [c.ticket for c in app.announced] == ["A001", "H001"]


async def test_a_recall_shows_again_as_new_and_is_announced_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("display.app.HIGHLIGHT_SECONDS", 0.3)
    settings = board_settings()
    url = database(tmp_path)
    check_in(url, settings, now=THURSDAY_TEN)
    check_in(url, settings, now=THURSDAY_TEN + minutes(1))
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(4))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        first = call_next(url, settings, "Desk 1", THURSDAY_TEN + minutes(3))
        call_next(url, settings, "Desk 2", THURSDAY_TEN + minutes(3.5))
        await wait_until(pilot, lambda: app.current is not None and app.current.ticket == "A002")
        await wait_until(pilot, lambda: not app.highlighted, seconds=2)
        assert first is not None
        rule(
            url,
            queue.recall,
            settings=settings,
            visit_id=first.id,
            desk="Desk 1",
            staff="jb",
            now=THURSDAY_TEN + minutes(4),
        )
        await wait_until(pilot, lambda: app.current is not None and app.current.ticket == "A001")
        assert app.highlighted and app.current.recall
        assert [c.ticket for c in app.announced] == ["A001", "A002", "A001"]


async def test_many_calls_in_a_minute_are_all_announced_in_order(tmp_path: Path) -> None:
    settings = board_settings()
    url = database(tmp_path)
    for n in range(10):
        check_in(url, settings, now=THURSDAY_TEN + dt.timedelta(seconds=n))
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(2))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        for n in range(8):
            desk = "Desk 1" if n % 2 else "Desk 2"
            call_next(url, settings, desk, THURSDAY_TEN + minutes(1) + dt.timedelta(seconds=7 * n))
        await wait_until(pilot, lambda: len(app.announced) == 8, seconds=10)
        await pilot.pause()  # the lists' new height is laid out before the screenshot
        assert [c.ticket for c in app.announced] == [f"A00{n}" for n in range(1, 9)]
        assert app.current is not None and app.current.ticket == "A008"
        text = shown(app)
        # Five earlier calls listed, newest first; the oldest two have scrolled away.
        listed = re.findall(r"(A00\d)\s+→", text)
        assert listed == ["A007", "A006", "A005", "A004", "A003"]
        assert re.search(r"General enquiry\s+2", text)


async def test_nothing_waiting(tmp_path: Path) -> None:
    settings = board_settings()
    url = database(tmp_path)
    app, _ = board(url, settings)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        text = shown(app)
        assert app.current is None
        assert "Please wait to be called" in text
        assert text.count("no wait") == len(settings.services)
        assert "Open today until 17:00" in text


async def test_wait_estimate_comes_from_todays_service_times(tmp_path: Path) -> None:
    settings = board_settings()
    url = database(tmp_path)
    # Two served today at Desk 1, 6 and 10 minutes each: 8 minutes on average.
    for n, length in enumerate((6, 10)):
        check_in(url, settings, now=THURSDAY_TEN + minutes(n))
        visit = call_next(url, settings, "Desk 1", THURSDAY_TEN + minutes(20 * n + 1))
        assert visit is not None
        rule(
            url,
            queue.resolve,
            settings=settings,
            visit_id=visit.id,
            desk="Desk 1",
            staff="jb",
            outcome="resolved",
            now=THURSDAY_TEN + minutes(20 * n + 1 + length),
        )
    for n in range(3):
        check_in(url, settings, now=THURSDAY_TEN + minutes(40 + n))
    engine = make_engine(url)
    snapshot = board_snapshot(engine, settings, now=THURSDAY_TEN + minutes(45))
    engine.dispose()
    general = next(w for w in snapshot.waiting if w.service_code == "general")
    # 3 waiting x 8 minutes, one desk: 24 minutes, said as "about 25".
    assert (general.waiting, general.estimate_minutes) == (3, 25)
    housing = next(w for w in snapshot.waiting if w.service_code == "housing")
    assert (housing.waiting, housing.estimate_minutes) == (0, 0)


def served(url: str, settings: Any, *, arrived: dt.datetime, called: float, length: float) -> None:
    """A general enquiry that arrived at `arrived` and was seen at Desk 1 `called`
    minutes later for `length` minutes."""
    check_in(url, settings, now=arrived)
    visit = call_next(url, settings, "Desk 1", arrived + minutes(called))
    assert visit is not None
    rule(
        url,
        queue.resolve,
        settings=settings,
        visit_id=visit.id,
        desk="Desk 1",
        staff="jb",
        outcome="resolved",
        now=arrived + minutes(called + length),
    )


async def test_a_queue_running_late_says_so_rather_than_a_short_estimate(tmp_path: Path) -> None:
    # One visit served today in 8 minutes, at the one desk calling; then the desk stops
    # calling (a long case elsewhere, a break) and A002 has waited 33 minutes. The pace
    # alone says 1 x 8 minutes, "about 10 min", which A002 and the room can see is not so.
    settings = board_settings()
    url = database(tmp_path)
    served(url, settings, arrived=THURSDAY_TEN, called=1, length=8)
    check_in(url, settings, now=THURSDAY_TEN + minutes(5))
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(38))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        text = shown(app)
        assert re.search(r"General enquiry\s+1\s+running late", text), text
        assert "about 10 min" not in text
    general = app.snapshot.waiting[0] if app.snapshot else None
    assert general is not None and general.service_code == "general"
    assert (general.running_late, general.estimate_minutes) == (True, None)


async def test_an_estimate_still_longer_than_anyone_has_waited_is_given(tmp_path: Path) -> None:
    settings = board_settings()
    url = database(tmp_path)
    served(url, settings, arrived=THURSDAY_TEN, called=1, length=8)
    check_in(url, settings, now=THURSDAY_TEN + minutes(5))
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(14))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        # A002 has waited 9 minutes; "about 10" is still true.
        assert re.search(r"General enquiry\s+1\s+about 10 min", shown(app))


def test_with_no_desk_calling_there_is_no_figure_until_someone_is_overdue(
    tmp_path: Path,
) -> None:
    # Served at 10:01-10:09; nobody has called for the service since, and it is past
    # 11:01: no desk serves it now, so there is no pace to give a figure from (it used to
    # count as one desk, "about 10 min"). Past a waiting visitor's target, it is late.
    settings = board_settings()
    url = database(tmp_path)
    served(url, settings, arrived=THURSDAY_TEN, called=1, length=8)
    check_in(url, settings, now=THURSDAY_TEN + minutes(62))
    engine = make_engine(url)
    try:
        fresh = board_snapshot(engine, settings, now=THURSDAY_TEN + minutes(70)).waiting[0]
        overdue = board_snapshot(engine, settings, now=THURSDAY_TEN + minutes(80)).waiting[0]
    finally:
        engine.dispose()
    assert (fresh.waiting, fresh.estimate_minutes, fresh.running_late) == (1, None, False)
    assert (overdue.estimate_minutes, overdue.running_late) == (None, True)


async def test_the_hours_line_says_one_moment_until_the_first_read(tmp_path: Path) -> None:
    # Before the database answers the board cannot know today's hours (supervisors close
    # early or stay open late in the database): a neutral word, never a blank line, and
    # never the configured week's "Open today until 17:00" that may not hold today.
    settings = board_settings()
    url = f"sqlite:///{tmp_path / 'board.db'}"  # not made yet
    app, _ = board(url, settings, now=london(2026, 11, 26, 16, 50))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(app.query_one("#hours").render()) == "One moment…"
        assert app.reads == 0 and "Open today" not in shown(app)
        database(tmp_path)  # the database is there now
        await wait_until(pilot, lambda: app.reads >= 1, seconds=15)
        await pilot.pause()
        assert "Closing soon: we close at 17:00." in shown(app)
        assert "One moment" not in shown(app)


async def test_closing_soon_is_said_plainly(tmp_path: Path) -> None:
    settings = board_settings()
    url = database(tmp_path)
    app, _ = board(url, settings, now=london(2026, 11, 26, 16, 50))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert "Closing soon: we close at 17:00." in shown(app)
        assert app.query_one("#hours").has_class("-closing")


async def test_closed_says_when_it_opens(tmp_path: Path) -> None:
    settings = board_settings()
    url = database(tmp_path)
    app, _ = board(url, settings, now=london(2026, 11, 26, 18, 0))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert "Closed. We open again Friday 27 November 09:00." in shown(app)


async def test_database_away_shows_updating_never_a_stale_call(tmp_path: Path) -> None:
    settings = board_settings()
    url = database(tmp_path)
    path = tmp_path / "board.db"
    check_in(url, settings, now=THURSDAY_TEN)
    call_next(url, settings, "Desk 1", THURSDAY_TEN + minutes(1))
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(2))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.current is not None and "A001" in shown(app)
        # The database file goes away (a disk unmounted, a file restored elsewhere).
        os.replace(path, tmp_path / "away.db")
        await wait_until(pilot, lambda: not app.available, seconds=8)
        text = shown(app)
        assert "Updating…" in text
        assert "A001" not in text and app.current is None
        # It comes back: so does the board, by itself.
        for leftover in tmp_path.glob("board.db*"):
            leftover.unlink()
        os.replace(tmp_path / "away.db", path)
        # The missing file made the database offline: back once the health check's
        # back-off (at most 4 s) finds it; the rest is slack for a loaded machine.
        await wait_until(pilot, lambda: app.available and app.current is not None, seconds=15)
        assert "Ticket A001, please go to Desk 1." in shown(app)
        assert app.announced == []  # seen before: shown again, not spoken again


async def test_no_personal_data_reaches_the_board(tmp_path: Path) -> None:
    settings = board_settings()
    url = database(tmp_path)
    names = ["Ann Lee", "Łukasz Zieliński", *HOSTILE_STRINGS.values()]
    for n, name in enumerate(names):
        check_in(
            url,
            settings,
            now=THURSDAY_TEN + dt.timedelta(seconds=n),
            name=name,
            needs=("bsl", "interpreter") if n % 2 else ("seat",),
        )
    statements: list[str] = []
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(5))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        for n in range(6):
            visit = call_next(
                url, settings, f"Desk {n % 2 + 1}", THURSDAY_TEN + minutes(3 + n / 10)
            )
            assert visit is not None and visit.name  # the queue really holds names
        await wait_until(pilot, lambda: len(app.announced) == 6)
        text = shown(app)
    assert "A006" in text
    for word in (
        "Ann", "Lee", "Łukasz", "Bob", "Smith", "pwned", "evil", "DROP", "Maja", "Line1",
        "BSL", "Polish", "interpreter",
    ):  # fmt: skip
        assert word not in text, word
    # The board's read selects no personal column at all.
    engine = make_engine(url)
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    board_snapshot(engine, settings, now=THURSDAY_TEN + minutes(5))
    engine.dispose()
    sql = " ".join(statements).lower()
    for column in ("visit.name", "visit.needs", "interpreter_language", "note", "reference"):
        assert column not in sql, column
    assert set(BoardCall.__dataclass_fields__) == {
        "call_id", "ticket", "desk", "service_code", "called_at", "recall", "language",
    }  # fmt: skip


async def test_the_board_takes_no_orders(tmp_path: Path) -> None:
    settings = board_settings()
    url = database(tmp_path)
    app, _ = board(url, settings)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        for key in ("ctrl+q", "ctrl+c", "ctrl+p", "ctrl+s", "tab", "escape", "q"):
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running
        assert not app.check_action("quit", ())
        assert not app.check_action("screenshot", ())
        assert not app.check_action("command_palette", ())


async def test_a_board_shows_only_its_services(tmp_path: Path) -> None:
    settings = board_settings(boards=[{"name": "housing", "services": ["housing"]}])
    url = database(tmp_path)
    check_in(url, settings, now=THURSDAY_TEN)
    check_in(url, settings, now=THURSDAY_TEN, service="housing")
    check_in(url, settings, now=THURSDAY_TEN, service="housing")
    app, _ = board(url, settings, board=settings.board("housing"), now=THURSDAY_TEN + minutes(3))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        call_next(url, settings, "Desk 1", THURSDAY_TEN + minutes(2))  # A001
        call_next(url, settings, "Housing room", THURSDAY_TEN + minutes(3))  # H001
        await wait_until(pilot, lambda: app.current is not None)
        text = shown(app)
        assert app.current.ticket == "H001"
        assert "A001" not in text and "General enquiry" not in text
        assert re.search(r"Housing\s+1", text)
        assert [c.ticket for c in app.announced] == ["H001"]


async def test_a_call_long_past_is_listed_not_shown_as_now(tmp_path: Path) -> None:
    settings = board_settings()
    url = database(tmp_path)
    check_in(url, settings, now=THURSDAY_TEN)
    call_next(url, settings, "Desk 1", THURSDAY_TEN + minutes(1))
    app, clock = board(url, settings, now=THURSDAY_TEN + minutes(5))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.current is not None
        clock.advance(20 * 60)
        app.watch_queue()  # a read now, as the fallback read would make
        await wait_until(pilot, lambda: app.current is None, seconds=5)
        text = shown(app)
        assert "Please wait to be called" in text
        assert re.search(r"A001\s+→ Desk 1\s+10:01", text)


async def test_a_read_that_ends_after_the_board_closed_leaves_it_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A read still under way as the board closes (a slow database, a busy machine) used
    # to hand its result to the closed app from its thread; where the event loop had
    # gone too, that left Python's "coroutine ... was never awaited" warning behind.
    settings = board_settings()
    url = database(tmp_path)
    check_in(url, settings, now=THURSDAY_TEN)
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(1))
    real_read = board_model.board_snapshot
    hold = threading.Event()
    reading = threading.Event()
    release = threading.Event()
    finished = threading.Event()
    real_close = ChangeWatcher.close

    def slow_read(*args: Any, **kwargs: Any) -> Any:
        if hold.is_set():
            reading.set()
            release.wait(10)  # the database is slow to answer
        return real_read(*args, **kwargs)

    def close(watcher: ChangeWatcher) -> None:
        real_close(watcher)
        finished.set()  # the reading thread's last step

    monkeypatch.setattr(board_model, "board_snapshot", slow_read)
    monkeypatch.setattr(ChangeWatcher, "close", close)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        hold.set()
        finished.clear()
        app.watch_queue()  # a read now, as a change would start
        await wait_until(pilot, reading.is_set)
        reads = app.reads
    # The board has closed; the read comes back only now.
    release.set()
    for _ in range(500):
        if finished.is_set():
            break
        await asyncio.sleep(0.02)
    assert finished.is_set()
    await asyncio.sleep(0.1)  # anything handed to the event loop would have run by now
    assert app.reads == reads  # nothing was shown by, or on, a board that has closed


async def test_the_call_grows_with_the_screen_it_is_on(tmp_path: Path) -> None:
    # A browser tab opens at one size and resizes at once; a terminal may be resized.
    settings = board_settings()
    url = database(tmp_path)
    check_in(url, settings, now=THURSDAY_TEN)
    call_next(url, settings, "Desk 1", THURSDAY_TEN + minutes(1))
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(2))

    def banner_rows() -> int:
        return len(str(app.query_one("#now-big").render()).splitlines())

    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        small = banner_rows()
        await pilot.resize_terminal(160, 50)
        await wait_until(pilot, lambda: banner_rows() > small)
        assert banner_rows() == 2 * small  # every cell of the font drawn twice as tall
        await pilot.resize_terminal(*SIZE)
        await wait_until(pilot, lambda: banner_rows() == small)


async def test_the_waiting_counts_line_up_after_a_wide_or_long_service_name(
    tmp_path: Path,
) -> None:
    # Cut and padded by characters, a Chinese name (two cells each) pushed its count
    # 28 columns right of the others'.
    settings = board_settings(
        services=[
            {"code": "general", "letter": "A", "names": {"en": "综合咨询与市政服务的其他一切问题"}},
            {"code": "housing", "letter": "H", "names": {"en": "Housing"}},
            {
                "code": "tax",
                "letter": "C",
                "names": {"en": "Council Tax, business rates and benefits"},
            },
        ]
    )
    url = database(tmp_path)
    for service in ("general", "housing", "housing", "tax", "tax", "tax"):
        check_in(url, settings, now=THURSDAY_TEN, service=service)
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(1))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        rows = rendered_rows(app)
    counts = {}
    for start, count in (("综合", "1"), ("Housing", "2"), ("Council", "3")):
        row = next(r for r in rows if start in r and count in r.split(start, 1)[1])
        # The rendered row holds a wide character once: where its count is, in cells.
        before = row[: row.index(count, row.index(start))]
        counts[start] = cell_len(before)
        assert "…" in row or start == "Housing"
    assert len(set(counts.values())) == 1, counts
