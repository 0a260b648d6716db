"""Staff accounts and PIN sign-in: argon2id hashes, failures counted in the database.

A 4-digit PIN falls to offline brute force in hours, so hashes are slow and salted
(argon2id, argon2-cffi's defaults), compared by the library in constant time, and never
leave this module. Wrong PINs are counted on the staff row, so restarting the kiosk or
console does not reset them; after a few, each further wrong PIN locks the account for
longer (30 s, 1 min, 2 min ... up to an hour).

Sign-in reveals nothing: an unknown code, a wrong PIN and a locked account get the same
sentence after the same work (a dummy hash for unknown codes; the lock is checked after
hashing). It runs in three steps so that the slow hash never holds the write lock:
`find_account` (a read), `check_pin` (no transaction), `record_sign_in` (a short write).
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

PIN_PATTERN = re.compile(r"[0-9]{4,8}")
"""PINs are 4 to 8 ASCII digits, typed on a keypad (`fullmatch`; `\\d` would also take
Arabic-Indic and other digits no keypad types)."""
CODE_PATTERN = re.compile(r"[a-z0-9]{2,32}")
"""New staff codes: 2 to 32 ASCII letters and digits (`fullmatch`), stored in lower case;
typed in any case."""
FREE_ATTEMPTS = 3
"""Wrong PINs allowed before the account starts locking."""
FIRST_LOCK_SECONDS = 30
"""The first lock's length; each further wrong PIN doubles it."""
LONGEST_LOCK_SECONDS = 3600
"""No lock is longer than this."""
STAFF_NAME_MAX_LENGTH = 80
"""Longest staff name, in characters (after cleaning)."""
WRONG = "Wrong staff code or PIN."
"""The one answer to every failed sign-in: unknown code, wrong PIN or locked account."""

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
    """What to tell the person: for every failure the same sentence, `WRONG` (never which
    of code or PIN was wrong, nor that the account is locked)."""


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


class HashedPin(str):
    """A PIN already hashed by `hash_pin`: slow work done before the write transaction."""


def hash_pin(pin: str) -> HashedPin:
    """A salted argon2id hash of `pin` (a new salt each time); slow, so call it outside
    a write transaction and pass the result to `add_staff` or `set_pin`.

    Raises:
        InvalidRequest: the PIN is not 4 to 8 ASCII digits.
    """
    if isinstance(pin, HashedPin):
        return pin
    return HashedPin(_hasher.hash(checked_pin(pin)))


def checked_pin(pin: str) -> str:
    """`pin` if it can be a PIN (4 to 8 ASCII digits).

    Raises:
        InvalidRequest: it cannot.
    """
    if not PIN_PATTERN.fullmatch(pin):
        raise InvalidRequest("A PIN is 4 to 8 digits (0-9).")
    return pin


def checked_code(code: str) -> str:
    """A new staff code as stored (ASCII letters and digits, lower case).

    Raises:
        InvalidRequest: it cannot be a staff code.
    """
    normal = normalise_code(code)
    if normal is None or not CODE_PATTERN.fullmatch(normal):
        raise InvalidRequest("A staff code is 2 to 32 letters (a-z) and digits (0-9).")
    return normal


def checked_name(name: str) -> str:
    """A staff member's name as stored (control characters removed).

    Raises:
        InvalidRequest: it is empty, or longer than STAFF_NAME_MAX_LENGTH.
    """
    clean = clean_text(name, STAFF_NAME_MAX_LENGTH + 1)
    if not clean:
        raise InvalidRequest("A staff member needs a name.")
    if len(clean) > STAFF_NAME_MAX_LENGTH:
        # Refused, not cut: a cut name would be saved without anyone noticing.
        raise InvalidRequest(
            f"A staff member's name is at most {STAFF_NAME_MAX_LENGTH} characters."
        )
    return clean


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

    Args:
        pin: A `HashedPin` made beforehand with `hash_pin` (hashing is slow: keep it out
            of the write transaction), or the PIN itself.

    Raises:
        InvalidRequest: a bad code, name or PIN, or the code is taken.
        NotAllowed: `by` is not a supervisor.
    """
    now = require_aware(now)
    require_supervisor(session, by, Act.MANAGE_STAFF)
    code = checked_code(code)
    clean = checked_name(name)
    if session.execute(select(Staff).where(col(Staff.code) == code)).first():
        raise InvalidRequest(f"The staff code {code!r} is taken.")
    staff = Staff(
        code=code, name=clean, role=StaffRole(role), pin_hash=str(hash_pin(pin)), created_at=now
    )
    session.add(staff)
    session.flush()
    return _view(staff)


def set_pin(*, session: Session, code: str, pin: str, by: Actor) -> None:
    """Give a staff member a new PIN and clear their failures and lock (a supervisor).

    `pin` is best a `HashedPin` made before the transaction (see `add_staff`).
    """
    require_supervisor(session, by, Act.MANAGE_STAFF)
    staff = _find(session, code)
    if staff is None:
        raise InvalidRequest(f"No staff member {code!r}.")
    staff.pin_hash = str(hash_pin(pin))
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
    normal = normalise_code(code)
    if normal is None:
        return None
    staff: Staff | None = (
        session.execute(select(Staff).where(col(Staff.code) == normal).with_for_update())
        .scalars()
        .first()
    )
    return staff


@dataclass(frozen=True)
class Account:
    """What sign-in reads about a staff code before checking the PIN (no transaction held)."""

    id: int
    pin_hash: str
    active: bool


@dataclass(frozen=True)
class PinCheck:
    """The outcome of hashing a typed PIN, made outside any transaction."""

    account: Account | None
    """The account the code names, or None for an unknown or disabled code."""
    matches: bool
    """The PIN matched the account's hash (always False without an account)."""
    new_hash: str | None = None
    """A fresh hash of the PIN when the stored one uses older parameters."""


