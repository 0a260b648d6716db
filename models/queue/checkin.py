"""Checking in: a visitor joins the queue and gets the day's next ticket number.

Kiosk check-ins need the office open and check-ins not paused; staff add walk-ins and
phone-ins at any time. The ticket number comes from a per-site, per-day, per-letter
counter row bumped in the same transaction as the visit (see `_next_ticket_number`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from config.settings import Settings
from models.calendar import OfficeCalendar
from models.clock import require_aware
from models.errors import InvalidRequest, OfficeClosed
from models.queue.reading import checkins_paused, facts_of, office_calendar
from models.queue.transitions import CHECKED_IN, record_event
from models.tables import (
    Channel,
    PrintJob,
    TicketCounter,
    Visit,
    VisitStatus,
)
from models.text import clean_name, clean_text
from models.views import TicketFacts

KIOSK_ACTOR = "kiosk"
"""Actor recorded for what a visitor does at the kiosk."""
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_REFERENCE_LENGTH = 8
_TICKET_RETRIES = 5


def _new_reference() -> str:
    return "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(_REFERENCE_LENGTH))


def _next_ticket_number(session: Session, site: str, day: dt.date, letter: str) -> int:
    """Bump and return the day's counter for a letter, in the caller's transaction.

    An upsert on the counter row: the row lock it takes makes concurrent check-ins
    wait for each other, and a rollback gives the number back (no gaps).
    """
    dialect = session.get_bind().dialect.name
    insert_fn = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = TicketCounter.__table__  # type: ignore[attr-defined]
    statement = (
        insert_fn(table)
        .values(site=site, local_date=day, letter=letter, last=1)
        .on_conflict_do_update(
            index_elements=["site", "local_date", "letter"],
            set_={"last": table.c.last + 1},
        )
        .returning(table.c.last)
    )
    number = session.execute(statement).scalar_one()
    return int(number)


def check_in(
    *,
    session: Session,
    settings: Settings,
    service_code: str,
    language: str = "en",
    needs: Iterable[str] = (),
    interpreter_language: str | None = None,
    name: str | None = None,
    channel: Channel = Channel.KIOSK,
    appointment_at: dt.datetime | None = None,
    actor: str = KIOSK_ACTOR,
    print_at: str | None = None,
    now: dt.datetime | None = None,
) -> TicketFacts:
    """Put a visitor in the queue and issue the day's next ticket for the service.

    The ticket number, the visit, its first event, a needs alert (if needs were given)
    and the print job (if asked) are written in the caller's one transaction.

    Args:
        service_code: A configured service.
        needs: Need codes the visitor chose; unknown codes are refused.
        name: Optional name, cleaned here; empty after cleaning means no name.
        channel: Kiosk check-ins need the office open and not paused; staff may add
            walk-ins and phone-ins at any time (e.g. after closing).
        print_at: The kiosk station whose printer prints the ticket: a print job for its
            spool is created in the same transaction. None prints nothing.

    Raises:
        InvalidRequest: unknown service or need.
        OfficeClosed: a kiosk check-in while closed or paused.
    """
    now = require_aware(now)
    try:
        service = settings.service(service_code)
    except KeyError:
        raise InvalidRequest(f"No service {service_code!r}.") from None
    known_needs = {need.code for need in settings.needs}
    chosen = sorted(set(needs))
    unknown = [code for code in chosen if code not in known_needs]
    if unknown:
        raise InvalidRequest(f"No need {unknown[0]!r}.")
    if language not in settings.languages:
        language = settings.languages[0]
    if channel == Channel.KIOSK:
        calendar = office_calendar(session=session, settings=settings, now=now)
        if not calendar.is_open(now):
            raise OfficeClosed("The office is closed.")
        if checkins_paused(session=session, settings=settings):
            raise OfficeClosed("Check-in is paused.")
    else:
        calendar = OfficeCalendar(settings)
    local = calendar.local(now)
    site = settings.office.site
    target = settings.target_for(service.code)
    interpreter = clean_text(interpreter_language, 60) or None
    if "interpreter" not in chosen:
        interpreter = None

    for attempt in range(_TICKET_RETRIES):
        try:
            with session.begin_nested():
                seq = _next_ticket_number(session, site, local.date(), service.letter)
                visit = Visit(
                    site=site,
                    reference=_new_reference(),
                    local_date=local.date(),
                    local_hour=local.hour,
                    letter=service.letter,
                    seq=seq,
                    ticket=f"{service.letter}{seq:03d}",
                    service_code=service.code,
                    channel=channel,
                    language=language,
                    name=clean_name(name),
                    needs=chosen,
                    interpreter_language=interpreter,
                    has_needs=bool(chosen),
                    status=VisitStatus.WAITING,
                    appointment_at=require_aware(appointment_at) if appointment_at else None,
                    arrived_at=now,
                    target_due_at=now + dt.timedelta(minutes=target),
                    target_minutes=target,
                )
                session.add(visit)
                session.flush()
            break
        except IntegrityError:
            # A unique backstop fired (the reference, or a counter row another
            # writer created at the same instant): the savepoint is undone, try again.
            if attempt == _TICKET_RETRIES - 1:
                raise
    assert visit.id is not None
    record_event(
        session,
        visit,
        kind=CHECKED_IN,
        actor=actor,
        desk=None,
        now=now,
        from_status=None,
        detail={"service": service.code, "channel": str(channel), "needs": len(chosen)},
    )
    if chosen:
        # Imported here: models.alerts reads the office calendar through models.queue.
        from models.alerts import needs_alert

        session.add(needs_alert(settings=settings, visit=visit, source=print_at or actor))
    job_id: int | None = None
    if print_at:
        job = PrintJob(visit_id=visit.id, station=print_at, created_at=now, next_attempt_at=now)
        session.add(job)
        session.flush()
        job_id = job.id
    return facts_of(session, visit, settings=settings, print_job_id=job_id)


def add_walk_in(
    *,
    session: Session,
    settings: Settings,
    service_code: str,
    staff: str,
    channel: Channel = Channel.WALK_IN,
    name: str | None = None,
    needs: Iterable[str] = (),
    interpreter_language: str | None = None,
    language: str = "en",
    appointment_at: dt.datetime | None = None,
    print_at: str | None = None,
    now: dt.datetime | None = None,
) -> TicketFacts:
    """Staff add a walk-in or phone-in by hand (allowed after closing, for those inside)."""
    if channel == Channel.KIOSK:
        raise InvalidRequest("Staff add walk-ins and phone-ins, not kiosk check-ins.")
    return check_in(
        session=session,
        settings=settings,
        service_code=service_code,
        language=language,
        needs=needs,
        interpreter_language=interpreter_language,
        name=name,
        channel=channel,
        appointment_at=appointment_at,
        actor=staff,
        print_at=print_at,
        now=now,
    )
