"""Reception staff at the console, with time controlled by the test."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

import pytest
from textual.widgets import DataTable, Label, OptionList, Select

from config import Settings
from config.settings import DeskSettings
from i18n.languages import INTERPRETER_ENGLISH_NAMES
from kiosk.screens.flow import INTERPRETER_LANGUAGES
from models import api, queue
from models.db import make_engine, session_scope
from models.enums import Channel, PrinterState
from models.printjobs import record_printer_state
from models.target import TargetState
from staff_console.screens.dialogs import ConfirmDialog, ResolveDialog, TransferDialog
from staff_console.screens.queue import TARGET_STYLES, QueueScreen
from staff_console.screens.signin import SignInScreen
from tests.conftest import london
from tests.console.harness import (
    SIZE,
    alert_texts,
    cell,
    console,
    database,
    panel_text,
    refreshed,
    sign_in,
    tickets,
)
from tests.hostile import HOSTILE_STRINGS
from tests.kiosk.harness import THURSDAY_TEN, wait_until
from tests.rendered import rendered_rows

SETTINGS = Settings()
DESKS = Settings(desks=(DeskSettings(name="Desk 1"), DeskSettings(name="Desk 2")))
"""The charter's office with two desks configured."""


def check_in(url: str, now: dt.datetime = THURSDAY_TEN, **kwargs: object) -> int:
    engine = make_engine(url)
    kwargs.setdefault("service_code", "general")
    with session_scope(engine) as session:
        issued = queue.check_in(session=session, settings=SETTINGS, now=now, **kwargs)
    engine.dispose()
    return issued.visit_id


async def test_a_check_in_appears_within_one_refresh(tmp_path: Path) -> None:
    url = database(tmp_path)
    app, _clock = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        assert tickets(app) == []
        check_in(url, name="Ann Lee")
        # The refresh loop runs every second on its own: wait for it, no nudging.
        await wait_until(pilot, lambda: tickets(app) == ["A001"], seconds=3)
        assert str(cell(app, "A001", "name")) == "Ann Lee"


@pytest.mark.parametrize(
    ("after", "state"),
    [(9.9, TargetState.ON_TRACK), (10.1, TargetState.AMBER), (15, TargetState.BREACHED)],
)
async def test_time_left_turns_amber_at_ten_and_red_at_fifteen_minutes(
    tmp_path: Path, after: float, state: TargetState
) -> None:
    url = database(tmp_path)
    check_in(url)
    app, _clock = console(url, now=THURSDAY_TEN + dt.timedelta(minutes=after))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        left = cell(app, "A001", "left")
        assert str(left.style) == TARGET_STYLES[state]


async def test_call_next_takes_appointments_then_arrival_order(tmp_path: Path) -> None:
    url = database(tmp_path)
    check_in(url, now=THURSDAY_TEN)
    check_in(
        url,
        now=THURSDAY_TEN + dt.timedelta(minutes=1),
        service_code="appointment",
        channel=Channel.PHONE,
        actor="jb",
        appointment_at=THURSDAY_TEN + dt.timedelta(minutes=5),
    )
    check_in(url, now=THURSDAY_TEN + dt.timedelta(minutes=2))
    app, _clock = console(url, now=THURSDAY_TEN + dt.timedelta(minutes=3))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        called = []
        for _ in range(3):
            await pilot.press("n")
            await wait_until(
                pilot,
                lambda: (
                    app.state.panel_visit is not None and app.state.panel_visit.ticket not in called
                ),
            )
            called.append(app.state.panel_visit.ticket)
            app.current_visit_id = None
        assert called == ["P001", "A001", "A002"]
        assert "Calling A002 to Desk 1." in [n.text for n in app.notices]


