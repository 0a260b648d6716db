"""The queue's rules, by concern: reading it, checking in, and the state machine.

- `models.queue.reading`: one visit, today's live queue, people ahead, ticket facts,
  the office calendar with the database's closures and overrides.
- `models.queue.checkin`: check-in at the kiosk, walk-ins (help-now is in `models.alerts`).
- `models.queue.transitions`: the table of status changes and the one function that
  applies them (call, recall, serve, resolve, transfer, hold, resume, no-show, cancel).

Each rule takes a keyword-only `session` (the caller owns the transaction, usually
through `models.db.session_scope`) and returns plain values. A change the visit's
status does not allow raises `IllegalTransition` before anything is written. The names
below are the package's public face, so callers write `queue.check_in(...)`.
"""

from __future__ import annotations

from models.queue.checkin import KIOSK_ACTOR, add_walk_in, check_in
from models.queue.reading import (
    checkins_paused,
    desk_services,
    find_visit,
    get_visit,
    live_queue,
    office_calendar,
    people_ahead,
    ticket_facts,
)
from models.queue.transitions import (
    APPOINTMENT_EARLY_MINUTES,
    TRANSITIONS,
    Action,
    Transition,
    call_next,
    call_visit,
    cancel,
    hold,
    no_show,
    recall,
    resolve,
    resume,
    start_serving,
    transfer,
)
from models.views import TicketFacts, VisitView

__all__ = [
    "APPOINTMENT_EARLY_MINUTES",
    "KIOSK_ACTOR",
    "TRANSITIONS",
    "Action",
    "TicketFacts",
    "Transition",
    "VisitView",
    "add_walk_in",
    "call_next",
    "call_visit",
    "cancel",
    "check_in",
    "checkins_paused",
    "desk_services",
    "find_visit",
    "get_visit",
    "hold",
    "live_queue",
    "no_show",
    "office_calendar",
    "people_ahead",
    "recall",
    "resolve",
    "resume",
    "start_serving",
    "ticket_facts",
    "transfer",
]
