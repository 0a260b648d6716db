"""What the console's screens ask of the app (messages up).

Screens and widgets never call the app: they post one of these, which bubbles up to
`StaffConsoleApp`; it runs the rule in its worker, tells the person what happened and
refreshes the queue, which comes back down through `DeskState`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.message import Message

from staff_console.forms import AdminTask, FindQuery, HoursChange

VisitAction = Literal[
    "call",
    "recall",
    "serve",
    "hold",
    "resume",
    "no_show",
    "cancel",
    "reprint",
    "resolve",
    "transfer",
]
"""What the action keys do to the selected visitor."""


@dataclass
class VisitSelected(Message):
    """The receptionist moved the highlight to a visitor: the keys act on them now."""

    visit_id: int
    """The visit now selected."""


@dataclass
class VisitActionRequested(Message):
    """Do `action` to a visitor (a confirmation, if any, has been given)."""

    action: VisitAction
    """What to do."""
    visit_id: int
    """To whom (the selected visitor when the key was pressed)."""


class CallNextRequested(Message):
    """Call the next visitor for this desk."""


class UndoRequested(Message):
    """Undo this desk's last resolve, no-show or cancel."""


class WalkInRequested(Message):
    """Open the walk-in form (it stays open until the rule accepts it)."""


@dataclass
class FindRequested(Message):
    """Select the visit a ticket number or QR reference names."""

    find: FindQuery
    """What was typed or scanned."""


@dataclass
class AlertAcknowledged(Message):
    """The receptionist acknowledged an alert (the time taken is recorded)."""

    alert_id: int
    """The alert acknowledged."""


@dataclass
class HoursChangeRequested(Message):
    """A supervisor closes early or extends today."""

    change: HoursChange
    """The new closing time and its reason."""


@dataclass
class CheckinsPauseRequested(Message):
    """Pause or resume kiosk check-ins (a confirmation has been given)."""

    paused: bool
    """True to pause, False to resume."""


@dataclass
class AdminTaskRequested(Message):
    """A supervisor's task from the supervisor screen."""

    task: AdminTask
    """The task, with what the supervisor typed."""


class LockRequested(Message):
    """Lock the console now."""