async def test_two_consoles_calling_at_once_get_different_visitors(tmp_path: Path) -> None:
    url = database(tmp_path)
    for minute in range(4):
        check_in(url, now=THURSDAY_TEN + dt.timedelta(minutes=minute))
    one, _ = console(url, desk="Desk 1")
    two, _ = console(url, desk="Desk 2")
    async with one.run_test(size=SIZE) as p1, two.run_test(size=SIZE) as p2:
        await sign_in(p1)
        await sign_in(p2)
        await asyncio.gather(p1.press("n"), p2.press("n"))
        await wait_until(p1, lambda: one.state.panel_visit is not None)
        await wait_until(p2, lambda: two.state.panel_visit is not None)
        assert {one.state.panel_visit.ticket, two.state.panel_visit.ticket} == {"A001", "A002"}
        assert one.state.panel_visit.desk == "Desk 1" and two.state.panel_visit.desk == "Desk 2"


async def test_transfer_notes_written_at_desk_1_are_read_at_desk_2(tmp_path: Path) -> None:
    url = database(tmp_path)
    check_in(url, name="Ann Lee")
    one, _ = console(url, desk="Desk 1", settings=DESKS)
    async with one.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: one.state.panel_visit is not None)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(one.screen, TransferDialog))
        desks = one.screen.query_one("#desk", Select)
        # The desks are a list (this desk left out), with who is at each.
        offered = desks.query_one(OptionList)  # the Select's drop-down list
        labels = [str(offered.get_option_at_index(i).prompt) for i in range(offered.option_count)]
        assert labels[1:] == ["Desk 2 (nobody signed in)"]
        desks.value = "Desk 2"
        await pilot.click("#notes")
        await pilot.press(*"Rent arrears since May; letter HB/123 seen.")
        await pilot.click("#ok")
        await wait_until(
            pilot, lambda: one.current_visit_id is None and isinstance(one.screen, QueueScreen)
        )
    two, _ = console(url, desk="Desk 2")
    async with two.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("n")
        await wait_until(
            pilot, lambda: two.state.panel_visit is not None and "Rent arrears" in panel_text(two)
        )
        text = panel_text(two)
        assert "Notes from earlier desks" in text
        assert "jb at Desk 1: Rent arrears since May; letter HB/123 seen." in text


async def test_resolve_with_a_written_reply_due_after_a_bank_holiday(tmp_path: Path) -> None:
    url = database(tmp_path)
    friday = london(2026, 8, 28, 11, 0)
    check_in(url, now=friday)
    app, _clock = console(url, now=friday + dt.timedelta(minutes=5))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.state.panel_visit is not None)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ResolveDialog))
        buttons = list(app.screen.query("RadioButton"))
        assert buttons[4].name == "written_reply"
        await pilot.click(buttons[4])
        await pilot.click("#days")
        await pilot.press("1")
        await pilot.click("#ok")
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))
        await wait_until(pilot, lambda: "written reply due" in panel_text(app))
        assert "written reply due Tue 01 Sep 2026" in panel_text(app)
        # The panel shows the rule's answer at once; the queue follows on its refresh.
        await wait_until(pilot, lambda: tickets(app) == [])


async def test_every_alert_kind_appears_rings_and_clears(tmp_path: Path) -> None:
    url = database(tmp_path)
    engine = make_engine(url)
    app, clock = console(url, now=london(2026, 11, 26, 16, 46))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        assert alert_texts(app) == []
        bells = app.bells
        api.ask_for_help(engine, SETTINGS, clock.now)
        check_in(url, now=clock.now - dt.timedelta(minutes=11), needs=["bsl"])
        check_in(url, now=clock.now - dt.timedelta(minutes=16))
        with session_scope(engine) as session:
            record_printer_state(
                session=session,
                settings=SETTINGS,
                station="kiosk",
                state=PrinterState.PAPER_OUT,
                detail="out",
                now=clock.now,
            )
        await refreshed(pilot)
        texts = " | ".join(alert_texts(app))
        assert "Help now at kiosk: a visitor asked for help." in texts
        assert "A001 has access or communication needs: BSL" in texts
        assert "A001 will pass the target time" in texts
        assert "A002 has passed the target time" in texts
        assert "is out of paper" in texts
        assert "Closing at 17:00 with 2 visitor(s) still waiting." in texts
        assert app.bells == bells + 1
        table = app.screen.query_one("#alerts", DataTable)
        table.focus()
        while table.row_count:
            count = table.row_count
            await pilot.press("a")
            await wait_until(pilot, lambda count=count: table.row_count < count)
        assert alert_texts(app) == []
    with session_scope(engine) as session:
        from sqlalchemy import select

        from models.tables import Alert, Visit

        assert all(a.acknowledged_by == "jb" for a in session.execute(select(Alert)).scalars())
        needy = session.execute(select(Visit).where(Visit.ticket == "A001")).scalar_one()
        assert needy.needs_ack_seconds == 11 * 60
    engine.dispose()


