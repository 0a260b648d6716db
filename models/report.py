"""The `report` command's output: the figures as text, and one row per visit for CSV.

Personal data goes into the CSV only when asked. The text says the same figures, in the
same words, as the console's figures screen (both read `models.figures`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from config.settings import Settings
from models import personal
from models.authority import Act, Actor, require_supervisor
from models.tables import Visit
from models.views import FigureRow, Figures

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
    "callback_at",
    "reply_due",
    "desk",
    "greet_seconds",
    "wait_seconds",
    "resolve_seconds",
    "within_target",
    "had_needs",
)
"""Columns without personal data."""
PERSONAL_COLUMNS = personal.VISIT_FIELDS
"""Added with --with-personal-data (a supervisor's)."""


def visit_rows(
    *,
    session: Session,
    settings: Settings,
    start: dt.date,
    end: dt.date,
    with_personal_data: bool = False,
    by: Actor | None = None,
) -> list[dict[str, Any]]:
    """Visits arriving on local days start..end, oldest first, times in the office's zone.

    Raises:
        NotAllowed: personal data asked for, and `by` is not a supervisor.
    """
    if with_personal_data:
        require_supervisor(session, by if by is not None else "", Act.EXPORT_PERSONAL_DATA)
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
            "callback_at": local(visit.callback_at),
            "reply_due": visit.reply_due.isoformat() if visit.reply_due else "",
            "desk": visit.desk or "",
            "greet_seconds": visit.greet_seconds,
            "wait_seconds": visit.wait_seconds,
            "resolve_seconds": visit.resolve_seconds,
            "within_target": "" if visit.within_target is None else visit.within_target,
            "had_needs": visit.has_needs,
        }
        if with_personal_data:
            row.update(personal.as_text(visit))
        out.append(row)
    return out


def service_name(settings: Settings, code: str) -> str:
    """A service's English name (staff read English), or its code if no longer configured."""
    try:
        return settings.service(code).name("en")
    except KeyError:
        return code


def minutes_text(seconds: float | None) -> str:
    """Seconds as "4.5 min", or "-" when there is nothing to measure."""
    return "-" if seconds is None else f"{seconds / 60:.1f} min"


def percent_text(value: float | None) -> str:
    """A share as "66.7%", or "-" when there is nothing to divide by."""
    return "-" if value is None else f"{value:.1f}%"


def greet_text(row: FigureRow) -> str:
    """Time to greet (arrival to first call): median, p90 and the share within 5 minutes."""
    return (
        f"median {minutes_text(row.median_greet_seconds)}, 90% within "
        f"{minutes_text(row.p90_greet_seconds)}, {percent_text(row.percent_greeted_in_time)}"
        f" within 5 min ({row.greeted_in_time} of {row.greet_due})"
    )


def outcomes_text(row: FigureRow) -> str:
    """How visits ended, besides resolution."""
    return (
        f"no-shows {row.no_shows}; cancelled {row.cancelled}; transferred "
        f"{row.transferred}; call-backs {row.callbacks} ({row.callbacks_due} due by now)"
    )


def figures_text(figures: Figures, settings: Settings) -> str:
    """The figures as the `report` command prints them, services by name."""
    total = figures.total
    lines = [
        f"{figures.start} to {figures.end}: {total.visitors} visitors",
        f"  now: {total.waiting_now} waiting · {total.with_staff_now} with staff · "
        f"{total.held_now} on hold",
        f"  time to greet: {greet_text(total)}",
        f"  average wait: {minutes_text(total.average_wait_seconds)}; longest: "
        f"{minutes_text(total.longest_wait_seconds)}",
        f"  resolved: {total.resolved}; within target: "
        f"{percent_text(total.percent_within_target)} ({total.resolved_within_target} of "
        f"{total.resolved}); breaches: {total.breaches}",
        f"  {outcomes_text(total)}",
        f"  with needs: {total.with_needs}; acknowledged: {total.needs_acknowledged}",
    ]
    for label, rows in (("service", figures.by_service), ("desk", figures.by_desk)):
        for row in rows:
            name = service_name(settings, row.key) if label == "service" else row.key
            lines.append(
                f"  {label} {name}: {row.visitors} visitors, resolved {row.resolved}, "
                f"within target {percent_text(row.percent_within_target)}, "
                f"{row.breaches} breaches, {row.no_shows} no-shows, {row.cancelled} cancelled"
            )
    return "\n".join(lines)
