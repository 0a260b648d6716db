"""Changes to the office's opening: a supervisor closes early or stays open later today;
any member of staff pauses or resumes kiosk check-ins."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from config.settings import Settings
from models.authority import Act, require_supervisor
from models.calendar import HoursStatus, OfficeCalendar
from models.clock import require_aware
from models.enums import HoursOverrideKind
from models.errors import InvalidRequest
from models.queue.reading import office_calendar
from models.tables import HoursOverride, KioskControl
from models.text import clean_text


def set_closing_time(
    *,
    session: Session,
    settings: Settings,
    closes: dt.time,
    reason: str,
    by: str,
    now: dt.datetime | None = None,
) -> HoursStatus:
    """Close early (a time before the usual closing) or extend (after it), today only.

    The kiosk reads the override on its next state poll (every 15 seconds).

    Raises:
        InvalidRequest: no reason given, or the office is not open today.
        NotAllowed: `by` is not a supervisor.
    """
    now = require_aware(now)
    require_supervisor(session, by, Act.CHANGE_HOURS)
    why = clean_text(reason, 200)
    if not why:
        raise InvalidRequest("Give a reason for changing today's hours.")
    plain = OfficeCalendar(settings)
    today = plain.local_date(now)
    usual = settings.opening_hours.for_weekday(today.weekday())
    if usual is None or plain.closed_reason(today):
        raise InvalidRequest("The office is not open today.")
    kind = HoursOverrideKind.CLOSE_EARLY if closes < usual.closes else HoursOverrideKind.EXTEND
    session.add(
        HoursOverride(
            site=settings.office.site,
            local_date=today,
            kind=kind,
            closes=closes,
            reason=why,
            by=by,
            created_at=now,
        )
    )
    session.flush()
    return office_calendar(session=session, settings=settings, now=now).status(now)


def set_checkins_paused(
    *, session: Session, settings: Settings, paused: bool, by: str, now: dt.datetime | None = None
) -> bool:
    """Pause or resume this site's kiosk check-ins; returns whether they are now paused.

    Any member of staff may (the kiosk's staff menu and the console alike): a pause is
    for the moment (a printer being fixed, a queue too long for today), and the desk that
    sees visitors being turned away must be able to end it without walking to the kiosk.
    The kiosks hear the change at once (`models.changes`).
    """
    now = require_aware(now)
    control = session.get(KioskControl, settings.office.site)
    if control is None:
        control = KioskControl(site=settings.office.site, changed_at=now, changed_by=by)
    control.paused = paused
    control.changed_at = now
    control.changed_by = by
    session.add(control)
    return paused
