"""Staff accounts and PIN sign-in: argon2id hashes, failures counted in the database.

A 4-digit PIN falls to offline brute force in hours, so hashes are slow and salted
(argon2id, argon2-cffi's defaults), compared by the library in constant time, and never
leave this module. Wrong PINs are counted on the staff row, so restarting the kiosk or
console does not reset them; after a few, each further wrong PIN locks the account for
longer (30 s, 1 min, 2 min ... up to an hour), and attempts during a lock are refused
without even checking the PIN.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlmodel import Session, col

from models.authority import Act, Actor, require_supervisor
from models.clock import require_aware
from models.errors import InvalidRequest
from models.tables import Staff, StaffRole
from models.text import clean_text

PIN_PATTERN = re.compile(r"^\d{4,8}$")
"""PINs are 4 to 8 digits (typed on a keypad)."""
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
"""Staff codes: lower-case letters, digits, dot, dash, underscore; 2 to 32 characters."""
FREE_ATTEMPTS = 3
"""Wrong PINs allowed before the account starts locking."""
FIRST_LOCK_SECONDS = 30
"""The first lock's length; each further wrong PIN doubles it."""
LONGEST_LOCK_SECONDS = 3600
"""No lock is longer than this."""
WRONG = "Wrong staff code or PIN."

_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verified against when the code is unknown, so a wrong code takes as long as a
    # wrong PIN. Made on first use, not at import.
    return _hasher.hash("0000-not-a-pin")


@dataclass(frozen=True)
class StaffView:
    """A staff member, without the PIN hash."""

    id: int
    code: str
    name: str
    role: str
    active: bool

    @property
    def is_supervisor(self) -> bool:
        """Supervisors manage staff, closures, hours and personal data."""
        return self.role == StaffRole.SUPERVISOR


@dataclass(frozen=True)
class SignInResult:
    """The answer to a sign-in attempt."""

    staff: StaffView | None
    """Who signed in, or None."""
    message: str
    """What to tell the person (never which of code or PIN was wrong)."""
    locked_until: dt.datetime | None = None
    """When a locked account may try again."""


def lock_seconds(failures: int) -> int:
    """How long an account is locked after `failures` wrong PINs in a row."""
    if failures < FREE_ATTEMPTS:
        return 0
    return int(min(LONGEST_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** (failures - FREE_ATTEMPTS)))


def _view(staff: Staff) -> StaffView:
    assert staff.id is not None
    return StaffView(
        id=staff.id, code=staff.code, name=staff.name, role=staff.role, active=staff.active
    )


def hash_pin(pin: str) -> str:
    """A salted argon2id hash of `pin` (a new salt each time)."""
    if not PIN_PATTERN.match(pin):
        raise InvalidRequest("A PIN is 4 to 8 digits.")
    return _hasher.hash(pin)


def add_staff(
    *,
    session: Session,
    code: str,
    name: str,
    role: StaffRole,
    pin: str,
    by: Actor,
    now: dt.datetime | None = None,
) -> StaffView:
    """Create a staff account (a supervisor, or the server operator, `by`).

    Raises:
        InvalidRequest: a bad code, name or PIN, or the code is taken.
        NotAllowed: `by` is not a supervisor.
    """
    now = require_aware(now)
    require_supervisor(session, by, Act.MANAGE_STAFF)
    code = code.strip().lower()
    if not CODE_PATTERN.match(code):
        raise InvalidRequest("A staff code is 2-32 lower-case letters, digits, '.', '-' or '_'.")
    clean = clean_text(name, 80)
    if not clean:
        raise InvalidRequest("A staff member needs a name.")
    if session.execute(select(Staff).where(col(Staff.code) == code)).first():
        raise InvalidRequest(f"The staff code {code!r} is taken.")
    staff = Staff(
        code=code, name=clean, role=StaffRole(role), pin_hash=hash_pin(pin), created_at=now
    )
    session.add(staff)
    session.flush()
    return _view(staff)


def set_pin(*, session: Session, code: str, pin: str, by: Actor) -> None:
    """Give a staff member a new PIN and clear their failures and lock (a supervisor)."""
    require_supervisor(session, by, Act.MANAGE_STAFF)
    staff = _find(session, code)
    if staff is None:
        raise InvalidRequest(f"No staff member {code!r}.")
    staff.pin_hash = hash_pin(pin)
    staff.failed_attempts = 0
    staff.locked_until = None
    session.add(staff)


def set_active(*, session: Session, code: str, active: bool, by: Actor) -> None:
    """Enable or disable an account (a supervisor)."""
    require_supervisor(session, by, Act.MANAGE_STAFF)
    staff = _find(session, code)
    if staff is None:
        raise InvalidRequest(f"No staff member {code!r}.")
    staff.active = active
    session.add(staff)


def list_staff(*, session: Session) -> list[StaffView]:
    """Every account, by code."""
    rows = session.execute(select(Staff).order_by(col(Staff.code))).scalars()
    return [_view(s) for s in rows]


def _find(session: Session, code: str) -> Staff | None:
    staff: Staff | None = (
        session.execute(
            select(Staff).where(col(Staff.code) == code.strip().lower()).with_for_update()
        )
        .scalars()
        .first()
    )
    return staff


def sign_in(
    *, session: Session, code: str, pin: str, now: dt.datetime | None = None
) -> SignInResult:
    """Check a staff code and PIN, counting failures and applying the lock."""
    now = require_aware(now)
    staff = _find(session, code)
    if staff is None or not staff.active:
        _verify(_dummy_hash(), pin)
        return SignInResult(None, WRONG)
    if staff.locked_until is not None and staff.locked_until > now:
        return SignInResult(
            None,
            "Too many wrong PINs. Try again later or ask a supervisor.",
            locked_until=staff.locked_until,
        )
    if not _verify(staff.pin_hash, pin):
        staff.failed_attempts += 1
        wait = lock_seconds(staff.failed_attempts)
        staff.locked_until = now + dt.timedelta(seconds=wait) if wait else None
        session.add(staff)
        return SignInResult(None, WRONG, locked_until=staff.locked_until)
    if _hasher.check_needs_rehash(staff.pin_hash):
        staff.pin_hash = _hasher.hash(pin)
    staff.failed_attempts = 0
    staff.locked_until = None
    session.add(staff)
    return SignInResult(_view(staff), f"Signed in as {staff.name}.")


def _verify(stored: str, pin: str) -> bool:
    try:
        return bool(_hasher.verify(stored, pin))
    except (VerificationError, InvalidHashError):
        return False
