"""Alerts for reception staff: raised by events and by a periodic scan, kept until acknowledged.

Help-now and needs alerts are raised by the kiosk's check-in; printer alerts by the
spool. `scan_alerts` (run by each console's refresh) raises the time-based ones: a
visitor five minutes from breaching, a breach, and closing time with people waiting.
Each has a de-duplication key, so several consoles scanning at once raise it once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from config.settings import Settings
from models.calendar import OfficeCalendar
from models.clock import require_aware
from models.enums import AlertKind, VisitStatus
from models.errors import NotFound
from models.queue.reading import office_calendar
from models.tables import Alert, Visit


@dataclass(frozen=True)
class AlertView:
    """An alert as the console shows it."""

    id: int
    kind: str
    """An AlertKind value."""
    message: str
    """Built from non-personal facts (ticket numbers, tags, printer names)."""
    raised_at: dt.datetime
    visit_id: int | None
    acknowledged_at: dt.datetime | None
    acknowledged_by: str | None


def _view(alert: Alert) -> AlertView:
    assert alert.id is not None
    return AlertView(
        id=alert.id,
        kind=alert.kind,
        message=alert.message,
        raised_at=alert.raised_at,
        visit_id=alert.visit_id,
        acknowledged_at=alert.acknowledged_at,
        acknowledged_by=alert.acknowledged_by,
    )


def open_alerts(*, session: Session, settings: Settings) -> list[AlertView]:
    """Unacknowledged alerts, oldest first."""
    rows = session.execute(
        select(Alert)
        .where(col(Alert.site) == settings.office.site, col(Alert.acknowledged_at).is_(None))
        .order_by(col(Alert.raised_at), col(Alert.id))
    ).scalars()
    return [_view(a) for a in rows]


def _raise_once(session: Session, alert: Alert) -> bool:
    """Insert it; False when another console raised the same key meanwhile."""
    try:
        with session.begin_nested():
            session.add(alert)
            session.flush()
    except IntegrityError:
        return False
    return True


def scan_alerts(
    *,
    session: Session,
    settings: Settings,
    now: dt.datetime | None = None,
    calendar: OfficeCalendar | None = None,
) -> int:
    """Raise near-breach, breach and closing alerts that are due; return how many.

    Args:
        calendar: The office calendar, if the caller already built one in this
            session (saves reading closures and overrides twice).
    """
    now = require_aware(now)
    if calendar is None:
        calendar = office_calendar(session=session, settings=settings, now=now)
    today = calendar.local_date(now)
    site = settings.office.site
    waiting = (
        session.execute(
            select(Visit).where(
                col(Visit.site) == site,
                col(Visit.local_date) == today,
                col(Visit.status).in_([VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.HELD]),
            )
        )
        .scalars()
        .all()
    )
    near = dt.timedelta(minutes=settings.amber_minutes)
    due: list[Alert] = []
    for visit in waiting:
        assert visit.id is not None
        if now >= visit.target_due_at:
            kind, words = AlertKind.BREACH, "has passed the target time"
        elif now >= visit.target_due_at - near:
            kind = AlertKind.NEAR_BREACH
            words = f"will pass the target time within {settings.amber_minutes} minutes"
        else:
            continue
        moment = calendar.local(visit.target_due_at)
        due.append(
            Alert(
                site=site,
                kind=kind,
                visit_id=visit.id,
                key=f"{kind}:{visit.id}",
                message=f"{visit.ticket} {words} ({moment:%H:%M}).",
                raised_at=now,
            )
        )
    closes = calendar.closes_at(now)
    if (
        waiting
        and closes is not None
        and closes - now <= dt.timedelta(minutes=settings.last_entry_warning_minutes)
    ):
        due.append(
            Alert(
                site=site,
                kind=AlertKind.CLOSING,
                key=f"closing:{site}:{today.isoformat()}",
                message=f"Closing at {calendar.local(closes):%H:%M} with {len(waiting)} "
                f"visitor(s) still waiting.",
                raised_at=now,
            )
        )
    if not due:
        return 0
    # One query for every candidate, not one per visitor: this runs on each refresh.
    existing = set(
        session.execute(
            select(col(Alert.key)).where(col(Alert.key).in_([a.key for a in due]))
        ).scalars()
    )
    raised = 0
    for alert in due:
        if alert.key not in existing:
            raised += _raise_once(session, alert)
    return raised


def acknowledge_alert(
    *, session: Session, alert_id: int, staff: str, now: dt.datetime | None = None
) -> AlertView:
    """Someone has seen to it: record who and when (and, for needs, the time taken)."""
    now = require_aware(now)
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFound(f"No alert {alert_id}.")
    if alert.acknowledged_at is None:
        alert.acknowledged_at = now
        alert.acknowledged_by = staff
        session.add(alert)
        if alert.kind == AlertKind.NEEDS and alert.visit_id is not None:
            visit = session.get(Visit, alert.visit_id)
            if visit is not None and visit.needs_acknowledged_at is None:
                visit.needs_acknowledged_at = now
                visit.needs_ack_seconds = max(0, int((now - visit.arrived_at).total_seconds()))
                session.add(visit)
    return _view(alert)
