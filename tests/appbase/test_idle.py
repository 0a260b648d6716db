"""The app base's idle lock keeps time by the app's clock: warn once, then lock."""

from __future__ import annotations

import datetime as dt

from appbase.idle import WARNING_SECONDS, IdleLock, IdleVerdict
from tests.conftest import Clock
from tests.kiosk.harness import THURSDAY_TEN


def test_warns_once_before_the_lock_and_a_key_starts_again() -> None:
    clock = Clock(THURSDAY_TEN)
    lock = IdleLock(clock, lambda: 5)
    clock.advance(5 * 60 - WARNING_SECONDS - 1)
    assert lock.check() is IdleVerdict.STAY
    clock.advance(1)
    assert lock.check() is IdleVerdict.WARN
    assert lock.check() is IdleVerdict.STAY  # once per idle spell
    lock.touch()
    clock.advance(5 * 60 - 1)
    assert lock.check() is IdleVerdict.WARN  # a new spell, a new warning
    clock.advance(1)
    assert lock.check() is IdleVerdict.LOCK


def test_reads_the_minutes_at_each_check() -> None:
    clock = Clock(THURSDAY_TEN)
    minutes = [10.0]
    lock = IdleLock(clock, lambda: minutes[0])
    clock.advance(dt.timedelta(minutes=6).total_seconds())
    assert lock.check() is IdleVerdict.STAY
    minutes[0] = 5
    assert lock.check() is IdleVerdict.LOCK
