"""Today's (or any range's) figures, aggregated in SQL over the local-date index.

The visit row carries the durations its events produced (greet, wait, resolve, needs
acknowledgement, within target), so every figure is a SUM/AVG/MAX/COUNT grouped by
service, desk or hour: the cost follows the range asked for, not the size of history.
The time-to-greet median and 90th percentile have no portable SQL aggregate (SQLite
has no percentile), so they are worked out here from one narrow query of the range.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from sqlalchemy import Date, Select, and_, bindparam, case, exists, false, func, or_, select, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from config.settings import Settings
from models.calendar import OfficeCalendar
from models.clock import require_aware
from models.counting import GREET_TARGET_SECONDS, HELD_NOW, WAITING_NOW, WITH_STAFF_NOW
from models.enums import Outcome
from models.tables import UTCDateTime, Visit, VisitEvent, VisitStatus
from models.views import FigureRow, Figures


def _measures() -> list[ColumnElement[Any]]:
    """The figures of a group of visits, as of the bound `now` and `today`."""
    moment = bindparam("now", type_=UTCDateTime())
    today = bindparam("today", type_=Date())
    # A breach: resolved late, or not resolved (yet, or ever) once the target passed.
    breached = or_(
        col(Visit.within_target) == false(),
        and_(
            col(Visit.within_target).is_(None),
            col(Visit.target_due_at) < func.coalesce(col(Visit.ended_at), moment),
        ),
    )
    arrived_today = col(Visit.local_date) == today
    was_transferred = exists().where(
        col(VisitEvent.visit_id) == col(Visit.id), col(VisitEvent.kind) == "transferred"
    )
    is_callback = col(Visit.outcome) == Outcome.CALLBACK

    def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    def now_in(statuses: tuple[VisitStatus, ...]) -> ColumnElement[Any]:
        return count_if(and_(arrived_today, col(Visit.status).in_(statuses)))

    return [
        func.count(col(Visit.id)).label("visitors"),
        now_in(WAITING_NOW).label("waiting_now"),
        now_in(WITH_STAFF_NOW).label("with_staff_now"),
        now_in(HELD_NOW).label("held_now"),
        count_if(col(Visit.first_called_at).is_not(None)).label("served"),
        func.avg(col(Visit.wait_seconds)).label("average_wait_seconds"),
        func.max(col(Visit.wait_seconds)).label("longest_wait_seconds"),
        func.avg(col(Visit.greet_seconds)).label("average_greet_seconds"),
        count_if(col(Visit.status) == VisitStatus.RESOLVED).label("resolved"),
        count_if(col(Visit.within_target) == true()).label("resolved_within_target"),
        count_if(breached).label("breaches"),
        count_if(col(Visit.status) == VisitStatus.NO_SHOW).label("no_shows"),
        count_if(col(Visit.status) == VisitStatus.CANCELLED).label("cancelled"),
        count_if(was_transferred).label("transferred"),
        count_if(is_callback).label("callbacks"),
        count_if(and_(is_callback, col(Visit.callback_at) <= moment)).label("callbacks_due"),
        count_if(col(Visit.has_needs) == true()).label("with_needs"),
        count_if(col(Visit.needs_acknowledged_at).is_not(None)).label("needs_acknowledged"),
        func.avg(col(Visit.needs_ack_seconds)).label("average_needs_ack_seconds"),
    ]


def _row(key: str, values: Any) -> FigureRow:
    def number(name: str) -> float | None:
        value = getattr(values, name)
        return None if value is None else float(value)

    longest = values.longest_wait_seconds
    return FigureRow(
        key=key,
        visitors=int(values.visitors),
        waiting_now=int(values.waiting_now),
        with_staff_now=int(values.with_staff_now),
        held_now=int(values.held_now),
        served=int(values.served),
        average_wait_seconds=number("average_wait_seconds"),
        longest_wait_seconds=None if longest is None else int(longest),
        average_greet_seconds=number("average_greet_seconds"),
        resolved=int(values.resolved),
        resolved_within_target=int(values.resolved_within_target),
        breaches=int(values.breaches),
        no_shows=int(values.no_shows),
        cancelled=int(values.cancelled),
        transferred=int(values.transferred),
        callbacks=int(values.callbacks),
        callbacks_due=int(values.callbacks_due),
        with_needs=int(values.with_needs),
        needs_acknowledged=int(values.needs_acknowledged),
        average_needs_ack_seconds=number("average_needs_ack_seconds"),
    )


def percentile(values: Sequence[int], share: float) -> float | None:
    """Nearest-rank percentile of sorted `values` (share 0-1); None when empty."""
    if not values:
        return None
    return float(values[max(0, math.ceil(share * len(values)) - 1)])


class _Greeting:
    """Time-to-greet facts for one group, gathered visit by visit."""

    def __init__(self) -> None:
        self.seconds: list[int] = []
        self.in_time = 0
        self.due = 0

    def add(self, greet: int | None, uncalled_for: float) -> None:
        """A called visit's greet seconds, or how long an uncalled one has gone uncalled."""
        if greet is not None:
            self.seconds.append(greet)
            self.due += 1
            self.in_time += greet <= GREET_TARGET_SECONDS
        elif uncalled_for > GREET_TARGET_SECONDS:
            self.due += 1

    def apply(self, row: FigureRow) -> FigureRow:
        """The row with median, p90 and the count greeted in time filled in."""
        ordered = sorted(self.seconds)
        return replace(
            row,
            median_greet_seconds=float(statistics.median(ordered)) if ordered else None,
            p90_greet_seconds=percentile(ordered, 0.9),
            greeted_in_time=self.in_time,
            greet_due=self.due,
        )


