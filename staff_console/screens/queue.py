"""The queue screen: who is waiting, how close each is to the target, who needs help now."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from models.counting import count_states
from models.target import TargetState
from models.views import VisitView

if TYPE_CHECKING:
    from models.alerts import AlertView
    from models.api import ConsoleSnapshot
    from staff_console.app import StaffConsoleApp

TARGET_STYLES = {
    TargetState.ON_TRACK: "bold green",
    TargetState.AMBER: "bold black on yellow",
    TargetState.BREACHED: "bold white on red",
}
"""How time left to target is coloured: on track, amber, breached."""
QUEUE_COLUMNS = ("ticket", "left", "waited", "service", "needs", "name", "arrived", "status")
"""The queue table's column keys, in order: time left to target right after the ticket,
so the colour that matters most is never scrolled out of sight."""
QUEUE_WIDTHS = (6, 8, 7, 15, 10, 14, 7, 14)
"""Their widths in cells."""
ALERT_SOURCE_WIDTH = 12
"""The alerts' "From" column: a kiosk station or desk name."""
ALERT_STYLES = {
    "help_now": "bold white on red",
    "breach": "bold white on red",
    "needs": "bold black on cyan",
    "near_breach": "bold black on yellow",
    "printer": "bold black on yellow",
    "closing": "bold",
}


