"""Messages every frontdesk app understands, posted up from screens, widgets and threads."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from appbase.database import DatabaseStatus


@dataclass
class DatabaseChanged(Message):
    """The database went offline or came back (posted to the app by its health thread)."""

    status: DatabaseStatus
    """The new state, with the sentence for staff."""


@dataclass
class SignInRequested(Message):
    """Staff typed a code and PIN (the console's sign-in, the kiosk's staff PIN)."""

    code: str
    """The staff code as typed."""
    pin: str
    """The PIN as typed: checked, never logged or kept."""


@dataclass
class WorkFailed(Message):
    """A screen's worker failed unexpectedly; the app logs it and tells the person."""

    what: str
    """The work that failed, in a few words (the worker's name)."""
    error: BaseException
    """The exception, for the log only: never shown on a screen."""
