"""Alerts for reception staff: raised by events and by a periodic scan, read as a triage list.

Help-now alerts come from a kiosk's button (`help_now`), needs alerts from the check-in,
printer alerts from the spool. `scan_alerts` raises the time-based ones: a visitor five
minutes from breaching, a breach, and closing time with people waiting. Every console runs
it, signed in (its refresh) or locked (a scan alone), and each alert is stamped with when
its condition became true, not when a scan found it. Each has a de-duplication key, so
several consoles scanning at once raise it once.

`open_alerts` is the triage list: most urgent kind first (`TRIAGE_ORDER`), newest first
within a kind. An alert about a visitor ends by itself when the visit ends (resolved,
no-show, cancelled): it is no longer listed, though it stays in the table unacknowledged
for the record. A printer fault alert ends the same way when the printer is out of that
fault (it prints again, or it has a new fault with an alert of its own). A near-breach
alert gives way to the same visitor's breach alert.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, not_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from config.settings import Settings
from i18n.languages import interpreter_in_english
from models.calendar import OfficeCalendar
from models.clock import require_aware
from models.enums import OPEN_STATUSES, AlertKind, VisitStatus
from models.errors import NotFound
from models.printjobs import FAULT_ALERT_KEY, FAULT_STATES
from models.queue.reading import office_calendar
from models.tables import Alert, PrinterStatus, Visit, VisitEvent


@dataclass(frozen=True)
class AlertView:
    """An alert as the console shows it."""

    id: int
    kind: str
    """An AlertKind value."""
    message: str
    """Built from non-personal facts (ticket numbers, tags, printer names)."""
    raised_at: dt.datetime
    """When it was first raised."""
    visit_id: int | None
    acknowledged_at: dt.datetime | None
    acknowledged_by: str | None
    source: str | None = None
    """The kiosk or desk that raised it (None: the consoles' own scan)."""
    repeats: int = 1
    """Help-now taps folded into it."""
    latest_at: dt.datetime | None = None
    """The latest tap, when there was more than one."""

    @property
    def last_raised_at(self) -> dt.datetime:
        """The latest time it was raised (what "newest first" sorts by)."""
        return self.latest_at or self.raised_at

    @property
    def urgency(self) -> int:
        """Its place in `TRIAGE_ORDER` (0 is most urgent; unknown kinds last)."""
        try:
            return TRIAGE_ORDER.index(AlertKind(self.kind))
        except ValueError:
            return len(TRIAGE_ORDER)


TRIAGE_ORDER: tuple[AlertKind, ...] = (
    AlertKind.HELP_NOW,
    AlertKind.NEEDS,
    AlertKind.BREACH,
    AlertKind.NEAR_BREACH,
    AlertKind.PRINTER,
    AlertKind.CLOSING,
)
"""Most urgent first, by what a receptionist must do that nothing else prompts.

A person asking for help now. Then a visitor who has just arrived with access or
communication needs: the help (an interpreter booked, a step-free route, a seat) must be
arranged before the call, the charter promises it "as soon as possible", and only this
alert prompts it — listed under a morning's breaches it went unseen. A breached or nearly
breached visitor is already red or amber at the top of the queue, and usually the one `n`
calls next, so their alert tells of a promise broken or about to be rather than of work
nobody would do. The printer and closing time concern the office, not one person."""
URGENT: frozenset[AlertKind] = frozenset({AlertKind.HELP_NOW, AlertKind.BREACH})
"""Kinds the alerts heading counts in red ("(2 urgent)"), so that one scrolled below the
pane's fold is still seen."""
HELP_FOLD_SECONDS = 60
"""Help-now taps from one kiosk within this long of the last one fold into one alert."""


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
        source=alert.source,
        repeats=alert.repeats,
        latest_at=alert.latest_at,
    )


def triage(alerts: list[AlertView]) -> list[AlertView]:
    """Most urgent kind first, newest first within a kind (ties: the later id first)."""
    return sorted(alerts, key=lambda a: (a.urgency, -a.last_raised_at.timestamp(), -a.id))


