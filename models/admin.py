"""Supervisor tasks: desks and their services, closures, one visitor's data (export, erase)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from config.settings import Settings
from models import personal
from models.authority import Act, Actor, require_supervisor
from models.clock import require_aware
from models.errors import ExportFailed, InvalidRequest, NotFound
from models.files import write_atomically
from models.queue.reading import get_visit
from models.tables import ClosureRecord, Desk, Visit, VisitEvent
from models.text import clean_text


@dataclass(frozen=True)
class DeskView:
    """A desk and the services it calls (none listed: every service)."""

    name: str
    services: tuple[str, ...]
    active: bool


@dataclass(frozen=True)
class ClosureView:
    """A closure a supervisor added."""

    id: int
    start: dt.date
    end: dt.date
    reason: str
    by: str


def list_desks(*, session: Session) -> list[DeskView]:
    """Every desk, by name."""
    rows = session.execute(select(Desk).order_by(col(Desk.name))).scalars()
    return [DeskView(d.name, tuple(d.services or ()), d.active) for d in rows]


def save_desk(
    *, session: Session, settings: Settings, name: str, services: list[str], by: Actor
) -> DeskView:
    """Create a desk or change the services it calls (a supervisor, `by`).

    Raises:
        NotAllowed: `by` is not a supervisor.
    """
    require_supervisor(session, by, Act.MANAGE_DESKS)
    clean = clean_text(name, 40)
    if not clean:
        raise InvalidRequest("A desk needs a name.")
    known = {s.code for s in settings.services}
    unknown = [code for code in services if code not in known]
    if unknown:
        raise InvalidRequest(f"No service {unknown[0]!r}.")
    desk = session.execute(select(Desk).where(col(Desk.name) == clean)).scalars().first()
    if desk is None:
        desk = Desk(name=clean, services=list(services))
    desk.services = list(services)
    session.add(desk)
    return DeskView(clean, tuple(services), desk.active)


def list_closures(*, session: Session, settings: Settings) -> list[ClosureView]:
    """Closures supervisors added, soonest first."""
    rows = session.execute(
        select(ClosureRecord)
        .where(col(ClosureRecord.site) == settings.office.site)
        .order_by(col(ClosureRecord.start))
    ).scalars()
    return [ClosureView(r.id or 0, r.start, r.end, r.reason, r.by) for r in rows]


def add_closure(
    *,
    session: Session,
    settings: Settings,
    start: dt.date,
    end: dt.date,
    reason: str,
    by: str,
    now: dt.datetime | None = None,
) -> ClosureView:
    """Close the office on whole days (the kiosk and working-day dates follow).

    Raises:
        NotAllowed: `by` is not a supervisor.
    """
    now = require_aware(now)
    require_supervisor(session, by, Act.ADD_CLOSURE)
    why = clean_text(reason, 200)
    if not why:
        raise InvalidRequest("Give a reason for the closure.")
    if end < start:
        raise InvalidRequest("The closure ends before it starts.")
    record = ClosureRecord(
        site=settings.office.site, start=start, end=end, reason=why, by=by, created_at=now
    )
    session.add(record)
    session.flush()
    assert record.id is not None
    return ClosureView(record.id, start, end, why, by)


FACT_FIELDS: tuple[str, ...] = (
    "reference",
    "ticket",
    "service_code",
    "status",
    "channel",
    "language",
    "arrived_at",
    "called_at",
    "serving_started_at",
    "ended_at",
    "desk",
    "outcome",
    "callback_at",
    "reply_due",
)
"""What a subject access export holds besides the personal fields (`models.personal`)."""


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def export_visit(
    *, session: Session, settings: Settings, visit_id: int, by: Actor
) -> dict[str, Any]:
    """Everything held about one visit, for a subject access request (JSON-ready).

    Raises:
        NotAllowed: `by` is not a supervisor.
        NotFound: there is no such visit.
    """
    require_supervisor(session, by, Act.EXPORT_VISITOR)
    visit = get_visit(session=session, settings=settings, visit_id=visit_id)
    record = {key: _json(getattr(visit, key)) for key in FACT_FIELDS}
    record.update(personal.plain(visit))
    record["events"] = [
        {
            "at": e.at.isoformat(),
            "kind": e.kind,
            "by": e.actor,
            "desk": e.desk,
            **{field: getattr(e, field) for field in personal.EVENT_FIELDS},
        }
        for e in visit.events
    ]
    return record


def export_visit_to_file(
    *, session: Session, settings: Settings, visit_id: int, by: Actor, folder: Path
) -> Path:
    """Write `export_visit`'s record to `folder/visit-<reference>.json`, whole or not at all.

    Returns:
        The file written.

    Raises:
        NotAllowed: `by` is not a supervisor.
        NotFound: there is no such visit.
        ExportFailed: the folder cannot be made or the file written (a full disk, a
            read-only folder...); no partial file is left and the message says why.
    """
    record = export_visit(session=session, settings=settings, visit_id=visit_id, by=by)
    path = folder / f"visit-{record['reference']}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(record, indent=2, ensure_ascii=False))
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportFailed(f"The export could not be written to {path}: {reason}.") from None
    return path


def erase_visit(
    *, session: Session, visit_id: int, by: Actor, now: dt.datetime | None = None
) -> None:
    """Erase one visitor's personal data now (`models.personal`), keeping the figures.

    Raises:
        NotAllowed: `by` is not a supervisor.
        NotFound: there is no such visit.
    """
    now = require_aware(now)
    require_supervisor(session, by, Act.ERASE_VISITOR)
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(f"No visit {visit_id}.")
    personal.erase(session, [visit_id], now=now)
    session.add(
        VisitEvent(
            visit_id=visit_id,
            at=now,
            kind="personal_data_erased",
            actor=str(by),
            from_status=visit.status,
            to_status=visit.status,
        )
    )
