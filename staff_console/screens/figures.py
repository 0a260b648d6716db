"""Today's (or any range's) figures, by service, desk and hour, with a chart by hour."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Static

from appbase.screens import ReportsWorkerFailures
from appbase.threads import call_soon_from_worker
from staff_console.desk import DeskState

if TYPE_CHECKING:
    from models.views import FigureRow, Figures


def seconds_text(value: float | None) -> str:
    """Seconds as "m:ss", or a dash."""
    if value is None:
        return "—"
    whole = round(value)
    return f"{whole // 60}:{whole % 60:02d}"


def percent_text(row: FigureRow) -> str:
    """Resolved within target, as a percentage."""
    value = row.percent_within_target
    return "—" if value is None else f"{value:.0f}%"


def greet_percent_text(row: FigureRow) -> str:
    """Visitors greeted (first called) within 5 minutes, as a percentage."""
    value = row.percent_greeted_in_time
    return "—" if value is None else f"{value:.0f}%"


def hour_chart(figures: Figures, width: int = 40) -> Text:
    """Arrivals per hour as bars, with the average wait beside each."""
    text = Text()
    peak = max((row.visitors for row in figures.by_hour), default=0) or 1
    for row in figures.by_hour:
        bar = "█" * max(1, round(width * row.visitors / peak))
        text.append(f"{row.key}:00 ")
        text.append(bar, "cyan")
        text.append(f" {row.visitors} arrived, wait {seconds_text(row.average_wait_seconds)}\n")
    if not figures.by_hour:
        text.append("No visitors in this range.", "dim")
    return text


class FiguresScreen(ReportsWorkerFailures, Screen[None]):
    """Visitors, waits, greeting, the 15-minute target, breaches and needs."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back to the queue")]

    def __init__(self, state: DeskState) -> None:
        super().__init__()
        self.state = state
        """This desk, handed down by the app."""

    def compose(self) -> ComposeResult:
        """Range, totals, tables by service/desk/hour, the hourly chart."""
        today = self.state.clock().astimezone(self.state.settings.office.zone).date()
        with Horizontal(id="range"):
            yield Label("From")
            yield Input(today.isoformat(), id="from")
            yield Label("to")
            yield Input(today.isoformat(), id="to")
            yield Button("Show", id="show", variant="primary")
        with VerticalScroll():
            yield Static("", id="totals")
            yield DataTable(id="breakdown", cursor_type="row")
            yield Label("Arrivals by hour", classes="heading")
            yield Static("", id="chart")
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then today's figures."""
        table = self.query_one("#breakdown", DataTable)
        # Fixed widths: the table does not jump about as the figures load.
        columns = (
            ("Group", 22),
            ("Visits", 6),
            ("Waiting", 7),
            ("Greet", 5),
            ("≤5 min", 6),
            ("Avg wait", 8),
            ("Resolved", 8),
            ("In target", 9),
            ("Breach", 6),
            ("No-show", 7),
            ("Cancel", 6),
            ("Needs", 5),
        )
        for label, width in columns:
            table.add_column(label, width=width)
        table.focus()  # arrows scroll the figures; Tab reaches the dates
        self._show()

    def action_back(self) -> None:
        """Back to the queue."""
        self.dismiss()

    @on(Button.Pressed, "#show")
    @on(Input.Submitted)
    def _show(self) -> None:
        try:
            start = dt.date.fromisoformat(self.query_one("#from", Input).value.strip())
            end = dt.date.fromisoformat(self.query_one("#to", Input).value.strip())
        except ValueError:
            self.notify("Dates are YYYY-MM-DD.", severity="warning", markup=False)
            return
        self.load(start, end)

    @work(thread=True, exit_on_error=False, exclusive=True, group="figures")
    def load(self, start: dt.date, end: dt.date) -> None:
        """Compute the figures for a range (in SQL), then draw them."""
        from models import api
        from models.figures import figures

        result = api.read(
            self.state.engine(),
            figures,
            settings=self.state.settings,
            start=start,
            end=end,
            now=self.state.clock(),
        )
        call_soon_from_worker(self, self.show, result)

    def show(self, figures: Figures) -> None:
        """Draw the figures."""
        if not self.is_attached:
            return  # closed while they were read
        from models.report import greet_text, outcomes_text

        total = figures.total
        totals = Text()
        totals.append(
            f"{figures.start:%a %d %b %Y}"
            + (f" – {figures.end:%a %d %b %Y}" if figures.end != figures.start else "")
            + "\n",
            "bold",
        )
        totals.append(
            f"Visitors {total.visitors} · now {total.waiting_now} waiting · "
            f"{total.with_staff_now} with staff · {total.held_now} on hold\n"
            f"Time to greet: {greet_text(total)}\n"
            f"Average wait {seconds_text(total.average_wait_seconds)} · longest "
            f"{seconds_text(total.longest_wait_seconds)}\n"
            f"Resolved within target {percent_text(total)} ({total.resolved_within_target} of "
            f"{total.resolved}) · breaches {total.breaches}\n"
            f"{outcomes_text(total).capitalize()}\n"
            f"Needs acknowledged {total.needs_acknowledged} of {total.with_needs}"
        )
        self.query_one("#totals", Static).update(totals)
        table = self.query_one("#breakdown", DataTable)
        table.clear()
        groups = [
            ("Service", figures.by_service),
            ("Desk", figures.by_desk),
            ("Hour", figures.by_hour),
        ]
        for label, rows in groups:
            for row in rows:
                # The name alone ("Adult social care", "Desk 2", "09:00"): the rows come
                # in that order, and a prefix would cut long service names.
                namers: dict[str, Callable[[str], str]] = {
                    "Service": self.state.service_name,
                    "Desk": str,
                    "Hour": lambda key: f"{key}:00",
                }
                name = namers[label](row.key)
                table.add_row(
                    *(
                        Text(str(cell))
                        for cell in (
                            name,
                            row.visitors,
                            row.waiting_now,
                            seconds_text(row.median_greet_seconds),
                            greet_percent_text(row),
                            seconds_text(row.average_wait_seconds),
                            row.resolved,
                            percent_text(row),
                            row.breaches,
                            row.no_shows,
                            row.cancelled,
                            row.with_needs,
                        )
                    )
                )
        self.query_one("#chart", Static).update(hour_chart(figures))
