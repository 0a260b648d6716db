"""Widgets every frontdesk app may show: the offline banner."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from appbase.database import DatabaseStatus


class OfflineBanner(Static):
    """A line that appears while the database is offline and goes when it is back.

    It watches the app's `database_status` (an attribute coming down), so no screen
    has to pass the state along. `detail` is what this screen adds (for example, that
    the queue shown is read-only).
    """

    DEFAULT_CSS = """
    OfflineBanner {
        dock: top;
        width: 100%;
        height: auto;
        padding: 0 1;
        background: $error;
        color: $text;
        text-style: bold;
        display: none;
    }
    OfflineBanner.-offline { display: block; }
    """

    def __init__(self, detail: str = "", *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.detail = detail
        """Words this screen adds after the database's sentence."""

    def on_mount(self) -> None:
        """Follow the app's database state from now on."""
        self.watch(self.app, "database_status", self._show, init=True)

    def _show(self, status: DatabaseStatus) -> None:
        offline = not status.online and bool(status.problem)
        self.set_class(offline, "-offline")
        if offline:
            words = f"{status.sentence} {self.detail}".strip()
            self.update(Text(words))
