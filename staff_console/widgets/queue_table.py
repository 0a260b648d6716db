"""The queue table: a DataTable that knows when the person moved its highlight."""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable


class QueueTable(DataTable[object]):
    """The live queue. `moved_by_user` tells a highlight the receptionist moved (keys,
    clicks) from one the refresh made by redrawing rows, so the side panel follows the
    person's choice and not the redraw."""

    moved_by_user = False
    """Set by a cursor key or a click; the screen clears it when it follows."""

    def action_cursor_up(self) -> None:
        """Up one row (the receptionist's choice)."""
        self.moved_by_user = True
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        """Down one row."""
        self.moved_by_user = True
        super().action_cursor_down()

    def action_page_up(self) -> None:
        """Up one page."""
        self.moved_by_user = True
        super().action_page_up()

    def action_page_down(self) -> None:
        """Down one page."""
        self.moved_by_user = True
        super().action_page_down()

    def action_scroll_top(self) -> None:
        """To the first row."""
        self.moved_by_user = True
        super().action_scroll_top()

    def action_scroll_bottom(self) -> None:
        """To the last row."""
        self.moved_by_user = True
        super().action_scroll_bottom()

    def action_scroll_home(self) -> None:
        """To the first row (Home)."""
        self.moved_by_user = True
        super().action_scroll_home()

    def action_scroll_end(self) -> None:
        """To the last row (End)."""
        self.moved_by_user = True
        super().action_scroll_end()

    async def _on_click(self, event: events.Click) -> None:
        self.moved_by_user = True
        await super()._on_click(event)
