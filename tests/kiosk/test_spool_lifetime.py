"""A closing kiosk stops its print spool and waits for it before letting the database go.

The soak (bench/soak.py) logged "unable to open database file" after its run: the
kiosk had closed, its temporary folder was removed, and the spool's thread was still at
work. Here the spool is caught in the middle of a pass, sending a ticket to a printer
that takes the connection and never answers, as the kiosk closes.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from config import Settings
from models import api
from models.db import make_engine, session_scope
from models.printjobs import get_print_job
from models.tables import PrintJobStatus
from tests.kiosk.harness import SIZE, THURSDAY_TEN, build, kiosk_settings, ready, wait_until
from tests.printing.fake_printer import FakeNetworkPrinter


def check_in(url: str, settings: Settings) -> int:
    """A visitor checked in at this kiosk; the id of their ticket's print job."""
    engine = make_engine(url)
    try:
        issued = api.kiosk_check_in(
            engine,
            settings,
            service_code="general",
            language="en",
            needs=[],
            interpreter_language=None,
            name=None,
            now=THURSDAY_TEN,
        )
    finally:
        engine.dispose()
    assert issued.print_job_id is not None
    return issued.print_job_id


async def test_the_spool_finishes_its_pass_before_the_kiosk_has_closed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    with FakeNetworkPrinter("ok") as fake:
        settings = kiosk_settings(
            tmp_path,
            printer={
                "type": "network",
                "host": "127.0.0.1",
                "port": fake.port,
                "timeout": 2.0,
                "status_timeout": 2.0,
            },
        )
        app, _ = build(tmp_path, settings=settings)
        url = app.database_url
        assert url is not None
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await wait_until(pilot, lambda: fake.connections >= 1)  # the first idle check
            fake.mode = "silent"
            job = check_in(url, settings)
            # The spool has connected for the ticket and waits for the printer's status.
            await wait_until(pilot, lambda: fake.connections >= 2, seconds=10)
        # The app has closed: the pass it was in has ended and said how it went.
        engine = make_engine(url)
        try:
            with session_scope(engine) as session:
                view = get_print_job(session=session, job_id=job)
        finally:
            engine.dispose()
    assert view.status == PrintJobStatus.FAILED, view
    assert "did not answer a status query" in (view.last_error or "")
    assert not [r for r in caplog.records if r.name == "printing.spool" and r.exc_info]