def minutes(delta: dt.timedelta) -> str:
    """A duration as "12 min", "2 h 05 min", or "-3 min" once past."""
    seconds = delta.total_seconds()
    whole = int(seconds // 60) if seconds >= 0 else -int((-seconds + 59) // 60)
    if abs(whole) < 60:
        return f"{whole} min"
    sign = "-" if whole < 0 else ""
    return f"{sign}{abs(whole) // 60} h {abs(whole) % 60:02d} min"


class QueueScreen(Screen[None]):
    """The live queue, the visitor being served, and the alerts."""

    app: StaffConsoleApp  # type: ignore[assignment]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "call_next", "Call next"),
        Binding("c", "call_selected", "Call this one"),
        Binding("r", "recall", "Recall"),
        Binding("s", "serve", "Start serving"),
        Binding("d", "resolve", "Resolve"),
        Binding("t", "transfer", "Transfer"),
        Binding("h", "hold", "Hold"),
        Binding("u", "resume", "Resume", show=False),
        Binding("x", "no_show", "No-show"),
        Binding("k", "cancel", "Cancel", show=False),
        Binding("w", "walk_in", "Walk-in"),
        Binding("p", "reprint", "Reprint", show=False),
        Binding("f", "find", "Find / scan"),
        Binding("a", "acknowledge", "Acknowledge alert"),
        Binding("g", "figures", "Figures"),
        Binding("e", "hours", "Hours", show=False),
        Binding("v", "supervisor", "Supervisor", show=False),
        Binding("l", "lock", "Lock"),
    ]

    ready = False
    """The tables have their columns (a refresh may arrive before they do)."""
    _alert_repeats: dict[str, int]
    """Alerts shown, by id, with how many taps each folded."""
    _panel_shown: Text | None = None

    def compose(self) -> ComposeResult:
        """Status line, queue table, serving panel and alerts."""
        yield Label("", id="status-line")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield DataTable(id="queue", cursor_type="row", zebra_stripes=True)
                yield Label("Alerts (a: acknowledge)", id="alerts-heading", classes="heading")
                yield DataTable(id="alerts", cursor_type="row")
            with VerticalScroll(id="panel"):
                yield Static("", id="serving")
        yield Footer()

    def on_mount(self) -> None:
        """Set up the tables' columns."""
        queue = self.query_one("#queue", DataTable)
        # Fixed widths: columns never jump or clip as rows come and go.
        for key, width in zip(QUEUE_COLUMNS, QUEUE_WIDTHS, strict=True):
            queue.add_column(key.capitalize(), key=key, width=width)
        alerts = self.query_one("#alerts", DataTable)
        alerts.add_column("Time", key="time", width=5)
        alerts.add_column("From", key="source", width=ALERT_SOURCE_WIDTH)
        alerts.add_column("Alert", key="alert", width=72)
        self._alert_repeats = {}
        self.query_one("#queue", DataTable).focus()
        self.ready = True
        if self.app.snapshot is not None:
            self.show(self.app.snapshot, self.app.clock())

    # --- rendering a snapshot ------------------------------------------------------

    def show(self, snapshot: ConsoleSnapshot, now: dt.datetime) -> None:
        """Redraw from a fresh snapshot, keeping the highlighted row where it was."""
        if not self.ready:
            return  # drawn from on_mount once the tables have their columns
        self._status(snapshot, now)
        self._queue(snapshot.queue)
        self._alerts(snapshot.alerts)
        self.show_panel()

    def _status(self, snapshot: ConsoleSnapshot, now: dt.datetime) -> None:
        zone = self.app.settings.office.zone
        hours = snapshot.hours
        line = Text()
        if hours.is_open and hours.closes_at is not None:
            line.append(
                f"OPEN until {hours.closes_at.astimezone(zone):%H:%M} "
                f"({minutes(hours.closes_at - now)} left)",
                "bold green",
            )
        else:
            opens = hours.next_opens_at.astimezone(zone) if hours.next_opens_at else None
            line.append(
                "CLOSED" + (f" · opens {opens:%a %d %b %H:%M}" if opens else ""), "bold red"
            )
        if hours.override_reason:
            line.append(f" · hours changed today: {hours.override_reason}", "yellow")
        counts = count_states(visit.status for visit in snapshot.queue)
        line.append(f" · {counts.describe()} · {self.app.desk}")
        if self.app.staff is not None:
            line.append(f" · {self.app.staff.name}")
        for printer in snapshot.printers:
            if printer.is_fault:
                line.append(
                    f" · PRINTER {printer.station}: {printer.state.replace('_', ' ')}",
                    "bold white on red",
                )
        line.append(f" · {now.astimezone(zone):%H:%M:%S}")
        self.query_one("#status-line", Label).update(line)

    def _queue(self, visits: list[VisitView]) -> None:
        table = self.query_one("#queue", DataTable)
        rows = {str(visit.id): self._cells(visit) for visit in visits}
        if list(rows) == [key.value for key in table.rows]:
            # Same visitors in the same order (most refreshes): change only what changed,
            # so the table is not re-measured and re-drawn from scratch every second.
            for key, cells in rows.items():
                for column, value in zip(QUEUE_COLUMNS, cells, strict=True):
                    if table.get_cell(key, column) != value:
                        table.update_cell(key, column, value)
            return
        selected = self.selected_visit_id()
        table.clear()
        for key, cells in rows.items():
            table.add_row(*cells, key=key)
        if selected is not None and str(selected) in table.rows:
            table.move_cursor(row=table.get_row_index(str(selected)))

    def _cells(self, visit: VisitView) -> tuple[Text, ...]:
        # Every cell is a Text: a str cell would be parsed as markup, and names are typed
        # by visitors.
        tags = {need.code: need.tag for need in self.app.settings.needs}
        needs = " ".join(tags.get(code, code) for code in visit.needs)
        if visit.interpreter_language:
            needs += f" ({visit.interpreter_language})"
        status = visit.status.replace("_", " ")
        if visit.desk and visit.status in ("called", "serving"):
            status += f" @ {visit.desk}"
        elif visit.assigned_desk:
            status += f" → {visit.assigned_desk}"
        zone = self.app.settings.office.zone
        return (
            Text(visit.ticket, style="bold"),
            Text(minutes(visit.target.left), style=TARGET_STYLES[visit.target.state]),
            Text(minutes(visit.waited)),
            Text(self.app.service_name(visit.service_code)),
            Text(needs, style="bold cyan" if needs else ""),
            Text(visit.name or ""),
            Text(f"{visit.arrived_at.astimezone(zone):%H:%M}"),
            Text(status),
        )

    def _alerts(self, alerts: list[AlertView]) -> None:
        table = self.query_one("#alerts", DataTable)
        shown = [key.value for key in table.rows]
        wanted = [str(a.id) for a in alerts]
        repeats = {str(a.id): a.repeats for a in alerts}
        if wanted == shown and repeats == self._alert_repeats:
            self._alerts_heading(alerts, table)  # the pane may have been resized
            return  # same alerts, same counts: nothing to redraw
        arrived = bool(set(wanted) - set(shown)) or any(
            repeats[key] > self._alert_repeats.get(key, 0) for key in repeats
        )
        selected = self.selected_alert_id()
        self._alert_repeats = repeats
        table.clear()
        zone = self.app.settings.office.zone
        for alert in alerts:
            table.add_row(
                Text(f"{alert.last_raised_at.astimezone(zone):%H:%M}"),
                Text(alert.source or "console", overflow="ellipsis", no_wrap=True),
                Text(alert.message, style=ALERT_STYLES.get(alert.kind, "")),
                key=str(alert.id),
                height=None,  # a long message (the printer's) wraps instead of being cut
            )
        # Auto-height rows are measured when drawn: count what fits after that.
        self.call_after_refresh(self._alerts_heading, alerts, table)
        if not alerts:
            return
        if arrived:
            # Something new or repeated: the list is most urgent first, so the top is
            # where the receptionist must look. Go there, whatever was highlighted.
            table.move_cursor(row=0)
            table.scroll_home(animate=False)
        elif selected is not None and str(selected) in table.rows:
            table.move_cursor(row=table.get_row_index(str(selected)))

    def _alerts_heading(self, alerts: list[AlertView], table: DataTable[Any]) -> None:
        """ "Alerts: 30 (4 urgent) · 22 more below" — a badge when not all fit."""
        from models.alerts import URGENT

        text = Text("Alerts (a: acknowledge)")
        if alerts:
            urgent = sum(1 for a in alerts if a.kind in URGENT)
            text = Text(f"Alerts: {len(alerts)}")
            if urgent:
                text.append(f" ({urgent} urgent)", "bold white on red")
            # Rows can be taller than one line; count what fits from the top.
            room = max(0, table.scrollable_content_region.height - 1)
            fits = 0
            for row in table.ordered_rows:
                if room < row.height:
                    break
                room -= row.height
                fits += 1
            if 0 < fits < len(alerts) or (fits == 0 and table.row_count and alerts):
                hidden = len(alerts) - fits
                text.append(f" · {hidden} more below ▼", "bold reverse")
            text.append(" · a: acknowledge")
        self.query_one("#alerts-heading", Label).update(text)

    def selected_visit_id(self) -> int | None:
        """The visit on the queue table's highlighted row."""
        table = self.query_one("#queue", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return int(key) if key is not None else None

    def selected_alert_id(self) -> int | None:
        """The alert on the alerts table's highlighted row."""
        table = self.query_one("#alerts", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return int(key) if key is not None else None

    def show_panel(self) -> None:
        """The visitor this desk is serving (or the highlighted one), in full."""
        detail = self.app.panel_visit
        if detail is None:
            text = Text("Nobody called. Press n to call the next visitor.", "dim")
        else:
            text = visit_panel(detail, self.app)
        if text != self._panel_shown:
            self._panel_shown = text
            self.query_one("#serving", Static).update(text)

    @on(DataTable.RowHighlighted, "#queue")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.app.current_visit_id is None and event.row_key.value is not None:
            self.app.load_panel(int(event.row_key.value))

    # --- actions (each calls one rule through the app's worker) ------------------------

    def action_call_next(self) -> None:
        """Call the next visitor for this desk."""
        self.app.call_next_visitor()

    def _on_selected(self, action: str) -> None:
        visit_id = self.app.current_visit_id or self.selected_visit_id()
        if action == "call":
            visit_id = self.selected_visit_id()
        if visit_id is None:
            self.app.notify("Choose a visitor first.", severity="warning", markup=False)
            return
        self.app.visit_action(action, visit_id)

    def action_call_selected(self) -> None:
        """Call the highlighted visitor."""
        self._on_selected("call")

    def action_recall(self) -> None:
        """Call the current visitor again."""
        self._on_selected("recall")

    def action_serve(self) -> None:
        """The visitor is at the desk."""
        self._on_selected("serve")

    def action_hold(self) -> None:
        """Put the visitor on hold."""
        self._on_selected("hold")

    def action_resume(self) -> None:
        """Put a held visitor back in the queue."""
        visit_id = self.selected_visit_id()
        if visit_id is not None:
            self.app.visit_action("resume", visit_id)

    def action_no_show(self) -> None:
        """The called visitor did not come."""
        self._on_selected("no_show")

    def action_cancel(self) -> None:
        """Cancel the visit."""
        self._on_selected("cancel")

    def action_reprint(self) -> None:
        """Print the ticket again at the kiosk."""
        self._on_selected("reprint")

    def action_resolve(self) -> None:
        """Resolve with an outcome."""
        self._on_selected("resolve")

    def action_transfer(self) -> None:
        """Transfer with notes."""
        self._on_selected("transfer")

    def action_walk_in(self) -> None:
        """Add a walk-in or phone-in by hand."""
        self.app.open_walk_in()

    def action_find(self) -> None:
        """Find a visit by ticket number or QR scan."""
        self.app.open_find()

    def action_acknowledge(self) -> None:
        """Acknowledge the highlighted alert."""
        alert_id = self.selected_alert_id()
        if alert_id is not None:
            self.app.acknowledge(alert_id)

    def action_figures(self) -> None:
        """Today's figures."""
        self.app.open_figures()

    def action_hours(self) -> None:
        """Close early or extend (supervisors)."""
        self.app.open_hours()

    def action_supervisor(self) -> None:
        """Staff, desks, closures, a visitor's data (supervisors)."""
        self.app.open_supervisor()

    def action_lock(self) -> None:
        """Lock the console now."""
        self.app.lock_console()


def visit_panel(visit: VisitView, app: StaffConsoleApp) -> Text:
    """Everything recorded about a visit, as Text (names and notes are never markup)."""
    zone = app.settings.office.zone
    text = Text()
    text.append(f"{visit.ticket}  ", "bold")
    text.append(app.service_name(visit.service_code), "bold")
    text.append(f"  [{visit.status.replace('_', ' ')}]\n")
    text.append("Name: ")
    text.append(visit.name or "(not given)")
    text.append("\n")
    needs = [n.name("en") for n in app.settings.needs if n.code in visit.needs]
    if visit.interpreter_language:
        needs.append(f"interpreter language: {visit.interpreter_language}")
    text.append("Needs: ")
    text.append(", ".join(needs) if needs else "none", "bold cyan" if needs else "")
    text.append("\n")
    text.append(
        f"Arrived {visit.arrived_at.astimezone(zone):%H:%M}, "
        f"target {visit.target_due_at.astimezone(zone):%H:%M} "
        f"({visit.target_minutes} min)\n"
    )
    text.append(f"Channel: {visit.channel.replace('_', ' ')}, language: {visit.language}\n")
    if visit.outcome:
        text.append(f"Outcome: {visit.outcome.replace('_', ' ')}")
        if visit.outcome_detail:
            text.append(" — ")
            text.append(visit.outcome_detail)
        if visit.reply_due:
            text.append(f", written reply due {visit.reply_due:%a %d %b %Y}")
        if visit.callback_at:
            text.append(f", call back {visit.callback_at.astimezone(zone):%a %d %b %H:%M}")
        text.append("\n")
    if visit.notes:
        text.append("\nNotes from earlier desks:\n", "bold")
        for note in visit.notes:
            text.append(
                f"{note.at.astimezone(zone):%H:%M} {note.actor}"
                f"{' at ' + note.desk if note.desk else ''}: ",
                "italic",
            )
            text.append(note.note or "")
            text.append("\n")
    if visit.events:
        text.append("\nHistory:\n", "bold")
        for event in visit.events:
            text.append(
                f"{event.at.astimezone(zone):%H:%M:%S} {event.kind.replace('_', ' ')}"
                f" by {event.actor}{' at ' + event.desk if event.desk else ''}\n",
                "dim",
            )
    return text
