"""`KioskService`: what the kiosk's screens may do in the world, one blocking call each.

The app makes one and passes it down to the screens that own work (Confirm makes the
check-in, the ticket screen follows its print, Welcome calls for help, the staff menu
prints, reprints and pauses). Each method blocks on the database or the printer, so
screens call them only from their thread workers. The database and printing libraries
are imported inside the methods: loading them up front would hold back the kiosk's
first paint.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from config.settings import Settings
    from kiosk.draft import CheckInDraft
    from models.api import KioskState
    from models.views import TicketFacts
    from printing.connections import Printer

log = logging.getLogger("frontdesk.kiosk")


class KioskService:
    """The models and printing calls the kiosk's screens make, bound to this kiosk.

    Args:
        settings: The validated configuration.
        engine: The engine for a unit of work; raises `DatabaseUnavailable` when the
            database is not answering (`FrontdeskApp.require_engine`).
        clock: Now, as aware UTC.
        printer: The ticket printer (None: the configured one).
        check_database: Ask the database's health thread to look at once (thread-safe).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        engine: Callable[[], Engine],
        clock: Callable[[], dt.datetime],
        printer: Printer | None,
        check_database: Callable[[], None],
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.clock = clock
        self.printer = printer
        self._check_database = check_database

    def database_unreachable(self, what: str) -> None:
        """`what` failed because the database is away: not a fault of the kiosk.

        The health thread is asked to look now, and shows the outage at once.
        """
        log.warning("%s failed: the database cannot be reached", what)
        self._check_database()

    def check_in(self, draft: CheckInDraft, language: str) -> TicketFacts:
        """Make the visitor's check-in (raises `OfficeClosed` when it is refused)."""
        from models import api

        return api.kiosk_check_in(
            self.engine(),
            self.settings,
            service_code=draft.service_code or "",
            language=language,
            needs=list(draft.needs),
            interpreter_language=draft.interpreter_language,
            name=draft.name,
            now=self.clock(),
        )

    def print_job_status(self, job_id: int) -> str:
        """Where a print job is now (a `PrintJobStatus` value)."""
        from models import api

        return api.print_job(self.engine(), job_id).status

    def kiosk_state(self) -> KioskState:
        """Opening hours, overrides, closures, the pause switch and the printer, now."""
        from models import api

        return api.kiosk_state(self.engine(), self.settings, self.clock())

    def ask_for_help(self) -> None:
        """Alert staff that a visitor needs help now."""
        from models import api

        api.ask_for_help(self.engine(), self.settings, self.clock())

    def test_print(self) -> str:
        """Print a sample ticket now; say how the printer is, for staff."""
        from printing.testprint import run_test_print

        return run_test_print(self.settings, printer=self.printer).message

    def reprint(self, visit_id: int, actor: str) -> None:
        """Queue a visit's ticket again."""
        from models import api

        api.reprint(self.engine(), self.settings, visit_id=visit_id, actor=actor, now=self.clock())

    def set_paused(self, paused: bool, by: str) -> KioskState:
        """Pause or resume check-ins at this site; the state that follows."""
        from models import api

        engine = self.engine()
        api.set_checkins_paused(engine, self.settings, paused=paused, by=by, now=self.clock())
        return api.kiosk_state(engine, self.settings, self.clock())
