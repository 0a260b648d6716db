"""Today's (or any range's) figures, aggregated in SQL over the local-date index.

The visit row carries the durations its events produced (greet, wait, resolve, needs
acknowledgement, within target), so every figure is a SUM/AVG/MAX/COUNT grouped by
service, desk or hour: the cost follows the range asked for, not the size of history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, false, func, literal, or_, select, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from config.settings import Settings
from models.clock import require_aware
from models.tables import UTCDateTime, Visit, VisitStatus
from models.views import FigureRow, Figures


def _measures(now: dt.datetime) -> list[ColumnElement[Any]]:
    moment = literal(now, type_=UTCDateTime())
    open_statuses = [VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.HELD]
    # A breach: resolved late, or not resolved (yet, or ever) once the target passed.
    breached = or_(
        col(Visit.within_target) == false(),
        and_(
            col(Visit.within_target).is_(None),
            col(Visit.target_due_at) < func.coalesce(col(Visit.ended_at), moment),
        ),
    )

    def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    return [
        func.count(col(Visit.id)).label("visitors"),
        count_if(col(Visit.status).in_(open_statuses)).label("waiting_now"),
        count_if(col(Visit.first_called_at).is_not(None)).label("served"),
        func.avg(col(Visit.wait_seconds)).label("average_wait_seconds"),
        func.max(col(Visit.wait_seconds)).label("longest_wait_seconds"),
        func.avg(col(Visit.greet_seconds)).label("average_greet_seconds"),
        count_if(col(Visit.status) == VisitStatus.RESOLVED).label("resolved"),
        count_if(col(Visit.within_target) == true()).label("resolved_within_target"),
        count_if(breached).label("breaches"),
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
        served=int(values.served),
        average_wait_seconds=number("average_wait_seconds"),
        longest_wait_seconds=None if longest is None else int(longest),
        average_greet_seconds=number("average_greet_seconds"),
        resolved=int(values.resolved),
        resolved_within_target=int(values.resolved_within_target),
        breaches=int(values.breaches),
        with_needs=int(values.with_needs),
        needs_acknowledged=int(values.needs_acknowledged),
        average_needs_ack_seconds=number("average_needs_ack_seconds"),
    )


def figures(
    *,
    session: Session,
    settings: Settings,
    start: dt.date,
    end: dt.date,
    now: dt.datetime | None = None,
) -> Figures:
    """Visitors, waits, greeting, target, breaches and needs for local days start..end.

    Open visits count as breaches once their target has passed at `now`.
    """
    now = require_aware(now)
    if end < start:
        raise ValueError("end is before start")
    in_range = (
        col(Visit.site) == settings.office.site,
        col(Visit.local_date) >= start,
        col(Visit.local_date) <= end,
    )
    measures = _measures(now)
    total = session.execute(select(*measures).where(*in_range)).one()

    def grouped(column: Any, label: Any) -> tuple[FigureRow, ...]:
        rows = session.execute(
            select(column.label("group_key"), *measures)
            .where(*in_range)
            .group_by(column)
            .order_by(column)
        ).all()
        return tuple(_row(label(r.group_key), r) for r in rows if r.group_key is not None)

    return Figures(
        start=start,
        end=end,
        total=_row("all", total),
        by_service=grouped(col(Visit.service_code), str),
        by_desk=grouped(col(Visit.desk), str),
        by_hour=grouped(col(Visit.local_hour), lambda hour: f"{int(hour):02d}"),
    )
