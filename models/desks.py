"""Desks as things: the configured desks, the services each calls, who is signed in.

A desk is known when the configuration names it (`[[desks]]`), a supervisor saved it on
the console, or a console has run at it. Each console's refresh says who is signed in
at its desk (`desk_seen`, at most every `SEEN_EVERY_SECONDS`); a desk counts as staffed
while that is fresher than `PRESENT_SECONDS`, so a console that was locked, closed or
lost its connection drops off by itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from config.settings import Settings
from models.clock import require_aware
from models.queue.reading import desk_services
from models.tables import Desk, DeskPresence

SEEN_EVERY_SECONDS = 10
"""A console writes its heartbeat no more often than this."""
PRESENT_SECONDS = 30
"""A desk is staffed while its console's heartbeat is younger than this."""


@dataclass(frozen=True)
class DeskStatus:
    """A desk as the supervisor and the transfer dialog see it."""

    name: str
    services: tuple[str, ...]
    """Service codes it calls; empty means every service."""
    staff_code: str | None
    """Who is signed in there now; None when nobody is."""
    staff_name: str | None
    seen_at: dt.datetime | None
    """The console's latest heartbeat (also after its staff left)."""


def desk_seen(
    *,
    session: Session,
    settings: Settings,
    desk: str,
    staff_code: str,
    staff_name: str,
    now: dt.datetime | None = None,
) -> None:
    """Record that `staff_code` is signed in at `desk` now (skipped when recent)."""
    now = require_aware(now)
    row = session.get(DeskPresence, (settings.office.site, desk))
    if row is None:
        row = DeskPresence(
            site=settings.office.site,
            desk=desk,
            staff_code=staff_code,
            staff_name=staff_name,
            seen_at=now,
        )
    elif not seen_due(
        session=session, settings=settings, desk=desk, staff_code=staff_code, now=now
    ):
        return
    row.staff_code = staff_code
    row.staff_name = staff_name
    row.seen_at = now
    session.add(row)


def seen_due(
    *, session: Session, settings: Settings, desk: str, staff_code: str, now: dt.datetime
) -> bool:
    """Whether `desk_seen` would write now (a read, so most refreshes write nothing)."""
    row = session.get(DeskPresence, (settings.office.site, desk))
    return (
        row is None
        or row.staff_code != staff_code
        or (now - row.seen_at).total_seconds() >= SEEN_EVERY_SECONDS
    )


def known_desks(*, session: Session, settings: Settings) -> list[str]:
    """Every desk name: configured ones in their order, then the others by name."""
    configured = [desk.name for desk in settings.desks]
    saved = session.execute(select(col(Desk.name))).scalars().all()
    seen = session.execute(
        select(col(DeskPresence.desk)).where(col(DeskPresence.site) == settings.office.site)
    ).scalars()
    others = sorted({*saved, *seen} - set(configured))
    return configured + others


def desk_statuses(
    *, session: Session, settings: Settings, now: dt.datetime | None = None
) -> list[DeskStatus]:
    """Every known desk with its services and who is signed in there now."""
    now = require_aware(now)
    present = {
        row.desk: row
        for row in session.execute(
            select(DeskPresence).where(col(DeskPresence.site) == settings.office.site)
        ).scalars()
    }
    out: list[DeskStatus] = []
    for name in known_desks(session=session, settings=settings):
        row = present.get(name)
        fresh = row is not None and (now - row.seen_at).total_seconds() < PRESENT_SECONDS
        out.append(
            DeskStatus(
                name=name,
                services=desk_services(session=session, desk=name, settings=settings),
                staff_code=row.staff_code if row is not None and fresh else None,
                staff_name=row.staff_name if row is not None and fresh else None,
                seen_at=row.seen_at if row is not None else None,
            )
        )
    return out