def normalise_code(code: str) -> str | None:
    """A typed staff code as stored (ASCII, lower case), or None when it cannot be one.

    Codes are compared without regard to case. Only ASCII is folded: `str.lower()` would
    turn the Kelvin sign into "k" and let a look-alike match a real code.
    """
    code = code.strip()
    if not code.isascii() or not 2 <= len(code) <= 32:
        return None
    return code.lower()


def find_account(*, session: Session, code: str) -> Account | None:
    """The active account for `code` (read only), or None."""
    normal = normalise_code(code)
    if normal is None:
        return None
    staff = session.execute(select(Staff).where(col(Staff.code) == normal)).scalars().first()
    if staff is None or not staff.active:
        return None
    assert staff.id is not None
    return Account(id=staff.id, pin_hash=staff.pin_hash, active=staff.active)


def check_pin(account: Account | None, pin: str) -> PinCheck:
    """Hash the typed PIN against the account: slow on purpose, so never inside a transaction.

    An unknown code is checked against a dummy hash, and a PIN that is not 4 to 8 ASCII
    digits is still hashed, so every attempt costs the same time.
    """
    well_formed = PIN_PATTERN.fullmatch(pin) is not None
    if account is None:
        _verify(_dummy_hash(), pin)
        return PinCheck(None, False)
    matches = _verify(account.pin_hash, pin) and well_formed
    new_hash = None
    if matches and _hasher.check_needs_rehash(account.pin_hash):
        new_hash = _hasher.hash(pin)
    return PinCheck(account, matches, new_hash)


def record_sign_in(
    *, session: Session, check: PinCheck, now: dt.datetime | None = None
) -> SignInResult:
    """Apply a PIN check: count a failure or clear them; a locked account is refused.

    The lock is checked here, after the PIN was hashed, and a refusal reads exactly like
    a wrong PIN: neither the words nor the time tell an attacker which codes exist or
    are locked. Every path reads the row for update, so each takes the same work.
    """
    now = require_aware(now)
    staff: Staff | None = None
    if check.account is not None:
        staff = (
            session.execute(
                select(Staff).where(col(Staff.id) == check.account.id).with_for_update()
            )
            .scalars()
            .first()
        )
    else:
        # The same round trip as for a real account, for an id no row has.
        session.execute(select(Staff).where(col(Staff.id) == -1).with_for_update()).first()
    if staff is None or check.account is None or not staff.active:
        return SignInResult(None, WRONG)
    if staff.locked_until is not None and staff.locked_until > now:
        # Attempts during a lock are not counted, or anyone could lock a colleague out
        # for the longest time in seconds.
        return SignInResult(None, WRONG)
    if not check.matches or staff.pin_hash != check.account.pin_hash:
        # (A PIN changed since it was read counts as wrong: it was checked against the old.)
        staff.failed_attempts += 1
        wait = lock_seconds(staff.failed_attempts)
        staff.locked_until = now + dt.timedelta(seconds=wait) if wait else None
        session.add(staff)
        return SignInResult(None, WRONG)
    if check.new_hash is not None:
        staff.pin_hash = check.new_hash
    staff.failed_attempts = 0
    staff.locked_until = None
    session.add(staff)
    return SignInResult(_view(staff), f"Signed in as {staff.name}.")


def _verify(stored: str, pin: str) -> bool:
    try:
        return bool(_hasher.verify(stored, pin))
    except (VerificationError, InvalidHashError):
        return False
