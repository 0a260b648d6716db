"""Undo the last end of a visit (resolve, no-show, cancel) within a minute.

A slip of the finger on a busy desk must not cost a visitor their place. The undo is a
change of its own, recorded as an `undone` event (who, when, which ending, back to
which status): the ending event stays in the record, nothing is rewritten silently.
The visit goes back to the status it ended from, and what the ending set (end time,
outcome, call-back, reply due, resolve time, within target, and the wait of a visit
never served) is cleared, so the figures count it as open again.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import Session, col

from config.settings import Settings
from models.clock import require_aware
from models.errors import InvalidRequest
from models.queue.reading import noted_view
from models.queue.transitions import FINAL_STATUSES, UNDONE, lock_visit, record_event
from models.tables import VisitEvent, VisitStatus
from models.views import VisitView

UNDO_SECONDS = 60
"""How long after ending a visit the ending can be undone."""
ENDING_EVENTS = frozenset({"resolved", "no_show", "cancelled"})
"""The events that end a visit (the state machine's rows into a final status)."""


def undo_end(
    *,
    session: Session,
    settings: Settings,
    visit_id: int,
    desk: str | None,
    staff: str,
    now: dt.datetime | None = None,
) -> VisitView:
    """Put an ended visit back as it was just before it ended.

    Raises:
        NotFound: no such visit.
        InvalidRequest: the visit has not ended, its last change is not an ending, the
            ending is older than `UNDO_SECONDS`, or another member of staff ended it.
    """
    now = require_aware(now)
    visit = lock_visit(session, visit_id)
    if visit.status not in FINAL_STATUSES:
        raise InvalidRequest(f"{visit.ticket} has not ended; there is nothing to undo.")
    last = (
        session.execute(
            select(VisitEvent)
            .where(col(VisitEvent.visit_id) == visit_id)
            .order_by(col(VisitEvent.at).desc(), col(VisitEvent.id).desc())
            .limit(1)
        )
        .scalars()
        .first()
    )
    if last is None or last.kind not in ENDING_EVENTS or last.from_status is None:
        raise InvalidRequest(f"The last change to {visit.ticket} was not its ending.")
    if (now - last.at).total_seconds() > UNDO_SECONDS:
        raise InvalidRequest(
            f"{visit.ticket} ended more than {UNDO_SECONDS} seconds ago; it can no longer "
            f"be undone. Add the visitor again as a walk-in if needed."
        )
    if last.actor != staff:
        raise InvalidRequest(f"Only {last.actor}, who ended {visit.ticket}, can undo it.")
    ended = visit.status
    visit.status = VisitStatus(last.from_status)
    visit.ended_at = None
    visit.outcome = None
    visit.outcome_detail = None
    visit.callback_at = None
    visit.reply_due = None
    visit.resolve_seconds = None
    visit.within_target = None
    if visit.serving_started_at is None:
        # A visit never served gets its wait (arrival to first call) only when it ends
        # (`transitions._enter`); served, the wait was set at service and stays. Left
        # behind, the undone ending's wait would be counted for a visit still open.
        visit.wait_seconds = None
    session.add(visit)
    record_event(
        session,
        visit,
        kind=UNDONE,
        actor=staff,
        desk=desk,
        now=now,
        from_status=ended,
        detail={"undid": last.kind, "event_id": last.id},
    )
    return noted_view(session, visit, settings=settings, now=now)
