"""The current time, always aware and in UTC."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    """Now, as an aware UTC datetime."""
    return dt.datetime.now(dt.UTC)


def require_aware(instant: dt.datetime | None) -> dt.datetime:
    """`instant` in UTC (now when None); a naive datetime is a programming error."""
    if instant is None:
        return utcnow()
    if instant.tzinfo is None:
        raise ValueError("naive datetime: pass an aware time (UTC)")
    return instant.astimezone(dt.UTC)
