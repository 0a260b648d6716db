"""One row per visit for a date range, for CSV export (personal data only when asked)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from config.settings import Settings
from models.tables import Visit

COLUMNS = (
    "date",
    "ticket",
    "service",
    "channel",
    "language",
    "arrived",
    "first_called",
    "serving_started",
    "ended",
    "status",
    "outcome",
    "desk",
    "greet_seconds",
    "wait_seconds",
    "resolve_seconds",
    "within_target",
    "had_needs",
)
"""Columns without personal data."""
PERSONAL_COLUMNS = ("name", "needs", "interpreter_language", "outcome_detail")
"""Added with --with-personal-data."""


def visit_rows(
    *,
    session: Session,
    settings: Settings,
    start: dt.date,
    end: dt.date,
    with_personal_data: bool = False,
) -> list[dict[str, Any]]:
    """Visits arriving on local days start..end, oldest first, times in the office's zone."""
    zone = settings.office.zone

    def local(value: dt.datetime | None) -> str:
        return value.astimezone(zone).isoformat(timespec="seconds") if value else ""

    rows = session.execute(
        select(Visit)
        .where(
            col(Visit.site) == settings.office.site,
            col(Visit.local_date) >= start,
            col(Visit.local_date) <= end,
        )
        .order_by(col(Visit.arrived_at), col(Visit.id))
    ).scalars()
    out: list[dict[str, Any]] = []
    for visit in rows:
        row: dict[str, Any] = {
            "date": visit.local_date.isoformat(),
            "ticket": visit.ticket,
            "service": visit.service_code,
            "channel": visit.channel,
            "language": visit.language,
            "arrived": local(visit.arrived_at),
            "first_called": local(visit.first_called_at),
            "serving_started": local(visit.serving_started_at),
            "ended": local(visit.ended_at),
            "status": visit.status,
            "outcome": visit.outcome or "",
            "desk": visit.desk or "",
            "greet_seconds": visit.greet_seconds,
            "wait_seconds": visit.wait_seconds,
            "resolve_seconds": visit.resolve_seconds,
            "within_target": "" if visit.within_target is None else visit.within_target,
            "had_needs": visit.has_needs,
        }
        if with_personal_data:
            row.update(
                name=visit.name or "",
                needs=" ".join(visit.needs or ()),
                interpreter_language=visit.interpreter_language or "",
                outcome_detail=visit.outcome_detail or "",
            )
        out.append(row)
    return out