async def test_a_supervisor_closes_early_and_the_kiosk_obeys(tmp_path: Path) -> None:
    url = database(tmp_path)
    engine = make_engine(url)
    app, _ = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert "Only a supervisor" in [n.text for n in app.notices][-1]
    app, _clock = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "sv", "9999")
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen.query("#closes"))
        await pilot.click("#closes")
        await pilot.press(*"10:30")
        await pilot.click("#reason")
        await pilot.press(*"Fire drill")
        await pilot.click("#ok")
        await wait_until(
            pilot, lambda: "Fire drill" in str(app.screen.query_one("#status-line").content)
        )
    state = api.kiosk_state(engine, SETTINGS, THURSDAY_TEN + dt.timedelta(minutes=31))
    assert not state.takes_check_ins
    assert api.kiosk_state(engine, SETTINGS, THURSDAY_TEN).hours.closes_at == london(
        2026, 11, 26, 10, 30
    )
    engine.dispose()


@pytest.mark.parametrize("label", sorted(HOSTILE_STRINGS))
async def test_hostile_names_and_notes_are_shown_literally(tmp_path: Path, label: str) -> None:
    hostile = HOSTILE_STRINGS[label]
    url = database(tmp_path)
    visit_id = check_in(url, name=hostile, needs=["seat"])
    engine = make_engine(url)
    with session_scope(engine) as session:
        queue.transfer(
            session=session,
            settings=SETTINGS,
            visit_id=visit_id,
            desk="Desk 9",
            staff="jb",
            notes=hostile,
            to_desk="Desk 1",
            now=THURSDAY_TEN,
        )
        stored = queue.get_visit(session=session, settings=SETTINGS, visit_id=visit_id)
    engine.dispose()
    app, _clock = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        assert str(cell(app, "A001", "name")) == (stored.name or "")
        await pilot.press("n")
        await wait_until(pilot, lambda: app.state.panel_visit is not None)
        text = panel_text(app)
        assert f"Name: {stored.name or '(not given)'}" in text
        if stored.notes:
            assert (stored.notes[0].note or "") in text
        await pilot.click("#queue")
        await pilot.click("#serving")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, QueueScreen)
        assert app.errors == []


async def test_wrong_pin_lock_key_and_idle_lock_hide_the_queue(tmp_path: Path) -> None:
    url = database(tmp_path)
    check_in(url, name="Ann Lee")
    app, clock = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, app.database_ready.is_set)
        await pilot.press(*"jb", "enter", *"1111", "enter")
        await wait_until(
            pilot,
            lambda: (
                "Wrong staff code or PIN." in str(app.screen.query_one("#sign-in-error").content)
            ),
        )
        await pilot.press("shift+tab", "shift+tab")
        app.screen.query_one("#pin").focus()
        await pilot.press(*"4821", "enter")
        await wait_until(
            pilot, lambda: app.state.staff is not None and app.state.snapshot is not None
        )
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen) and app.state.staff is None
        assert "Ann Lee" not in str(app.screen.query("Label").results())
        app.screen.query_one("#code").focus()
        await pilot.press(*"jb", "enter", *"4821", "enter")
        await wait_until(pilot, lambda: app.state.staff is not None)
        clock.advance(SETTINGS.staff.lock_minutes * 60 - 20)
        app.check_lock()
        assert app.state.staff is not None
        assert app.notices[-1].text.startswith("The console locks in 30 seconds.")
        clock.advance(21)
        app.check_lock()
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen) and app.state.staff is None


