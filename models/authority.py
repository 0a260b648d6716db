"""Who may do what. The rules call `require` themselves, so every caller inherits it.

The console hides a supervisor's screens from receptionists, and the command line asks
for a supervisor's PIN, but neither is the check: a rule that changes staff accounts,
hours, desks, closures or a visitor's personal data refuses anyone but an active
supervisor, whoever calls it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlmodel import Session, col

from models.enums import StaffRole
from models.errors import NotAllowed
from models.tables import Staff


class Act(StrEnum):
    """Acts only a supervisor may do; the value completes "Only a supervisor can …"."""

    CHANGE_HOURS = "change today's hours"
    MANAGE_STAFF = "manage staff accounts"
    MANAGE_DESKS = "set up desks"
    ADD_CLOSURE = "add a closure"
    EXPORT_VISITOR = "export a visitor's data"
    ERASE_VISITOR = "erase a visitor's data"
    EXPORT_PERSONAL_DATA = "export personal data"


@dataclass(frozen=True)
class ServerOperator:
    """Whoever runs the command line on the server (e.g. to create the first supervisor).

    Trusted because they can already read the database's address and credentials from
    the configuration. Not a string, so nothing typed at a screen can become it.
    """

    def __str__(self) -> str:
        """How the operator is recorded as an event's actor."""
        return "operator"


OPERATOR = ServerOperator()
"""The one server operator."""

Actor = str | ServerOperator
"""A staff code, or the server operator."""


def require(session: Session, actor: Actor, act: Act | None, *, role: StaffRole) -> None:
    """Refuse unless `actor` holds `role` (supervisors hold every role).

    `act` names what was asked, for the message. A receptionist-level act is open to
    any caller the app let in (the kiosk's visitor included); a supervisor-level act
    needs an active supervisor account (or the server operator).

    Raises:
        NotAllowed: the actor is unknown, disabled, or not a supervisor.
    """
    if role != StaffRole.SUPERVISOR or isinstance(actor, ServerOperator):
        return
    what = act.value if act is not None else "do this"
    staff = (
        session.execute(select(Staff).where(col(Staff.code) == actor.strip().lower()))
        .scalars()
        .first()
    )
    if staff is None or not staff.active or staff.role != StaffRole.SUPERVISOR:
        raise NotAllowed(f"Only a supervisor can {what}.")


def require_supervisor(session: Session, actor: Actor, act: Act) -> None:
    """Refuse `act` unless `actor` is an active supervisor (or the server operator)."""
    require(session, actor, act, role=StaffRole.SUPERVISOR)
