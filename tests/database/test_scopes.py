"""Reads never wait for writers, writes hold their lock briefly, sign-in tells nothing."""

from __future__ import annotations

import statistics
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from config import Settings
from models import api, staff
from models.authority import OPERATOR
from models.db import read_scope, session_scope
from models.errors import InvalidRequest
from models.staff import WRONG
from models.tables import StaffRole
from tests.conftest import london

NOW = london(2026, 11, 26, 11, 0)


def add(engine: Engine, code: str, pin: str) -> None:
    api.add_staff(
        engine,
        code=code,
        name=f"Staff {code}",
        role=StaffRole.RECEPTIONIST,
        pin=pin,
        by=OPERATOR,
    )


class HeldWrite:
    """A write transaction held open in another thread until released."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.holding = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with session_scope(self.engine) as session:
            session.execute(text("UPDATE staff SET failed_attempts = failed_attempts"))
            session.execute(
                text(
                    "INSERT INTO kioskcontrol (site, paused, changed_at, changed_by) "
                    "VALUES ('elsewhere', false, '2026-11-26 10:00:00', 'test')"
                )
            )
            self.holding.set()
            self.release.wait(30)

    def __enter__(self) -> HeldWrite:
        self.thread.start()
        assert self.holding.wait(10)
        return self

    def __exit__(self, *_: object) -> None:
        self.release.set()
        self.thread.join(30)


def test_reads_do_not_wait_for_a_writer(engine: Engine, settings: Settings) -> None:
    add(engine, "ann", "4821")
    with HeldWrite(engine):
        began = time.monotonic()
        state = api.kiosk_state(engine, settings, NOW)
        snapshot = api.console_snapshot(engine, settings, NOW)
        people = api.read(engine, staff.list_staff)
        waited = time.monotonic() - began
    assert state.hours.is_open and snapshot.queue == [] and [p.code for p in people] == ["ann"]
    # The write is held until these reads are done: a reader that waited for it would
    # give up after SQLite's busy timeout (30 s) with "database is locked". A WAL
    # reader answers while the writer still holds its lock (seconds only on a busy box).
    assert waited < 15.0


def test_a_read_scope_refuses_to_write(engine: Engine) -> None:
    with pytest.raises(DBAPIError), read_scope(engine) as session:
        session.execute(text("DELETE FROM staff"))
    # ...and the connection it used writes again afterwards (nothing sticky in the pool).
    for _ in range(12):
        with read_scope(engine) as session:
            session.execute(text("SELECT 1"))
        with session_scope(engine) as session:
            session.execute(text("UPDATE staff SET failed_attempts = 0"))


def test_the_pin_is_hashed_with_no_transaction_open(engine: Engine, monkeypatch) -> None:
    add(engine, "ann", "4821")
    real_check = staff.check_pin
    others_could_write: list[bool] = []

    def check_while_another_writes(account, pin):  # type: ignore[no-untyped-def]
        # While the slow hash runs, another writer must get the lock without waiting.
        done = threading.Event()

        def write() -> None:
            with session_scope(engine) as session:
                session.execute(text("UPDATE staff SET failed_attempts = failed_attempts"))
            done.set()

        threading.Thread(target=write, daemon=True).start()
        others_could_write.append(done.wait(2.0))
        return real_check(account, pin)

    monkeypatch.setattr(staff, "check_pin", check_while_another_writes)
    assert api.sign_in(engine, code="ann", pin="4821", now=NOW).staff is not None
    assert others_could_write == [True]


def test_codes_are_ascii_letters_and_digits_in_any_case(engine: Engine) -> None:
    add(engine, "JB01", "4821")
    assert api.sign_in(engine, code=" jB01 ", pin="4821", now=NOW).staff is not None
    for bad in ("jo.b", "jo-b", "jó1", "\u212aa01", "a"):  # \u212a: the Kelvin sign, a "K"
        with pytest.raises(InvalidRequest):
            add(engine, bad, "4821")
    add(engine, "ka01", "1357")
    # A look-alike of a real code is not that code.
    assert api.sign_in(engine, code="\u212aa01", pin="1357", now=NOW).staff is None


def test_pins_are_ascii_digits_only(engine: Engine) -> None:
    arabic_indic = "\u0664\u0668\u0662\u0661"  # 4821 in Arabic-Indic digits
    with pytest.raises(InvalidRequest):
        add(engine, "ann", arabic_indic)
    with pytest.raises(InvalidRequest):
        add(engine, "ann", "4821\n")
    add(engine, "ann", "4821")
    assert api.sign_in(engine, code="ann", pin=arabic_indic, now=NOW).staff is None


def test_unknown_wrong_and_locked_read_and_take_the_same(engine: Engine) -> None:
    add(engine, "ann", "4821")
    add(engine, "bob", "1357")
    for _ in range(6):  # lock bob well past NOW
        api.sign_in(engine, code="bob", pin="0000", now=NOW)

    def timed(code: str, pin: str) -> float:
        began = time.perf_counter()
        result = api.sign_in(engine, code=code, pin=pin, now=NOW)
        took = time.perf_counter() - began
        assert result.staff is None and result.message == WRONG
        return took

    timed("nobody", "1111")  # the dummy hash is made on first use
    unknown, locked, wrong = [], [], []
    for _ in range(9):  # interleaved, so all three see the same machine load
        unknown.append(timed("nobody", "1111"))
        locked.append(timed("bob", "1357"))  # the right PIN, during the lock
        wrong.append(timed("ann", "0000"))
        with session_scope(engine) as session:  # keep ann below the lock
            session.execute(text("UPDATE staff SET failed_attempts = 0 WHERE code = 'ann'"))
    medians = {
        "unknown": statistics.median(unknown),
        "locked": statistics.median(locked),
        "wrong": statistics.median(wrong),
    }
    # Before, a locked code answered in 1-2 ms and an unknown one in ~200 ms.
    assert max(medians.values()) < 1.5 * min(medians.values()), medians
