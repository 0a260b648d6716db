"""Driving the waiting-room board with a real queue behind it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from config import Settings, settings_from_mapping
from config.settings import BoardSettings
from display.app import BoardApp, make_board_app
from models import queue
from models.db import make_engine, session_scope, upgrade
from models.enums import Channel
from models.views import TicketFacts, VisitView
from tests.conftest import Clock, london

SIZE = (100, 30)
THURSDAY_TEN = london(2026, 11, 26, 10, 0)
QUIET = BoardSettings(name="test", speech=False)
"""A board that does not speak (the announcement tests speak)."""


def board_settings(**extra: Any) -> Settings:
    """Defaults plus two desks with the names visitors see and hear."""
    data: dict[str, Any] = {
        "desks": [
            {"name": "Desk 1", "spoken": {"en": "desk 1", "pl": "stanowiska numer 1"}},
            {"name": "Desk 2", "spoken": {"en": "desk 2", "pl": "stanowiska numer 2"}},
            {"name": "Housing room", "shown": "Room 3"},
        ],
        **extra,
    }
    return settings_from_mapping(data)


def database(tmp_path: Path) -> str:
    """A migrated SQLite file."""
    url = f"sqlite:///{tmp_path / 'board.db'}"
    engine = make_engine(url, create=True)
    upgrade(engine)
    engine.dispose()
    return url


def check_in(
    url: str,
    settings: Settings,
    *,
    now: dt.datetime,
    service: str = "general",
    name: str | None = None,
    language: str = "en",
    needs: tuple[str, ...] = (),
) -> TicketFacts:
    """A kiosk check-in, with whatever personal data the visitor gave."""
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return queue.check_in(
                session=session,
                settings=settings,
                service_code=service,
                language=language,
                needs=needs,
                interpreter_language="Polish" if "interpreter" in needs else None,
                name=name,
                channel=Channel.KIOSK,
                now=now,
            )
    finally:
        engine.dispose()


def rule(url: str, function: Any, **arguments: Any) -> Any:
    """Run one queue rule in its own transaction, as a console does."""
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return function(session=session, **arguments)
    finally:
        engine.dispose()


def call_next(url: str, settings: Settings, desk: str, now: dt.datetime) -> VisitView | None:
    """A desk presses "call next"."""
    return rule(url, queue.call_next, settings=settings, desk=desk, staff="jb", now=now)  # type: ignore[no-any-return]


def board(
    url: str, settings: Settings, *, now: dt.datetime = THURSDAY_TEN, **kwargs: Any
) -> tuple[BoardApp, Clock]:
    """A board on `url` with a clock the test moves."""
    clock = Clock(now)
    kwargs.setdefault("board", QUIET)
    return make_board_app(settings, database_url=url, clock=clock, **kwargs), clock
