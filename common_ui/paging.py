"""Choices in pages: as many tiles as fit, with "◂ Previous" and "More ▸" for the rest.

Large-text tiles are several times taller, so a screen of services or needs may no
longer fit the terminal. A ChoicePages holds one Grid of tiles; once laid out it measures
the grid's rows and, when they are taller than the room it has, shows them a page at a
time (whole rows, so each tile keeps its place beside its neighbour).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Label

from common_ui.bigtext import BigButton, BigTextMixin

PAGER_ROWS = 3
"""Rows the "◂ Previous / More ▸" row takes (its buttons are three rows high)."""


class ChoicePages(Vertical):
    """A Grid of choices shown a page at a time when it does not fit."""

    DEFAULT_CSS = """
    ChoicePages { height: 1fr; }
    ChoicePages > .pager { height: 3; align: center middle; dock: bottom; }
    ChoicePages > .pager Button { height: 3; min-width: 14; margin: 0 1; }
    ChoicePages > .pager Label { width: auto; padding: 1 1; }
    """

    def __init__(
        self,
        *children: Widget,
        more: str,
        previous: str,
        make_room: Callable[[], bool] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*children, **kwargs)
        self.more_label = more
        self.previous_label = previous
        self.make_room = make_room
        """Called when a choice is drawn as ordinary text only for want of rows: gives
        this container more rows (the screen's question drawn smaller) and says whether
        it did. The choices matter more than the question."""
        self._fits = 0  # which refit a pending measurement belongs to
        self.pages: list[list[Widget]] = []
        """The tiles of each page (one page when everything fits)."""
        self.page = 0
        """The page shown, from 0."""
        self._measured_for: tuple[int, int] | None = None
        self._keep: Widget | None = None
        self.settled = False
        """Whether the tiles are paged for the size and labels they have now (a refit
        takes a frame or two: the tiles are laid out, then measured)."""

    def compose(self) -> ComposeResult:
        """The pager row, after the grid; hidden until pages are needed."""
        pager = Horizontal(
            Button(f"◂ {self.previous_label}", id="page-previous"),
            Label("", id="page-number"),
            Button(f"{self.more_label} ▸", id="page-more"),
            classes="pager",
        )
        pager.display = False
        yield pager

    def on_resize(self) -> None:
        """Measure again at a new size."""
        size = (self.size.width, self.size.height)
        if size == self._measured_for or not self.size.area:
            return
        self._measured_for = size
        self.refit()

    @on(BigButton.Relabelled)
    def _relabelled(self, event: BigButton.Relabelled) -> None:
        # A ticked need's longer label may take another line: measure again, and stay
        # on the page that choice is on.
        if self._measured_for is not None:
            self.refit(keep=event.button)

    def refit(self, keep: Widget | None = None) -> None:
        """Show every tile as composed, then page them once they are laid out again."""
        for tile in self.tiles():
            tile.display = True
            if isinstance(tile, BigTextMixin):  # as composed, before any was made smaller
                tile.max_rows = None
        self.query_one(".pager").display = False
        self.settled = False
        self._keep = keep
        self._fits += 1
        self.call_after_refresh(self._paginate, self._fits)

    def grid(self) -> Grid:
        """The grid of choices."""
        return self.query_one(Grid)

    def tiles(self) -> list[Widget]:
        """Every choice, on any page."""
        return list(self.grid().children)

    def _paginate(self, fit: int) -> None:
        if fit != self._fits:
            return  # a later refit (a resize, more room) measures again
        if not self.is_attached or not self.query(Grid):
            # Taken down meanwhile: a screen under the top, resumed at a new size on the
            # way down (the ticket, Start again), measured its choices as it went.
            return
        # Group the laid-out tiles into the grid's rows, then pack whole rows into pages.
        grid = self.grid()
        rows: dict[int, list[Widget]] = {}
        for tile in self.tiles():
            rows.setdefault(tile.region.y, []).append(tile)
        # Textual's horizontal gutter is the one between rows (grid-gutter's first value).
        gutter = grid.styles.grid_gutter_horizontal
        padding = grid.styles.padding.top + grid.styles.padding.bottom
        room = self.content_region.height
        # A tile taller than a page on its own is given the rows a page has: its big
        # letters are drawn in fewer lines or the narrower font, at last as ordinary
        # text. Then everything is measured again (once: the rows only ever shrink).
        page_rows = room - PAGER_ROWS - padding
        shrunk = []
        for tile in self.tiles():
            if not isinstance(tile, BigTextMixin) or tile.outer_size.height <= page_rows:
                continue
            frame = tile.outer_size.height - tile.content_region.height  # border, margin
            budget = max(0, page_rows - frame)
            if tile.max_rows is None or budget < tile.max_rows:
                tile.max_rows = budget
                shrunk.append(tile)
        if shrunk and len(self.tiles()) > 1:
            for tile in shrunk:
                tile.refresh(layout=True)
            self.call_after_refresh(self._paginate, fit)
            return
        cramped = any(isinstance(t, BigTextMixin) and t.cramped for t in self.tiles())
        if cramped and self.make_room is not None and self.make_room():
            self.refit(keep=self._keep)  # measured again once the room is there
            return
        total = sum(max(t.outer_size.height for t in row) for row in rows.values())
        total += gutter * max(0, len(rows) - 1) + padding
        if total <= room:
            self.pages = [self.tiles()]
        else:
            room -= PAGER_ROWS
            self.pages = []
            used = padding
            for y in sorted(rows):
                row = rows[y]
                height = max(t.outer_size.height for t in row)
                if self.pages and used + gutter + height <= room:
                    self.pages[-1].extend(row)
                    used += gutter + height
                else:
                    self.pages.append(list(row))
                    used = padding + height
        kept = self.page_of(self._keep) if self._keep is not None else None
        self.show_page(kept if kept is not None else min(self.page, len(self.pages) - 1))
        self.settled = True

    def show_page(self, page: int) -> None:
        """Show page `page` (from 0) and the pager when there is more than one."""
        self.page = page
        shown = self.pages[page] if self.pages else self.tiles()
        for tile in self.tiles():
            tile.display = tile in shown
        several = len(self.pages) > 1
        self.query_one(".pager").display = several
        self.query_one("#page-previous").display = several and page > 0
        self.query_one("#page-more").display = several and page < len(self.pages) - 1
        self.query_one("#page-number", Label).update(f"{page + 1} / {len(self.pages)}")

    def page_of(self, tile: Widget) -> int | None:
        """The page `tile` is on, or None."""
        return next((n for n, page in enumerate(self.pages) if tile in page), None)

    @on(Button.Pressed, "#page-more")
    def _more(self, event: Button.Pressed) -> None:
        event.stop()
        self._turn(+1)

    @on(Button.Pressed, "#page-previous")
    def _previous(self, event: Button.Pressed) -> None:
        event.stop()
        self._turn(-1)

    def _turn(self, step: int) -> None:
        self.show_page(max(0, min(len(self.pages) - 1, self.page + step)))
        # Keep the focus on the pager while it is there, so Enter turns again; else on
        # the page's first choice.
        pressed = self.query_one("#page-more" if step > 0 else "#page-previous")
        if pressed.display:
            pressed.focus()
        elif self.pages[self.page]:
            self.pages[self.page][0].focus()