@dataclass(frozen=True)
class _Statements:
    """The figures' queries, built once; each call binds site, start, end, now, today."""

    greetings: Select[str, str | None, int, int | None, dt.datetime, dt.datetime | None]
    """Each visit's service, desk, hour, greet seconds, arrival and end."""
    total: Select[Any]
    by_service: Select[Any]
    by_desk: Select[Any]
    by_hour: Select[Any]


@cache
def _statements() -> _Statements:
    # Building these expressions costs more than running them on a day's visits, so
    # they are built once and every call binds its own values.
    in_range = (
        col(Visit.site) == bindparam("site"),
        col(Visit.local_date) >= bindparam("start", type_=Date()),
        col(Visit.local_date) <= bindparam("end", type_=Date()),
    )
    measures = _measures()

    def grouped(column: Any) -> Select[Any]:
        return (
            select(column.label("group_key"), *measures)
            .where(*in_range)
            .group_by(column)
            .order_by(column)
        )

    return _Statements(
        greetings=select(
            col(Visit.service_code),
            col(Visit.desk),
            col(Visit.local_hour),
            col(Visit.greet_seconds),
            col(Visit.arrived_at),
            col(Visit.ended_at),
        ).where(*in_range),
        total=select(*measures).where(*in_range),
        by_service=grouped(col(Visit.service_code)),
        by_desk=grouped(col(Visit.desk)),
        by_hour=grouped(col(Visit.local_hour)),
    )


def _greetings(
    session: Session, parameters: dict[str, Any], now: dt.datetime
) -> dict[tuple[str, Any], _Greeting]:
    """Greeting facts per ("all", None), ("service", code), ("desk", name), ("hour", h)."""
    groups: dict[tuple[str, Any], _Greeting] = defaultdict(_Greeting)
    rows = session.execute(_statements().greetings, parameters).all()
    for service, desk, hour, greet, arrived, ended in rows:
        uncalled_for = ((ended or now) - arrived).total_seconds()
        for key in (("all", None), ("service", service), ("desk", desk), ("hour", hour)):
            groups[key].add(greet, uncalled_for)
    return groups


def figures(
    *,
    session: Session,
    settings: Settings,
    start: dt.date,
    end: dt.date,
    now: dt.datetime | None = None,
) -> Figures:
    """Visitors, waits, greeting, target, breaches and needs for local days start..end.

    Open visits count as breaches once their target has passed at `now`; "waiting now"
    and its siblings count today's visits only (the console's queue is today's).
    """
    now = require_aware(now)
    if end < start:
        raise ValueError("end is before start")
    statements = _statements()
    parameters: dict[str, Any] = {
        "site": settings.office.site,
        "start": start,
        "end": end,
        "now": now,
        "today": OfficeCalendar(settings).local_date(now),
    }
    greetings = _greetings(session, parameters, now)
    total = greetings[("all", None)].apply(
        _row("all", session.execute(statements.total, parameters).one())
    )

    def grouped(
        kind: str, statement: Select[Any], label: Callable[[Any], str]
    ) -> tuple[FigureRow, ...]:
        rows = session.execute(statement, parameters).all()
        return tuple(
            greetings[(kind, r.group_key)].apply(_row(label(r.group_key), r))
            for r in rows
            if r.group_key is not None
        )

    return Figures(
        start=start,
        end=end,
        total=total,
        by_service=grouped("service", statements.by_service, str),
        by_desk=grouped("desk", statements.by_desk, str),
        by_hour=grouped("hour", statements.by_hour, lambda hour: f"{int(hour):02d}"),
    )
