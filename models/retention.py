"""Personal data retention: names, needs and notes go; anonymous figures stay."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import Session, col

from config.settings import Settings
from models import personal
from models.calendar import OfficeCalendar
from models.clock import require_aware
from models.tables import Visit


def purge_personal_data(
    *, session: Session, settings: Settings, now: dt.datetime | None = None
) -> int:
    """Erase personal data of visits older than `retention_days`; return how many.

    Erased: what `models.personal` defines as personal data (the name, the needs and
    interpreter language, the outcome's free text, the notes on the visit's events, the
    detail of its needs alert). Kept: what the figures are made of.
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
    personal.erase(session, ids, now=now)
    return len(ids)
