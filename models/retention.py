"""Personal data retention: names, needs and notes go; anonymous figures stay."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlmodel import Session, col

from config.settings import Settings
from models.calendar import OfficeCalendar
from models.clock import require_aware
from models.tables import Visit, VisitEvent


def purge_personal_data(
    *, session: Session, settings: Settings, now: dt.datetime | None = None
) -> int:
    """Erase personal data of visits older than `retention_days`; return how many.

    Erased: the name, the needs and interpreter language, the outcome's free text, and
    every note written on the visit's events. Kept: times, service, outcome kind, and
    whether needs were given — what the figures are made of.
    """
    now = require_aware(now)
    today = OfficeCalendar(settings).local_date(now)
    cutoff = today - dt.timedelta(days=settings.retention_days)
    expired = select(col(Visit.id)).where(
        col(Visit.site) == settings.office.site,
        col(Visit.local_date) < cutoff,
        col(Visit.personal_data_erased_at).is_(None),
    )
    ids = [row[0] for row in session.execute(expired).all()]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        session.execute(
            update(VisitEvent)
            .where(col(VisitEvent.visit_id).in_(chunk), col(VisitEvent.note).is_not(None))
            .values(note=None)
        )
        session.execute(
            update(Visit)
            .where(col(Visit.id).in_(chunk))
            .values(
                name=None,
                needs=[],
                interpreter_language=None,
                outcome_detail=None,
                personal_data_erased_at=now,
            )
        )
    return len(ids)
