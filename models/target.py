"""The resolution target: how long is left, and whether that is fine, close or too late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class TargetState(StrEnum):
    """The colour a visit shows on the console."""

    ON_TRACK = "on_track"
    AMBER = "amber"
    BREACHED = "breached"


@dataclass(frozen=True)
class TargetStatus:
    """Time left to a visit's target and what that means."""

    left: dt.timedelta
    """Time until the target (negative once it has passed)."""
    state: TargetState
    """On track, amber (under the amber minutes left) or breached (none left)."""


def target_status(
    due_at: dt.datetime,
    now: dt.datetime,
    *,
    amber_minutes: int = 5,
    ended_at: dt.datetime | None = None,
) -> TargetStatus:
    """The target status of a visit due at `due_at`, seen at `now` (or when it ended).

    Args:
        due_at: Arrival plus the service's target.
        now: The moment to judge at.
        amber_minutes: Under this much time left, the visit is amber.
        ended_at: For a finished visit, judge at its end rather than now: on track
            when it ended by the target, breached otherwise.
    """
    moment = ended_at if ended_at is not None and ended_at < now else now
    left = due_at - moment
    if ended_at is not None:
        # A finished visit either met its target or did not; amber means "hurry".
        state = TargetState.ON_TRACK if ended_at <= due_at else TargetState.BREACHED
    elif left <= dt.timedelta(0):
        state = TargetState.BREACHED
    elif left < dt.timedelta(minutes=amber_minutes):
        state = TargetState.AMBER
    else:
        state = TargetState.ON_TRACK
    return TargetStatus(left=left, state=state)
