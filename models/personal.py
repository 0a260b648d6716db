"""What personal data is, in one place.

These fields say who a visitor is or what they need. They drive everything that treats
personal data differently: retention and a visitor's erasure (`erase`), the export for
a subject access request, and the CSV columns given only with `--with-personal-data`.
A new personal field added to `VISIT_FIELDS` is erased, exported and kept out of the
plain CSV without another change.

Kept after erasure, because the figures are made of them: times, service, channel,
language, outcome kind, and whether any need was given (`has_needs`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from models.enums import AlertKind
from models.tables import Alert, Visit, VisitEvent

VISIT_FIELDS: tuple[str, ...] = ("name", "needs", "interpreter_language", "outcome_detail")
"""The visit's personal fields: the name typed at the kiosk, the access and communication
needs and the interpreter's language (health-related), and the free text of an outcome
(who the visitor was signposted or referred to)."""
LIST_FIELDS = frozenset({"needs"})
"""Personal fields holding a list (empty when erased, never NULL)."""
EVENT_FIELDS: tuple[str, ...] = ("note",)
"""The event's personal fields: what staff wrote about the visitor."""
ERASED_NEEDS_MESSAGE = "This visitor had access or communication needs (details erased)."
"""What a needs alert says once the visit's personal data is erased."""
_CHUNK = 500


def erased_values() -> dict[str, Any]:
    """Each personal field's value after erasure."""
    return {field: [] if field in LIST_FIELDS else None for field in VISIT_FIELDS}


def erase(session: Session, visit_ids: Sequence[int], *, now: dt.datetime) -> None:
    """Erase the personal data of these visits, their events and their needs alerts."""
    erased_events = {field: None for field in EVENT_FIELDS}
    for start in range(0, len(visit_ids), _CHUNK):
        chunk = list(visit_ids[start : start + _CHUNK])
        session.execute(
            update(VisitEvent).where(col(VisitEvent.visit_id).in_(chunk)).values(**erased_events)
        )
        session.execute(
            update(Alert)
            .where(col(Alert.visit_id).in_(chunk), col(Alert.kind) == AlertKind.NEEDS)
            .values(message=ERASED_NEEDS_MESSAGE)
        )
        session.execute(
            update(Visit)
            .where(col(Visit.id).in_(chunk))
            .values(**erased_values(), personal_data_erased_at=now)
            .execution_options(synchronize_session="fetch")
        )


def plain(visit: object) -> dict[str, Any]:
    """The personal fields of a visit row or view as JSON values (lists for needs)."""
    values: dict[str, Any] = {}
    for field in VISIT_FIELDS:
        value = getattr(visit, field)
        values[field] = list(value or ()) if field in LIST_FIELDS else value
    return values


def as_text(visit: object) -> dict[str, str]:
    """The personal fields of a visit as text for a CSV cell (needs space-separated)."""
    return {
        field: " ".join(value) if isinstance(value, list) else (value or "")
        for field, value in plain(visit).items()
    }