def open_alerts(*, session: Session, settings: Settings) -> list[AlertView]:
    """Unacknowledged alerts whose condition still holds, as a triage list.

    One about a visitor while the visit is open; a printer fault while its printer is
    still in the fault the alert was raised for (the state changed when it was raised).
    """
    printer_fault = and_(
        col(Alert.kind) == AlertKind.PRINTER, col(Alert.key).startswith(FAULT_ALERT_KEY)
    )
    rows = session.execute(
        select(Alert)
        .outerjoin(Visit, col(Visit.id) == col(Alert.visit_id))
        .outerjoin(
            PrinterStatus,
            and_(
                col(PrinterStatus.site) == col(Alert.site),
                col(PrinterStatus.station) == col(Alert.source),
            ),
        )
        .where(
            col(Alert.site) == settings.office.site,
            col(Alert.acknowledged_at).is_(None),
            or_(col(Alert.visit_id).is_(None), col(Visit.status).in_(OPEN_STATUSES)),
            or_(
                not_(printer_fault),
                and_(
                    col(PrinterStatus.state).in_(FAULT_STATES),
                    col(Alert.raised_at) >= col(PrinterStatus.changed_at),
                ),
            ),
        )
    ).scalars()
    views = [_view(a) for a in rows]
    breached = {a.visit_id for a in views if a.kind == AlertKind.BREACH}
    return triage(
        [a for a in views if not (a.kind == AlertKind.NEAR_BREACH and a.visit_id in breached)]
    )


def help_now(
    *, session: Session, settings: Settings, station: str, now: dt.datetime | None = None
) -> int:
    """A kiosk's "I need help now": an alert naming the kiosk. Returns the alert's id.

    Taps from the same kiosk within `HELP_FOLD_SECONDS` of the last one, while the alert
    is not yet acknowledged, fold into it with a count (a worried visitor taps again).
    """
    now = require_aware(now)
    site = settings.office.site
    recent = now - dt.timedelta(seconds=HELP_FOLD_SECONDS)
    latest: Alert | None = (
        session.execute(
            select(Alert)
            .where(
                col(Alert.site) == site,
                col(Alert.kind) == AlertKind.HELP_NOW,
                col(Alert.source) == station,
                col(Alert.acknowledged_at).is_(None),
            )
            .order_by(col(Alert.raised_at).desc(), col(Alert.id).desc())
            .limit(1)
            .with_for_update()
        )
        .scalars()
        .first()
    )
    if latest is not None and (latest.latest_at or latest.raised_at) >= recent:
        latest.repeats += 1
        latest.latest_at = now
        latest.message = f"Help now at {station}: a visitor asked {latest.repeats} times."
        session.add(latest)
        session.flush()
        assert latest.id is not None
        return latest.id
    alert = Alert(
        site=site,
        kind=AlertKind.HELP_NOW,
        key=f"help:{now.isoformat()}:{secrets.token_hex(4)}",
        message=f"Help now at {station}: a visitor asked for help.",
        source=station,
        raised_at=now,
    )
    session.add(alert)
    session.flush()
    assert alert.id is not None
    return alert.id


def needs_alert(*, settings: Settings, visit: Visit, source: str | None) -> Alert:
    """The alert that a visitor with access or communication needs has arrived.

    Needs by their console tags in the configured order ("STEP, BSL"); an interpreter
    by the language's English name ("Polish interpreter"), as staff read it, not the
    tag "LANG" or the language named in itself ("Polski").
    """
    assert visit.id is not None
    words: list[str] = []
    for need in settings.needs:
        if need.code not in visit.needs:
            continue
        if need.asks_language and visit.interpreter_language:
            words.append(f"{interpreter_in_english(visit.interpreter_language)} interpreter")
        else:
            words.append(need.tag)
    return Alert(
        site=visit.site,
        kind=AlertKind.NEEDS,
        visit_id=visit.id,
        key=f"needs:{visit.id}",
        source=source,
        message=f"{visit.ticket} has access or communication needs: {', '.join(words)}",
        raised_at=visit.arrived_at,
    )


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
    raised = 0
    for alert in due_alerts(session=session, settings=settings, now=now, calendar=calendar):
        raised += _raise_once(session, alert)
    return raised