async def test_a_desk_calls_only_the_services_it_serves(tmp_path: Path) -> None:
    from models.tables import Desk

    url = database(tmp_path)
    engine = make_engine(url)
    with session_scope(engine) as session:
        session.add(Desk(name="Housing desk", services=["housing"]))
    engine.dispose()
    check_in(url, now=THURSDAY_TEN)
    check_in(url, now=THURSDAY_TEN + dt.timedelta(minutes=1), service_code="housing")
    app, _ = console(url, desk="Housing desk", now=THURSDAY_TEN + dt.timedelta(minutes=2))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.state.panel_visit is not None)
        assert app.state.panel_visit.ticket == "H001"
        app.current_visit_id = None
        await pilot.press("n")
        await wait_until(
            pilot,
            lambda: "Nobody is waiting for this desk." in [n.text for n in app.notices],
        )


async def test_a_pin_lock_survives_restarting_the_console(tmp_path: Path) -> None:
    url = database(tmp_path)
    first, clock = console(url)
    async with first.run_test(size=SIZE) as pilot:
        await wait_until(pilot, first.database_ready.is_set)
        for _ in range(3):
            first.screen.query_one("#code").value = "jb"
            first.screen.query_one("#pin").value = "0000"
            await pilot.click("#sign-in")
            await wait_until(
                pilot, lambda: "Wrong" in str(first.screen.query_one("#sign-in-error").content)
            )
            first.screen.query_one("#sign-in-error").update("")
    # A new console process: nothing of the failures is kept in memory.
    second, _ = console(url, clock=clock)
    async with second.run_test(size=SIZE) as pilot:
        await wait_until(pilot, second.database_ready.is_set)
        await pilot.press(*"jb", "enter", *"4821", "enter")
        await wait_until(
            pilot,
            lambda: (
                "Wrong staff code or PIN" in str(second.screen.query_one("#sign-in-error").content)
            ),
        )
        # Locked, and told no more than a wrong PIN would tell (an attacker learns nothing).
        assert second.state.staff is None
        clock.advance(31)
        second.screen.query_one("#code").focus()
        await pilot.press(*"jb", "enter", *"4821", "enter")
        await wait_until(pilot, lambda: second.state.staff is not None)


async def test_the_panel_says_which_language_the_visitor_prefers(tmp_path: Path) -> None:
    url = database(tmp_path)
    check_in(url, language="pl")
    app, _ = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.state.panel_visit is not None)
        assert "prefers Polish" in panel_text(app)


async def test_the_header_says_check_ins_are_paused(tmp_path: Path) -> None:
    """Paused check-ins are not "OPEN": the desk must know the kiosks turn visitors away."""
    url = database(tmp_path)
    app, _clock = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        header = str(app.screen.query_one("#status-line", Label).content)
        assert header.startswith("OPEN until") and "paused" not in header
        engine = make_engine(url)
        api.set_checkins_paused(engine, SETTINGS, paused=True, by="jb", now=THURSDAY_TEN)
        engine.dispose()
        await refreshed(pilot)
        header = str(app.screen.query_one("#status-line", Label).content)
    assert header.startswith("Check-ins paused (i: resume) · office open until ")
    assert "OPEN" not in header


