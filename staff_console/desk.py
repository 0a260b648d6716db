"""`DeskState`: what the console's screens show, handed down to them by the app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from config.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from models.api import ConsoleSnapshot
    from models.staff import StaffView
    from models.views import VisitView


@dataclass
class DeskState:
    """This desk as the console's screens see it (attributes down).

    The app makes one, hands it to each screen it opens, and is the only one to change
    it (after a refresh, a sign-in, a selection). Screens read it and ask for changes
    with messages (`staff_console.messages`); they never call the app.
    """

    settings: Settings
    """The validated configuration."""
    desk: str
    """This terminal's desk name (visitors are called to it)."""
    clock: Callable[[], dt.datetime]
    """Now, as aware UTC (the app's clock)."""
    engine: Callable[[], Engine]
    """The engine for a screen's own reading worker (raises `DatabaseUnavailable`)."""
    database_where: Callable[[], str]
    """The database, for a status line."""
    staff: StaffView | None = None
    """Who is signed in; None while locked."""
    snapshot: ConsoleSnapshot | None = None
    """The latest refresh."""
    selected_visit_id: int | None = None
    """The visitor in the side panel: every action key acts on this one."""
    panel_visit: VisitView | None = None
    """The selected visit's full record, once read."""

    @property
    def is_supervisor(self) -> bool:
        """A supervisor is signed in."""
        return self.staff is not None and self.staff.is_supervisor

    def service_name(self, code: str) -> str:
        """A service's English name (staff read English), or its code."""
        try:
            return self.settings.service(code).name("en")
        except KeyError:
            return code

    def ticket_of(self, visit_id: int) -> str:
        """A visit's ticket number, from the queue or the panel."""
        for visit in self.snapshot.queue if self.snapshot else []:
            if visit.id == visit_id:
                return visit.ticket
        if self.panel_visit is not None and self.panel_visit.id == visit_id:
            return self.panel_visit.ticket
        return "this visit"

    def called_here(self) -> list[VisitView]:
        """Visitors called to or being served at this desk, as last refreshed."""
        queue = self.snapshot.queue if self.snapshot else []
        return [v for v in queue if v.desk == self.desk and v.status in ("called", "serving")]
