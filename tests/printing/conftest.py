"""Fixtures for ticket tests: a sample ticket in any language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest

from config import Settings
from printing.content import TicketContent

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def make_ticket() -> Callable[..., TicketContent]:
    """A ticket as a visitor in `language` would get it."""

    def make(language: str = "en", **changes: object) -> TicketContent:
        settings = Settings()
        values: dict[str, object] = {
            "organisation": settings.office.organisation,
            "office": settings.office.name,
            "ticket": "A017",
            "service": settings.services[0].name(language),
            "language": language,
            "arrived": dt.datetime(2026, 11, 27, 9, 57, tzinfo=LONDON),
            "people_ahead": 3,
            "target": dt.datetime(2026, 11, 27, 10, 12, tzinfo=LONDON),
            "qr_payload": "7K3M9QXA",
            "website": settings.office.website,
        }
        values.update(changes)
        return TicketContent(**values)  # type: ignore[arg-type]

    return make
