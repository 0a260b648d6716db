"""A scripted morning whose figures are counted by hand, shared by the figures tests.

Thursday 26 November 2026, Europe/London, default settings (15-minute target). Minutes
are after 09:30; "now" is 10:10 (minute 40).

    A001 general  arrives 0, called 2 (greet 2 min), served 3, resolved 8 with a
         call-back at minute 20 (due by now).
    A002 general  arrives 1, called 7 (greet 6 min), no-show at 10.
    A003 general  arrives 2, cancelled at 4 uncalled (left before a greeting was due).
    A004 general  arrives 3, cancelled at 12 uncalled (9 min: owed a greeting, not given).
    H001 housing  arrives 5, called 9 at Desk 1 (greet 4 min), served 10, transferred to
         general at 11, called 13 at Desk 2, resolved 16 (target 09:50: within).
    A005 general  arrives 20, called 22 (greet 2 min), held at 23 (breach at 35).
    A006 general  arrives 24, called 25 (greet 1 min), still called (breach at 39).
    A007 general  arrives 26, still waiting (uncalled 14 min: owed a greeting).
    A008 general  arrives 38, still waiting (uncalled 2 min).

By hand, at 10:10: 9 visitors; now 2 waiting (A007, A008), 1 with staff (A006), 1 on
hold (A005); 1 no-show, 2 cancelled, 1 transferred, 1 call-back (1 due); resolved 2, both
within target; breaches 2 (A005, A006). Greets 1, 2, 2, 4, 6 min: median 2 min, p90 6 min
(nearest rank), 4 within 5 min of the 7 owed one (the 5 called, A004 and A007): 57.1%.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.engine import Engine

from config import Settings
from models import queue
from models.db import session_scope
from models.enums import Outcome
from tests.conftest import london

DAY = dt.date(2026, 11, 26)
T0 = london(2026, 11, 26, 9, 30)
NOW = T0 + dt.timedelta(minutes=40)


def at(minutes: float) -> dt.datetime:
    """Minutes after 09:30."""
    return T0 + dt.timedelta(minutes=minutes)


ARRIVALS = (
    ("A001", "general", 0),
    ("A002", "general", 1),
    ("A003", "general", 2),
    ("A004", "general", 3),
    ("H001", "housing", 5),
    ("A005", "general", 20),
    ("A006", "general", 24),
    ("A007", "general", 26),
    ("A008", "general", 38),
)


def seed_day(engine: Engine, settings: Settings) -> dict[str, int]:
    """Play the morning above into the database; return visit ids by ticket."""
    ids: dict[str, int] = {}
    for ticket, service, minute in ARRIVALS:
        with session_scope(engine) as s:
            issued = queue.check_in(
                session=s, settings=settings, service_code=service, now=at(minute)
            )
        assert issued.ticket == ticket
        ids[ticket] = issued.visit_id
    desk1: dict[str, Any] = {"desk": "Desk 1", "staff": "jb"}
    steps: list[tuple[Any, str, float, dict[str, Any]]] = [
        (queue.call_visit, "A001", 2, desk1),
        (queue.start_serving, "A001", 3, desk1),
        (
            queue.resolve,
            "A001",
            8,
            {**desk1, "outcome": Outcome.CALLBACK, "callback_at": at(20)},
        ),
        (queue.cancel, "A003", 4, desk1),
        (queue.call_visit, "A002", 7, desk1),
        (queue.call_visit, "H001", 9, desk1),
        (queue.no_show, "A002", 10, desk1),
        (queue.start_serving, "H001", 10, desk1),
        (
            queue.transfer,
            "H001",
            11,
            {**desk1, "to_service": "general", "notes": "Needs the general desk"},
        ),
        (queue.cancel, "A004", 12, desk1),
        (queue.call_visit, "H001", 13, {"desk": "Desk 2", "staff": "sv"}),
        (
            queue.resolve,
            "H001",
            16,
            {"desk": "Desk 2", "staff": "sv", "outcome": Outcome.RESOLVED},
        ),
        (queue.call_visit, "A005", 22, desk1),
        (queue.hold, "A005", 23, desk1),
        (queue.call_visit, "A006", 25, desk1),
    ]
    for rule, ticket, minute, extra in steps:
        with session_scope(engine) as s:
            rule(session=s, settings=settings, visit_id=ids[ticket], now=at(minute), **extra)
    return ids
