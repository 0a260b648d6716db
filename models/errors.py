"""Errors the rules raise. Each has a message a member of staff can read."""

from __future__ import annotations


class DomainError(Exception):
    """A request the rules refuse; nothing was changed."""


class NotFound(DomainError):
    """No visit (or staff member, desk, alert) matches."""


class IllegalTransition(DomainError):
    """The visit's current status does not allow the requested change."""

    def __init__(self, ticket: str, action: str, status: str) -> None:
        self.ticket = ticket
        """The visit's ticket number."""
        self.action = action
        """What was asked, e.g. "resolve"."""
        self.status = status
        """The status it is in."""
        super().__init__(f"Cannot {action} {ticket}: it is {status.replace('_', ' ')}.")


class OfficeClosed(DomainError):
    """A check-in was attempted while the office takes none."""


class InvalidRequest(DomainError):
    """The request itself is incomplete or contradictory (e.g. a call-back without a time)."""


class NotAllowed(DomainError):
    """The person asking may not do this (e.g. a supervisor-only act by a receptionist)."""


class ExportFailed(DomainError):
    """A visitor's data could not be written to its export file; nothing was saved."""
