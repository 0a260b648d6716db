"""The spool with the database and a real TCP printer: nothing lost, nothing printed late."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from config import Settings, settings_from_mapping
from models import queue
from models.alerts import open_alerts
from models.db import session_scope
from models.printjobs import (
    failed_print_jobs,
    get_print_job,
    printer_state,
    request_reprint,
)
from models.tables import Alert, AlertKind, PrinterState, PrintJobStatus, Visit
from printing.spool import Spool
from tests.conftest import Clock, london
from tests.printing.escpos_stream import parse
from tests.printing.fake_printer import FakeNetworkPrinter
from tests.printing.test_network_printer import unused_port, wait_for

T0 = london(2026, 11, 26, 10, 0)


def network_settings(port: int, **printer: object) -> Settings:
    return settings_from_mapping(
        {
            "printer": {
                "type": "network",
                "host": "127.0.0.1",
                "port": port,
                "timeout": 1.0,
                **printer,
            }
        }
    )


def check_in(engine: Engine, settings: Settings, now: dt.datetime, **kwargs: object) -> int:
    with session_scope(engine) as session:
        issued = queue.check_in(
            session=session,
            settings=settings,
            service_code="general",
            print_at=settings.kiosk.station,
            now=now,
            **kwargs,
        )
    assert issued.print_job_id is not None
    return issued.print_job_id


def job_status(engine: Engine, job_id: int) -> str:
    with session_scope(engine) as session:
        return get_print_job(session=session, job_id=job_id).status


def test_a_checked_in_ticket_is_printed_once(engine: Engine) -> None:
    with FakeNetworkPrinter("ok") as fake:
        settings = network_settings(fake.port)
        clock = Clock(T0)
        job = check_in(engine, settings, T0)
        spool = Spool(engine, settings, clock=clock)
        assert spool.run_once().printed == (job,)
        assert spool.run_once().printed == ()
        assert wait_for(lambda: b"A001" in fake.tickets)
        assert fake.tickets.count(b"A001") == 1
        parse(fake.tickets)  # only known commands and text
        assert job_status(engine, job) == PrintJobStatus.PRINTED


def test_refused_connection_fails_the_job_but_keeps_the_check_in(engine: Engine) -> None:
    settings = network_settings(unused_port())
    clock = Clock(T0)
    job = check_in(engine, settings, T0)
    result = Spool(engine, settings, clock=clock).run_once()
    assert result.failed == (job,)
    with session_scope(engine) as session:
        failed = get_print_job(session=session, job_id=job)
        assert failed.status == PrintJobStatus.FAILED
        assert "Cannot reach" in (failed.last_error or "")
        assert session.execute(select(Visit.status)).scalar_one() == "waiting"
        assert (
            printer_state(session=session, settings=settings, station="kiosk").state
            == PrinterState.OFFLINE
        )
        alerts = session.execute(select(Alert).where(Alert.kind == AlertKind.PRINTER)).all()
        assert len(alerts) == 1
        # The apps can list today's tickets that did not print, for staff to reprint.
        (unprinted,) = failed_print_jobs(session=session, settings=settings, now=clock.now)
        assert unprinted.id == job and unprinted.status == PrintJobStatus.FAILED


def test_paper_out_waits_then_prints_once_when_reloaded(engine: Engine) -> None:
    with FakeNetworkPrinter("paper_out") as fake:
        settings = network_settings(fake.port)
        clock = Clock(T0)
        job = check_in(engine, settings, T0)
        spool = Spool(engine, settings, clock=clock)
        assert spool.run_once().failed == (job,)
        time.sleep(0.1)
        assert fake.tickets == b""
        with session_scope(engine) as session:
            state = printer_state(session=session, settings=settings, station="kiosk")
        assert state.state == PrinterState.PAPER_OUT and state.is_fault
        # Before the backoff has passed, nothing is tried.
        assert spool.run_once().failed == ()
        fake.mode = "ok"
        clock.advance(settings.printer.retry_seconds)
        assert spool.run_once().printed == (job,)
        clock.advance(120)
        assert spool.run_once().printed == ()
        assert wait_for(lambda: fake.tickets.count(b"A001") == 1)
        time.sleep(0.1)
        assert fake.tickets.count(b"A001") == 1
        with session_scope(engine) as session:
            assert (
                printer_state(session=session, settings=settings, station="kiosk").state
                == PrinterState.OK
            )


def test_a_ticket_whose_visitor_was_called_is_discarded(engine: Engine) -> None:
    with FakeNetworkPrinter("paper_out") as fake:
        settings = network_settings(fake.port)
        clock = Clock(T0)
        job = check_in(engine, settings, T0)
        spool = Spool(engine, settings, clock=clock)
        spool.run_once()
        with session_scope(engine) as session:
            queue.call_next(
                session=session,
                settings=settings,
                desk="Desk 1",
                staff="jb",
                now=T0 + dt.timedelta(minutes=1),
            )
        fake.mode = "ok"
        clock.advance(60)
        assert spool.run_once().printed == ()
        assert job_status(engine, job) == PrintJobStatus.DISCARDED
        time.sleep(0.1)
        assert fake.tickets == b""


def test_stale_tickets_are_never_printed_in_a_burst(engine: Engine) -> None:
    with FakeNetworkPrinter("paper_out") as fake:
        settings = network_settings(fake.port, stale_minutes=5)
        clock = Clock(T0)
        jobs = [check_in(engine, settings, T0 + dt.timedelta(minutes=n)) for n in range(3)]
        spool = Spool(engine, settings, clock=clock)
        spool.run_once()
        fake.mode = "ok"
        clock.now = T0 + dt.timedelta(minutes=6, seconds=30)  # only the third is fresh
        assert spool.run_once().printed == (jobs[2],)
        assert [job_status(engine, j) for j in jobs] == ["discarded", "discarded", "printed"]
        assert wait_for(lambda: b"A003" in fake.tickets)
        assert b"A001" not in fake.tickets and b"A002" not in fake.tickets


def test_reprint_prints_even_after_the_visitor_was_called(engine: Engine, tmp_path: Path) -> None:
    settings = settings_from_mapping({"printer": {"preview_dir": str(tmp_path)}})
    clock = Clock(T0)
    check_in(engine, settings, T0)
    spool = Spool(engine, settings, clock=clock)
    spool.run_once()
    with session_scope(engine) as session:
        called = queue.call_next(
            session=session, settings=settings, desk="Desk 1", staff="jb", now=T0
        )
        assert called is not None
        again = request_reprint(
            session=session,
            settings=settings,
            visit_id=called.id,
            station="kiosk",
            actor="jb",
            now=T0,
        )
    assert spool.run_once().printed == (again,)
    assert len(list(tmp_path.glob("*-A001.bin"))) == 2
    assert len(list(tmp_path.glob("*-A001.png"))) == 2


def test_jobs_of_another_kiosk_are_left_alone(engine: Engine, tmp_path: Path) -> None:
    mine = settings_from_mapping({"printer": {"preview_dir": str(tmp_path)}})
    other = settings_from_mapping({"kiosk": {"station": "Kiosk 2"}})
    check_in(engine, other, T0)
    assert Spool(engine, mine, clock=Clock(T0)).run_once().printed == ()


def test_after_an_outage_waiting_tickets_print_in_arrival_order(engine: Engine) -> None:
    with FakeNetworkPrinter("paper_out") as fake:
        settings = network_settings(fake.port)
        clock = Clock(T0)
        first = check_in(engine, settings, T0)
        spool = Spool(engine, settings, clock=clock)
        spool.run_once()  # A001 fails and waits out its backoff
        clock.advance(2)
        with session_scope(engine) as session:
            second = queue.check_in(
                session=session,
                settings=settings,
                service_code="adult-care",
                print_at="kiosk",
                now=clock.now,
            ).print_job_id
        fake.mode = "ok"
        clock.advance(1)  # S001 is new and due; A001's retry time has not come yet
        assert spool.run_once().printed == (first, second)
        assert wait_for(lambda: b"S001" in fake.tickets)
        assert fake.tickets.index(b"A001") < fake.tickets.index(b"S001")


def test_paper_low_raises_one_alert_before_paper_out(engine: Engine) -> None:
    with FakeNetworkPrinter("paper_low") as fake:
        settings = network_settings(fake.port)
        clock = Clock(T0)
        spool = Spool(engine, settings, clock=clock)
        assert spool.check_printer().state == PrinterState.PAPER_LOW
        fake.mode = "ok"  # the sensor flickers as the roll turns
        spool.check_printer()
        fake.mode = "paper_low"
        spool.check_printer()
        check_in(engine, settings, T0)
        assert spool.run_once().printed  # paper low still prints
        with session_scope(engine) as session:
            messages = [
                alert.message
                for alert in session.execute(select(Alert)).scalars()
                if alert.kind == AlertKind.PRINTER
            ]
        assert messages == ["Paper low at kiosk: change the ticket roll soon."]
        fake.mode = "paper_out"
        spool.check_printer()
        with session_scope(engine) as session:
            count = len(session.execute(select(Alert)).scalars().all())
        assert count == 2  # paper out is its own alert, as before


def test_a_missing_library_fails_the_job_with_one_sentence_and_alerts_staff(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cups", None)  # pycups not installed
    settings = settings_from_mapping({"printer": {"type": "cups", "cups_queue": "receipt"}})
    job = check_in(engine, settings, T0)
    assert Spool(engine, settings, clock=Clock(T0)).run_once().failed == (job,)
    with session_scope(engine) as session:
        failed = get_print_job(session=session, job_id=job)
        (alert,) = session.execute(select(Alert)).scalars()
    assert failed.last_error == (
        "CUPS printing needs pycups: install it with `.tools/bin/uv sync --extra cups` "
        "(it builds against Debian's libcups2-dev)."
    )
    assert alert.kind == AlertKind.PRINTER
    assert "is not responding (CUPS printing needs pycups" in alert.message


def test_the_idle_status_check_costs_the_status_timeout_not_the_jobs(engine: Engine) -> None:
    with FakeNetworkPrinter("silent") as fake:
        settings = network_settings(fake.port, timeout=5.0, status_timeout=0.3)
        spool = Spool(engine, settings, clock=Clock(T0))
        began = time.monotonic()
        report = spool.check_printer()
        took = time.monotonic() - began
    assert report.state == PrinterState.OFFLINE
    assert "did not answer a status query within 0.3 s" in report.detail
    assert took < 0.3 + 0.5  # a ticket arriving meanwhile waits this long at most


def printer_alerts_open(engine: Engine, settings: Settings) -> list[str]:
    """The printer alerts staff see now, as they read them."""
    with session_scope(engine) as session:
        return [
            alert.message
            for alert in open_alerts(session=session, settings=settings)
            if alert.kind == AlertKind.PRINTER
        ]


def test_a_printer_alert_ends_when_the_printer_prints_again(engine: Engine) -> None:
    with FakeNetworkPrinter("offline") as fake:
        settings = network_settings(fake.port)
        clock = Clock(T0)
        job = check_in(engine, settings, T0)
        spool = Spool(engine, settings, clock=clock)
        assert spool.run_once().failed == (job,)
        (fault,) = printer_alerts_open(engine, settings)
        assert fault.startswith("The ticket printer at kiosk is not responding")
        fake.mode = "ok"
        clock.advance(settings.printer.retry_seconds)
        assert spool.run_once().printed == (job,)
        assert wait_for(lambda: b"A001" in fake.tickets)
        # Printing again ends the alert by itself, as a visit's end ends its alerts;
        # the record stays, not acknowledged by anyone.
        assert printer_alerts_open(engine, settings) == []
        with session_scope(engine) as session:
            (kept,) = session.execute(select(Alert)).scalars()
            assert kept.acknowledged_at is None
        # A later fault is an alert of its own; the ended one does not come back.
        clock.advance(600)
        fake.mode = "paper_out"
        spool.check_printer()
        assert printer_alerts_open(engine, settings) == [
            "The ticket printer at kiosk is out of paper. Tickets are kept and will print "
            "when it is fixed; read numbers out meanwhile."
        ]
        # Paper low is not a fault: it stays, one per roll, until someone acknowledges it.
        clock.advance(60)
        fake.mode = "paper_low"
        spool.check_printer()
        clock.advance(60)
        fake.mode = "ok"
        spool.check_printer()
        assert printer_alerts_open(engine, settings) == [
            "Paper low at kiosk: change the ticket roll soon."
        ]