def due_alerts(
    *,
    session: Session,
    settings: Settings,
    now: dt.datetime | None = None,
    calendar: OfficeCalendar | None = None,
) -> list[Alert]:
    """The near-breach, breach and closing alerts due now and not yet raised (only reads).

    The console's refresh asks this in a read transaction and writes only when the list
    is not empty, so a second-by-second refresh never takes the write lock for nothing.
    """
    now = require_aware(now)
    if calendar is None:
        calendar = office_calendar(session=session, settings=settings, now=now)
    today = calendar.local_date(now)
    site = settings.office.site
    # Serving visitors are with staff: the target may still pass, but nobody needs
    # telling to go and find them.
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
        # Stamped with the moment the condition became true, not with `now`: a scan can
        # run late (no console was running), and staff must read when the target passed.
        # `_stamp_when_due` refines the threshold for the alerts not yet raised.
        if now >= visit.target_due_at:
            kind, words = AlertKind.BREACH, "has passed the target time"
            since = visit.target_due_at
        elif now >= visit.target_due_at - near:
            kind = AlertKind.NEAR_BREACH
            words = f"will pass the target time within {settings.amber_minutes} minutes"
            since = visit.target_due_at - near
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
                raised_at=since,
            )
        )
    closes = calendar.closes_at(now)
    warning = dt.timedelta(minutes=settings.last_entry_warning_minutes)
    if waiting and closes is not None and closes - now <= warning:
        due.append(
            Alert(
                site=site,
                kind=AlertKind.CLOSING,
                key=f"closing:{site}:{today.isoformat()}",
                message=f"Closing at {calendar.local(closes):%H:%M} with {len(waiting)} "
                f"visitor(s) still waiting.",
                # True once the warning began with someone waiting (refined below).
                raised_at=closes - warning,
            )
        )
    if not due:
        return []
    # One query for every candidate, not one per visitor: this runs on each refresh.
    existing = set(
        session.execute(
            select(col(Alert.key)).where(col(Alert.key).in_([a.key for a in due]))
        ).scalars()
    )
    fresh = [alert for alert in due if alert.key not in existing]
    if fresh:
        _stamp_when_due(session, fresh, waiting, now)
    return fresh


def _stamp_when_due(
    session: Session, due: list[Alert], waiting: Sequence[Visit], now: dt.datetime
) -> None:
    """Stamp each alert about to be raised with when its condition became true.

    A visitor with staff is not alerted about, so one back from the desk (put on hold,
    transferred) is waiting again only from then: a breach that happened while they were
    being served is due when they left the desk. Closing is due from the warning's start
    or, if later, from when the first of those still waiting was waiting. Only alerts
    not yet raised come here, so the read of events is rare.
    """
    closing = any(a.kind == AlertKind.CLOSING for a in due)
    ids = [v.id for v in waiting] if closing else [a.visit_id for a in due if a.visit_id]
    left_desk: dict[int, dt.datetime] = {
        visit_id: at
        for visit_id, at in session.execute(
            select(col(VisitEvent.visit_id), func.max(col(VisitEvent.at)))
            .where(
                col(VisitEvent.visit_id).in_(ids),
                col(VisitEvent.from_status) == VisitStatus.SERVING,
            )
            .group_by(col(VisitEvent.visit_id))
        ).all()
    }

    def waiting_since(visit: Visit) -> dt.datetime:
        assert visit.id is not None
        back = left_desk.get(visit.id)
        return max(visit.arrived_at, back) if back is not None else visit.arrived_at

    by_id = {v.id: v for v in waiting}
    for alert in due:
        if alert.kind == AlertKind.CLOSING:
            since = max(alert.raised_at, min(waiting_since(v) for v in waiting))
        elif alert.visit_id in by_id:
            since = max(alert.raised_at, waiting_since(by_id[alert.visit_id]))
        else:
            since = alert.raised_at
        alert.raised_at = min(since, now)


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
