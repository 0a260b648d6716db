"""Staff PINs: slow salted hashes, failures counted in the database, growing locks."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from models import api
from models.authority import OPERATOR
from models.db import make_engine, session_scope
from models.errors import InvalidRequest
from models.staff import WRONG, SignInResult, add_staff, lock_seconds
from models.tables import Staff, StaffRole
from tests.conftest import london

T0 = london(2026, 11, 26, 9, 0)


def add(engine: Engine, code: str, pin: str) -> None:
    with session_scope(engine) as session:
        add_staff(
            session=session,
            code=code,
            name=f"Staff {code}",
            role=StaffRole.RECEPTIONIST,
            pin=pin,
            by=OPERATOR,
            now=T0,
        )


def attempt(engine: Engine, code: str, pin: str, now: dt.datetime) -> SignInResult:
    return api.sign_in(engine, code=code, pin=pin, now=now)


def test_hash_is_not_the_pin_and_differs_for_the_same_pin(engine: Engine) -> None:
    add(engine, "ann", "4821")
    add(engine, "bob", "4821")
    with session_scope(engine) as session:
        hashes = {s.code: s.pin_hash for s in session.execute(select(Staff)).scalars()}
    assert "4821" not in hashes["ann"] and hashes["ann"].startswith("$argon2id$")
    assert hashes["ann"] != hashes["bob"]
    assert attempt(engine, "ann", "4821", T0).staff is not None
    assert attempt(engine, "bob", "4821", T0).staff is not None


def test_bad_accounts_are_refused(engine: Engine) -> None:
    with pytest.raises(InvalidRequest):
        add(engine, "ann", "12")
    with pytest.raises(InvalidRequest):
        add(engine, "Ann Smith!", "1234")
    add(engine, "ann", "1234")
    with pytest.raises(InvalidRequest):
        add(engine, "ann", "5678")


def test_wrong_code_and_wrong_pin_read_the_same(engine: Engine) -> None:
    add(engine, "ann", "4821")
    assert (
        attempt(engine, "nobody", "4821", T0).message == attempt(engine, "ann", "0000", T0).message
    )


def locked_until(engine: Engine, code: str) -> dt.datetime | None:
    """The lock as stored (sign-in itself never tells)."""
    with session_scope(engine) as session:
        staff = session.execute(select(Staff).where(Staff.code == code)).scalar_one()
        return staff.locked_until


@pytest.mark.timeout(600)  # about 80 slow hashes, as many as sign-ins
def test_growing_locks_survive_a_restart_and_expire(database_url: str) -> None:
    engine = make_engine(database_url)
    add(engine, "ann", "4821")
    now = T0
    locks: list[int] = []
    for _ in range(40):  # the lock reaches its longest, an hour, after ten
        result = attempt(engine, "ann", "0000", now)
        assert result.staff is None and result.message == WRONG
        until = locked_until(engine, "ann")
        if until is not None:
            locks.append(int((until - now).total_seconds()))
            # Locked: even the right PIN is refused until the lock runs out, in the
            # same words as a wrong PIN.
            refused = attempt(engine, "ann", "4821", now)
            assert refused.staff is None and refused.message == WRONG
            assert locked_until(engine, "ann") == until  # attempts in a lock are not counted
            now = until
        else:
            now += dt.timedelta(seconds=1)
    assert locks[:5] == [30, 60, 120, 240, 480]
    assert locks == sorted(locks) and max(locks) == 3600
    # A last wrong PIN, then "restart" (a new engine, nothing in memory).
    attempt(engine, "ann", "0000", now)
    last = locked_until(engine, "ann")
    assert last is not None
    engine.dispose()
    restarted = make_engine(database_url)
    assert attempt(restarted, "ann", "4821", now + dt.timedelta(minutes=59)).staff is None
    assert attempt(restarted, "ann", "4821", last).staff is not None
    # Success clears the count: the next wrong PIN does not lock at once.
    attempt(restarted, "ann", "0000", last)
    assert locked_until(restarted, "ann") is None
    restarted.dispose()


def test_lock_schedule() -> None:
    assert [lock_seconds(n) for n in range(1, 6)] == [0, 0, 30, 60, 120]
    assert lock_seconds(50) == 3600
