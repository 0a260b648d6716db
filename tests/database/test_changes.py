"""Change notifications: a committed change wakes a watcher at once; nothing else does."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy.engine import Engine

from config import Settings
from models import queue
from models.changes import ChangeWatcher
from models.db import make_engine, session_scope, upgrade
from tests.database.test_queue import THURSDAY_TEN, act, check_in


def watching(engine: Engine) -> ChangeWatcher:
    """A watcher past its first answer (which is always "refresh")."""
    watcher = ChangeWatcher(engine)
    assert watcher.wait(1.0) is True
    return watcher


def test_a_check_in_wakes_a_watcher_within_half_a_second(
    engine: Engine, settings: Settings
) -> None:
    watcher = watching(engine)
    try:
        assert watcher.wait(0.4) is False  # nothing happened
        committed: list[float] = []

        def writer() -> None:
            time.sleep(0.2)
            check_in(engine, settings)
            committed.append(time.monotonic())

        thread = threading.Thread(target=writer)
        thread.start()
        assert watcher.wait(3.0) is True
        woke = time.monotonic()
        thread.join()
        assert woke - committed[0] < 0.5
        assert watcher.listening
    finally:
        watcher.close()


def test_a_rolled_back_change_and_a_read_wake_nobody(engine: Engine, settings: Settings) -> None:
    check_in(engine, settings)
    watcher = watching(engine)
    try:
        try:
            with session_scope(engine) as session:
                queue.call_next(
                    session=session, settings=settings, desk="Desk 1", staff="jb", now=THURSDAY_TEN
                )
                raise RuntimeError("changed my mind")
        except RuntimeError:
            pass
        with session_scope(engine) as session:
            queue.live_queue(session=session, settings=settings, now=THURSDAY_TEN)
        assert watcher.wait(0.5) is False
        act(engine, queue.call_next, settings=settings, desk="Desk 1", staff="jb", now=THURSDAY_TEN)
        assert watcher.wait(2.0) is True
    finally:
        watcher.close()


def test_a_database_that_goes_away_means_polling(tmp_path: Path) -> None:
    # The SQLite file is removed (a disk unmounted): the watcher answers "refresh" after
    # a pause, never raises, and never creates the file again.
    path = tmp_path / "gone.db"
    engine = make_engine(f"sqlite:///{path}", create=True)
    upgrade(engine)
    watcher = ChangeWatcher(engine)
    assert watcher.wait(0.3) is True and watcher.listening
    for leftover in tmp_path.glob("gone.db*"):
        leftover.unlink()
    started = time.monotonic()
    assert watcher.wait(0.3) is True
    assert 0.25 <= time.monotonic() - started < 2
    assert not watcher.listening
    assert watcher.wait(0.3) is True
    assert not path.exists()
    watcher.close()
    engine.dispose()