async def test_a_receptionist_resumes_and_pauses_check_ins_from_the_console(
    tmp_path: Path,
) -> None:
    """The desk sees visitors turned away: it ends the pause itself, not at the kiosk."""
    from models.tables import KioskControl

    url = database(tmp_path)
    engine = make_engine(url)
    api.set_checkins_paused(engine, SETTINGS, paused=True, by="sv", now=THURSDAY_TEN)
    app, clock = console(url)

    def header() -> str:
        return str(app.screen.query_one("#status-line", Label).content)

    def asked(question: str) -> bool:
        return isinstance(app.screen, ConfirmDialog) and app.screen.question.startswith(question)

    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)  # jb, a receptionist
        assert header().startswith("Check-ins paused (i: resume)")
        await pilot.press("i")
        await wait_until(pilot, lambda: asked("Resume check-ins?"))
        await pilot.press("y")
        await wait_until(pilot, lambda: header().startswith("OPEN until"))
        # The kiosks read it: visitors can check in again.
        assert api.kiosk_state(engine, SETTINGS, clock.now).takes_check_ins
        assert "Check-ins resumed: the kiosks take visitors again." in [n.text for n in app.notices]
        await pilot.press("i")
        await wait_until(pilot, lambda: asked("Pause check-ins?"))
        await pilot.press("n")  # asked first: nothing changes on no
        await pilot.pause()
        assert api.kiosk_state(engine, SETTINGS, clock.now).takes_check_ins
        await pilot.press("i")
        await wait_until(pilot, lambda: asked("Pause check-ins?"))
        await pilot.press("y")
        await wait_until(pilot, lambda: header().startswith("Check-ins paused"))
        assert not api.kiosk_state(engine, SETTINGS, clock.now).takes_check_ins
    with session_scope(engine) as session:
        assert session.get(KioskControl, SETTINGS.office.site).changed_by == "jb"
    engine.dispose()


async def test_the_needs_tag_never_splits_at_100_columns(tmp_path: Path) -> None:
    """Each word of the needs cell stays whole on one line of the row (staff read
    "LANG Polish", never "LANG (Polski" with ")" alone below)."""
    url = database(tmp_path)
    check_in(url, needs=["interpreter"], interpreter_language="Polski")
    check_in(url, needs=["bsl", "interpreter"], interpreter_language="Lietuvių")
    check_in(url, needs=["interpreter"], interpreter_language="Arabic العربية")
    app, _clock = console(url)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await wait_until(pilot, lambda: len(tickets(app)) == 3)
        await pilot.pause()
        shown = "\n".join(rendered_rows(app))
        cells = [str(cell(app, ticket, "needs")) for ticket in ("A001", "A002", "A003")]
    assert cells == ["LANG Polish", "BSL LANG Lithuanian", "LANG Arabic"]
    for word in ("LANG", "Polish", "BSL", "Lithuanian", "Arabic"):
        assert re.search(rf"(?<!\w){word}(?!\w)", shown), (word, shown)
    assert "(" not in "".join(cells)
    # Every language the kiosk offers has its English name for staff.
    assert set(INTERPRETER_LANGUAGES) <= set(INTERPRETER_ENGLISH_NAMES)


async def test_alerts_and_the_panel_name_the_interpreter_language_in_english(
    tmp_path: Path,
) -> None:
    url = database(tmp_path)
    check_in(url, needs=["bsl", "interpreter"], interpreter_language="Polski")  # the kiosk's
    engine = make_engine(url)
    with session_scope(engine) as session:
        # A walk-in: staff typed the language's code.
        queue.add_walk_in(
            session=session,
            settings=SETTINGS,
            service_code="general",
            staff="jb",
            needs=["interpreter"],
            interpreter_language="ar",
            now=THURSDAY_TEN,
        )
    engine.dispose()
    app, _clock = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        assert alert_texts(app) == [
            "A002 has access or communication needs: Arabic interpreter",
            "A001 has access or communication needs: BSL, Polish interpreter",
        ]
        assert str(cell(app, "A002", "needs")) == "LANG Arabic"
        await wait_until(pilot, lambda: "interpreter language" in panel_text(app))
        assert "interpreter language: Polish\n" in panel_text(app)
