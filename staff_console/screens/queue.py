"""The queue screen: who is waiting, how close each is to the target, who needs help now."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static
from textual.widgets.data_table import ColumnKey

from appbase.widgets import OfflineBanner
from i18n.languages import INTERPRETER_ENGLISH_NAMES, in_english, interpreter_in_english
from models.counting import count_states
from models.target import TargetState, target_status
from models.views import VisitView
from staff_console.desk import DeskState
from staff_console.forms import FindQuery, HoursChange
from staff_console.messages import (
    AlertAcknowledged,
    CallNextRequested,
    CheckinsPauseRequested,
    FindRequested,
    HoursChangeRequested,
    LockRequested,
    UndoRequested,
    VisitAction,
    VisitActionRequested,
    VisitSelected,
    WalkInRequested,
)
from staff_console.screens.dialogs import ConfirmDialog, FindDialog, HoursDialog
from staff_console.widgets.keybar import KeyBar
from staff_console.widgets.queue_table import QueueTable

if TYPE_CHECKING:
    from models.alerts import AlertView
    from models.api import ConsoleSnapshot

TARGET_STYLES = {
    TargetState.ON_TRACK: "bold green",
    TargetState.AMBER: "bold black on yellow",
    TargetState.BREACHED: "bold white on red",
}
"""How time left to target is coloured: on track, amber, breached."""
QUEUE_COLUMNS = (
    "ticket",
    "left",
    "waited",
    "service",
    "needs",
    "name",
    "arrived",
    "status",
)
"""The queue table's column keys, in order: time left to target right after the ticket,
so the colour that matters most is never scrolled out of sight."""
QUEUE_HEADERS = {"ticket": "Ticket", "left": "Left", "waited": "Waited", "arrived": "Arrived"}
"""Column labels where the key capitalised is not the label."""
FIXED_WIDTHS = {"ticket": 6, "left": 7, "waited": 7, "arrived": 7}
"""Columns whose values have a known longest form ("▶A001", "-59m59s", "09:42") and
whose labels must fit whole."""
FLEX_ORDER = ("status", "name", "service", "needs")
"""Columns sized to the room left, in the order they get it: the status (with the whole
desk name), the visitor's name (to greet them), the service's name, the needs tags.
What is still too long wraps onto more lines of its row: nothing is cut off."""
FLEX_MINIMUM = {"status": 10, "service": 12, "needs": 8, "name": 12}
"""Below these a column would wrap word by word."""
TIGHTEST = 6
"""The narrowest a flexible column gets, whatever the width."""
FLEX_NAME_FIRST = 20
"""The name's share before the service and needs get theirs."""
ARRIVED_FROM_WIDTH = 110
"""Narrower tables leave out the arrival time (the side panel shows it) for the text."""
CELL_PADDING = 2
"""A DataTable cell's padding, one cell each side."""
KEY_PRIORITY: tuple[str, ...] = ("n", "c", "s", "d", "t", "x", "k", "z", "h", "u", "r", "f")
KEY_PRIORITY += ("w", "a", "g", "p", "l", "i", "e", "v")
"""The footer's keys, most needed first: it shows as many as fit the width."""
TICK_SECONDS = 1.0
"""How often time left and time waited are drawn again from the clock (no read)."""
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


def short_minutes(delta: dt.timedelta) -> str:
    """A duration for a narrow column: "12 min", "-3 min", "2h05m", "-1h10m"."""
    seconds = delta.total_seconds()
    whole = int(seconds // 60) if seconds >= 0 else -int((-seconds + 59) // 60)
    if abs(whole) < 60:
        return f"{whole} min"
    sign = "-" if whole < 0 else ""
    return f"{sign}{abs(whole) // 60}h{abs(whole) % 60:02d}m"


def countdown(delta: dt.timedelta) -> str:
    """Time left for a narrow column, moving every second under an hour: "14m59s",
    "-3m05s" once past; "1h05m", "-1h10m" beyond an hour (`short_minutes`).

    Minutes and seconds with their letters: "14:59" would read as a time of day beside
    the Arrived column.
    """
    seconds = math.floor(delta.total_seconds())
    if abs(seconds) >= 3600:
        return short_minutes(delta)
    sign = "-" if seconds < 0 else ""
    return f"{sign}{abs(seconds) // 60}m{abs(seconds) % 60:02d}s"


def time_cells(visit: VisitView, now: dt.datetime, amber_minutes: int) -> tuple[Text, Text]:
    """The "left" and "waited" cells of `visit` at `now`, from the data already read.

    The console reads the queue when it changes (and every few seconds); in between,
    time left and its colour move with the clock alone, judged as the queue rules judge
    them (`models.target.target_status`), so no read is needed to count down.
    """
    target = target_status(
        visit.target_due_at, now, amber_minutes=amber_minutes, ended_at=visit.ended_at
    )
    waited = (visit.ended_at or now) - visit.arrived_at
    return (
        Text(countdown(target.left), style=TARGET_STYLES[target.state]),
        Text(short_minutes(waited)),
    )


def fit_widths(
    available: int, wants: dict[str, int], floors: dict[str, int] | None = None
) -> dict[str, int]:
    """Column widths for a table `available` cells wide (padding included).

    Fixed columns get their width; the flexible ones (`FLEX_ORDER`) get their minimum,
    then the room left goes to each in turn up to what its longest value `wants`, and
    any room after that to the name. `floors` are widths a column keeps however narrow
    the table (the needs column's longest word: a tag cut in two reads as nonsense).
    """
    floor = {key: TIGHTEST for key in FLEX_ORDER} | (floors or {})
    widths = dict(FIXED_WIDTHS)
    if available < ARRIVED_FROM_WIDTH:
        del widths["arrived"]
    columns = len(widths) + len(FLEX_ORDER)
    room = available - CELL_PADDING * columns - sum(widths.values())
    for key in FLEX_ORDER:
        widths[key] = max(FLEX_MINIMUM[key], floor[key])
        room -= widths[key]
    # A narrow terminal (under 120 columns): narrow the flexible columns in turn, down to
    # their floor, rather than push the status out of sight (their text wraps the more).
    while room < 0 and any(widths[key] > floor[key] for key in FLEX_ORDER):
        for key in ("service", "name", "needs", "status"):
            if room < 0 and widths[key] > floor[key]:
                widths[key] -= 1
                room += 1
    for key in FLEX_ORDER:
        want = min(wants.get(key, 0), FLEX_NAME_FIRST) if key == "name" else wants.get(key, 0)
        extra = max(0, min(room, want - widths[key]))
        widths[key] += extra
        room -= extra
    widths["name"] += max(0, room)
    return {key: widths[key] for key in QUEUE_COLUMNS if key in widths}


def minutes(delta: dt.timedelta) -> str:
    """A duration as "12 min", "2 h 05 min", or "-3 min" once past."""
    seconds = delta.total_seconds()
    whole = int(seconds // 60) if seconds >= 0 else -int((-seconds + 59) // 60)
    if abs(whole) < 60:
        return f"{whole} min"
    sign = "-" if whole < 0 else ""
    return f"{sign}{abs(whole) // 60} h {abs(whole) % 60:02d} min"


class QueueScreen(Screen[None]):
    """The live queue, the visitor being served, and the alerts.

    It reads the desk from `state` (handed down by the app, which redraws it with
    `show` after each refresh) and asks for every change with a message
    (`staff_console.messages`).
    """

    # Shown by the KeyBar (by KEY_PRIORITY, as many as fit), the palette and `?`.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "call_next", "Call next", show=False),
        Binding("c", "call_selected", "Call this one", show=False),
        Binding("r", "recall", "Recall", show=False),
        Binding("s", "serve", "Start serving", show=False),
        Binding("d", "resolve", "Resolve", show=False),
        Binding("t", "transfer", "Transfer", show=False),
        Binding("h", "hold", "Hold", show=False),
        Binding("u", "resume", "Resume", show=False),
        Binding("x", "no_show", "No-show", show=False),
        Binding("k", "cancel", "Cancel visit", show=False),
        Binding("z", "undo", "Undo last ending", show=False),
        Binding("w", "walk_in", "Walk-in", show=False),
        Binding("p", "reprint", "Reprint", show=False),
        Binding("f", "find", "Find / scan", show=False),
        Binding("a", "acknowledge", "Acknowledge alert", show=False),
        Binding("g", "figures", "Figures", show=False),
        Binding("i", "check_ins", "Pause/resume check-ins", show=False),
        Binding("e", "hours", "Hours", show=False),
        Binding("v", "supervisor", "Supervisor", show=False),
        Binding("l", "lock", "Lock", show=False),
        Binding("question_mark,f1", "help", "All keys", show=False),
    ]

    ready = False
    """The tables have their columns (a refresh may arrive before they do)."""
    _point_at: int | None = None
    """A visitor the app selected whose row has not appeared yet."""
    _widths: dict[str, int] | None = None
    """The queue's column widths as last fitted."""
    _refit = False
    _alerts_redraw = False
    """The alerts' column changed width: draw the rows again."""
    """The columns changed width: rows are added again to measure their height."""
    _alert_repeats: dict[str, int]
    """Alerts shown, by id, with how many taps each folded."""
    _panel_shown: Text | None = None

    def __init__(self, state: DeskState) -> None:
        super().__init__()
        self.state = state
        """This desk, handed down by the app."""

    def compose(self) -> ComposeResult:
        """Offline banner, status line, queue table, serving panel and alerts."""
        yield OfflineBanner(id="offline")
        yield Label("", id="status-line")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield QueueTable(id="queue", cursor_type="row", zebra_stripes=True)
                yield Label("Alerts (a: acknowledge)", id="alerts-heading", classes="heading")
                # The highlight keeps each alert's own colours of text: white over the
                # needs' cyan could not be read, and the top row is highlighted by default.
                yield DataTable(
                    id="alerts", cursor_type="row", cursor_foreground_priority="renderable"
                )
            with VerticalScroll(id="panel"):
                yield Static("", id="serving")
        labels = {
            binding.key: binding.description
            for binding in self.BINDINGS
            if isinstance(binding, Binding)
        }
        yield KeyBar([(key, labels[key]) for key in KEY_PRIORITY], id="keybar")

    def on_mount(self) -> None:
        """Set up the tables' columns."""
        # Widths are fitted to the table (`fit_columns`) and do not change as rows come
        # and go: columns never jump.
        self._set_columns(fit_widths(ARRIVED_FROM_WIDTH, {}))
        alerts = self.query_one("#alerts", DataTable)
        alerts.add_column("Time", key="time", width=5)
        alerts.add_column("From", key="source", width=ALERT_SOURCE_WIDTH)
        alerts.add_column("Alert", key="alert", width=72)
        self._alert_repeats = {}
        self.query_one("#queue", DataTable).focus()
        self.ready = True
        if self.state.snapshot is not None:
            self.show(self.state.snapshot, self.state.clock())
        # Reads come on a change or every few seconds; the countdown moves every second.
        self.set_interval(TICK_SECONDS, self.tick)

    # --- rendering a snapshot ------------------------------------------------------

    def show(self, snapshot: ConsoleSnapshot, now: dt.datetime) -> None:
        """Redraw from a fresh snapshot, keeping the highlighted row where it was."""
        if not self.ready:
            return  # drawn from on_mount once the tables have their columns
        self._status(snapshot, now)
        zone = self.state.settings.office.zone
        self.query_one(OfflineBanner).detail = (
            f"The queue below is as it was at {now.astimezone(zone):%H:%M:%S}: "
            "nothing can be changed until the database is back."
        )
        self._queue(snapshot.queue, now)
        self._alerts(snapshot.alerts)
        self.show_panel()

    def tick(self) -> None:
        """Each second: time left, time waited and the status line's clock move on.

        From the snapshot already held and the app's clock, without reading the
        database; only the cells whose text changed are updated (`_queue`).
        """
        snapshot = self.state.snapshot
        if not self.ready or snapshot is None or self.state.staff is None:
            return
        now = self.state.clock()
        self._status(snapshot, now)
        self._queue(snapshot.queue, now)

    def _status(self, snapshot: ConsoleSnapshot, now: dt.datetime) -> None:
        zone = self.state.settings.office.zone
        hours = snapshot.hours
        line = Text()
        if hours.is_open and snapshot.checkins_paused:
            # "OPEN" would tell the desk visitors can check in; the kiosks turn them away.
            line.append("Check-ins paused", "bold black on yellow")
            # Where to end it, here: the desk sees the visitors being turned away.
            line.append(" (i: resume)", "bold")
            if hours.closes_at is not None:
                line.append(f" · office open until {hours.closes_at.astimezone(zone):%H:%M}")
        elif hours.is_open and hours.closes_at is not None:
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
        line.append(f" · {counts.describe()} · {self.state.desk}")
        if self.state.staff is not None:
            line.append(f" · {self.state.staff.name}")
        for printer in snapshot.printers:
            if printer.is_fault:
                line.append(
                    f" · PRINTER {printer.station}: {printer.state.replace('_', ' ')}",
                    "bold white on red",
                )
        line.append(f" · {now.astimezone(zone):%H:%M:%S}")
        line.append(f" · {self.state.database_where()}", "dim")
        self.query_one("#status-line", Label).update(line)

    def _queue(self, visits: list[VisitView], now: dt.datetime | None = None) -> None:
        table = self.query_one("#queue", DataTable)
        shown = list(self._widths or QUEUE_COLUMNS)
        now = now or self.state.clock()
        rows = {str(visit.id): self._cells(visit, shown, now) for visit in visits}
        if list(rows) == [key.value for key in table.rows] and not self._refit:
            # Same visitors in the same order (most refreshes): change only what changed,
            # so the table is not re-measured and re-drawn from scratch every second.
            changes = [
                (key, column, value)
                for key, cells in rows.items()
                for column, value in zip(shown, cells, strict=True)
                if table.get_cell(key, column) != value
            ]
            # Times and the ticket (its selection mark) keep their length; a changed
            # status, name or service may need another line, which adding the row measures.
            if all(column in ("left", "waited", "ticket") for _, column, _ in changes):
                for key, column, value in changes:
                    table.update_cell(key, column, value)
                return
        self._refit = False
        highlighted = self.selected_visit_id()
        table.clear()
        for key, cells in rows.items():
            table.add_row(*cells, key=key, height=None)  # long values wrap, never cut
        if self._point_at is not None and str(self._point_at) in table.rows:
            # The app chose a visitor (called, found): the highlight goes to them.
            highlighted, self._point_at = self._point_at, None
        if highlighted is not None and str(highlighted) in table.rows:
            table.move_cursor(row=table.get_row_index(str(highlighted)))

    def on_resize(self) -> None:
        """Fit the columns to the new width once the layout has settled."""
        self.call_after_refresh(self.fit_columns)

    def _set_columns(self, widths: dict[str, int]) -> None:
        queue = self.query_one("#queue", DataTable)
        queue.clear(columns=True)
        for key, width in widths.items():
            queue.add_column(QUEUE_HEADERS.get(key, key.capitalize()), key=key, width=width)
        self._widths = widths

    def fit_columns(self) -> None:
        """Size the queue's and the alerts' columns to the tables' widths."""
        settings = self.state.settings
        queue = self.query_one("#queue", DataTable)
        available = queue.scrollable_content_region.width
        if available <= 0:
            return
        desks = [self.state.desk, *(d.name for d in settings.desks)]
        longest_desk = max(len(name) for name in desks)
        tags = sorted((len(n.tag) for n in settings.needs), reverse=True)
        wants = {
            "status": len("serving @ ") + longest_desk,
            "service": max(len(s.name("en")) for s in settings.services),
            # Two tags and an interpreter language ("BSL LANG Lithuanian").
            "needs": sum(tags[:2]) + 1 + len(" Lithuanian"),
            "name": 30,
        }
        # Each tag and language is one word the needs column must hold whole.
        words = [*(n.tag for n in settings.needs), *INTERPRETER_ENGLISH_NAMES.values()]
        widths = fit_widths(available, wants, {"needs": max(len(word) for word in words)})
        if widths != self._widths:
            self._set_columns(widths)
            self._refit = True
            if self.state.snapshot is not None:
                self._queue(self.state.snapshot.queue)
        alerts = self.query_one("#alerts", DataTable)
        room = alerts.scrollable_content_region.width - 3 * CELL_PADDING - 5 - ALERT_SOURCE_WIDTH
        column = alerts.columns[ColumnKey("alert")]
        if room > 20 and column.width != room:
            column.width = room
            self._alerts_redraw = True  # rows measure their height when added
            if self.state.snapshot is not None:
                self._alerts(self.state.snapshot.alerts)

    def _cells(self, visit: VisitView, columns: list[str], now: dt.datetime) -> tuple[Text, ...]:
        # Every cell is a Text: a str cell would be parsed as markup, and names are typed
        # by visitors.
        tags = {need.code: need.tag for need in self.state.settings.needs}
        needs = " ".join(tags.get(code, code) for code in visit.needs)
        if visit.interpreter_language:
            # Words apart, no brackets: the cell wraps between words, never inside one
            # ("LANG (Polski" with ")" alone below), and staff read the English name.
            needs += " " + interpreter_in_english(visit.interpreter_language)
        status = visit.status.replace("_", " ")
        if visit.desk and visit.status in ("called", "serving"):
            status += f" @ {visit.desk}"
        elif visit.assigned_desk:
            status += f" → {visit.assigned_desk}"
        zone = self.state.settings.office.zone
        # The selected visitor (the one the keys act on) is marked in the ticket cell.
        chosen = visit.id == self.state.selected_visit_id
        ticket = Text("▶", style="bold reverse") if chosen else Text(" ")
        ticket.append(visit.ticket, style="bold")
        left, waited = time_cells(visit, now, self.state.settings.amber_minutes)
        cells = {
            "ticket": ticket,
            "left": left,
            "waited": waited,
            "service": Text(self.state.service_name(visit.service_code)),
            "needs": Text(needs, style="bold cyan" if needs else ""),
            "name": Text(visit.name or ""),
            "arrived": Text(f"{visit.arrived_at.astimezone(zone):%H:%M}"),
            "status": Text(status),
        }
        return tuple(cells[key] for key in columns)

    def _alerts(self, alerts: list[AlertView]) -> None:
        table = self.query_one("#alerts", DataTable)
        shown = [key.value for key in table.rows]
        wanted = [str(a.id) for a in alerts]
        repeats = {str(a.id): a.repeats for a in alerts}
        if wanted == shown and repeats == self._alert_repeats and not self._alerts_redraw:
            self._alerts_heading(alerts, table)  # the pane may have been resized
            return  # same alerts, same counts: nothing to redraw
        arrived = bool(set(wanted) - set(shown)) or any(
            repeats[key] > self._alert_repeats.get(key, 0) for key in repeats
        )
        selected = self.selected_alert_id()
        self._alert_repeats = repeats
        self._alerts_redraw = False
        table.clear()
        zone = self.state.settings.office.zone
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
                text.append(" ")
                text.append(f"({urgent} urgent)", "bold white on red")
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
                text.append(" · ")
                text.append(f"{hidden} more below ▼", "bold reverse")
            text.append(" · a: acknowledge")
        self.query_one("#alerts-heading", Label).update(text)

    def selected_visit_id(self) -> int | None:
        """The visit on the queue table's highlighted row."""
        table = self.query_one("#queue", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return int(key) if key is not None else None

    def selected_alert_id(self) -> int | None:
        """The alert on the alerts table's highlighted row."""
        table = self.query_one("#alerts", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return int(key) if key is not None else None

    def show_panel(self) -> None:
        """The selected visitor in full: the one every action key acts on."""
        selected = self.state.selected_visit_id
        detail = self.state.panel_visit
        if detail is None or detail.id != selected:
            # Until the full record arrives, what the queue already knows about them.
            queue = self.state.snapshot.queue if self.state.snapshot else []
            detail = next((v for v in queue if v.id == selected), None)
        if detail is None:
            text = Text("Nobody selected. Press n to call the next visitor.", "dim")
        else:
            text = visit_panel(
                detail, self.state, highlighted=detail.id == self.selected_visit_id()
            )
        if text != self._panel_shown:
            self._panel_shown = text
            self.query_one("#serving", Static).update(text)

    def show_selection(self) -> None:
        """Move the ▶ mark and the panel to the selected visitor now, not at the next
        refresh."""
        if self.state.snapshot is not None:
            self._queue(self.state.snapshot.queue)
        self.show_panel()

    def point_at(self, visit_id: int) -> None:
        """Move the highlight to a visitor the app selected (now, or when their row comes)."""
        table = self.query_one("#queue", QueueTable)
        if str(visit_id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(visit_id)))
            self._point_at = None
        else:
            self._point_at = visit_id
        if self.state.snapshot is not None:
            self._queue(self.state.snapshot.queue)  # the ▶ mark moves at once
        self.show_panel()

    @on(DataTable.RowHighlighted, "#queue")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        # The panel follows the highlight the receptionist moves (not a redraw's), or
        # the first row there is when nobody is selected yet.
        table = self.query_one("#queue", QueueTable)
        if event.row_key.value is None:
            return
        if table.moved_by_user or self.state.selected_visit_id is None:
            table.moved_by_user = False
            self._point_at = None
            self.post_message(VisitSelected(int(event.row_key.value)))

    def on_screen_resume(self) -> None:
        """Back from a dialog or the palette: the queue has the keys again."""
        self.query_one("#queue", QueueTable).focus()

    # --- actions (each goes up to the app as a message; the app runs the rule) -------

    def action_call_next(self) -> None:
        """Call the next visitor for this desk."""
        self.post_message(CallNextRequested())

    def _on_selected(self, action: VisitAction) -> None:
        # Every key acts on the visitor in the side panel: the one the receptionist sees.
        visit_id = self.state.selected_visit_id
        if visit_id is None:
            self.notify("Choose a visitor first.", severity="warning", markup=False)
            return
        self.post_message(VisitActionRequested(action, visit_id))

    def _confirm_then(self, action: VisitAction, question: str, yes: str) -> None:
        visit_id = self.state.selected_visit_id
        if visit_id is None:
            self.notify("Choose a visitor first.", severity="warning", markup=False)
            return
        ticket = self.state.ticket_of(visit_id)

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.post_message(VisitActionRequested(action, visit_id))

        self.app.push_screen(ConfirmDialog(question.format(ticket=ticket), yes), answered)

    def action_call_selected(self) -> None:
        """Call the selected visitor."""
        self._on_selected("call")

    def action_recall(self) -> None:
        """Call the selected visitor again."""
        self._on_selected("recall")

    def action_serve(self) -> None:
        """The selected visitor is at the desk."""
        self._on_selected("serve")

    def action_hold(self) -> None:
        """Put the selected visitor on hold."""
        self._on_selected("hold")

    def action_resume(self) -> None:
        """Put the selected held visitor back in the queue."""
        self._on_selected("resume")

    def action_no_show(self) -> None:
        """The called visitor did not come (asks first)."""
        self._confirm_then("no_show", "Mark {ticket} as a no-show? This ends the visit.", "No-show")

    def action_cancel(self) -> None:
        """Cancel the visit (asks first)."""
        self._confirm_then(
            "cancel", "Cancel {ticket}'s visit? This ends the visit.", "Cancel visit"
        )

    def action_undo(self) -> None:
        """Undo this desk's last resolve, no-show or cancel (within a minute)."""
        self.post_message(UndoRequested())

    def action_reprint(self) -> None:
        """Print the selected visitor's ticket again at the kiosk."""
        self._on_selected("reprint")

    def action_resolve(self) -> None:
        """Resolve with an outcome."""
        self._on_selected("resolve")

    def action_transfer(self) -> None:
        """Transfer with notes."""
        self._on_selected("transfer")

    def action_help(self) -> None:
        """Every key, in a list."""
        from staff_console.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.BINDINGS))

    def action_walk_in(self) -> None:
        """Add a walk-in or phone-in by hand."""
        self.post_message(WalkInRequested())

    def action_find(self) -> None:
        """Find a visit by ticket number or QR scan."""

        def chosen(find: FindQuery | None) -> None:
            if find is not None:
                self.post_message(FindRequested(find))

        self.app.push_screen(FindDialog(self.state), chosen)

    def action_acknowledge(self) -> None:
        """Acknowledge the highlighted alert."""
        alert_id = self.selected_alert_id()
        if alert_id is not None:
            self.post_message(AlertAcknowledged(alert_id))

    def action_figures(self) -> None:
        """Today's figures."""
        from staff_console.screens.figures import FiguresScreen

        self.app.push_screen(FiguresScreen(self.state))

    def action_hours(self) -> None:
        """Close early or extend (supervisors)."""
        if not self.state.is_supervisor:
            self.notify(
                "Only a supervisor can change today's hours.", severity="warning", markup=False
            )
            return

        def chosen(change: HoursChange | None) -> None:
            if change is not None:
                self.post_message(HoursChangeRequested(change))

        self.app.push_screen(HoursDialog(self.state), chosen)

    def action_check_ins(self) -> None:
        """Pause or resume the kiosks' check-ins (any member of staff; asks first)."""
        snapshot = self.state.snapshot
        if snapshot is None:
            return
        paused = not snapshot.checkins_paused
        if paused:
            question = (
                "Pause check-ins? Every kiosk turns visitors away until someone resumes "
                "them (i here, or a kiosk's staff menu)."
            )
        else:
            question = "Resume check-ins? Every kiosk takes visitors again."

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.post_message(CheckinsPauseRequested(paused))

        yes = "Pause check-ins" if paused else "Resume check-ins"
        self.app.push_screen(ConfirmDialog(question, yes), answered)

    def action_supervisor(self) -> None:
        """Staff, desks, closures, a visitor's data (supervisors)."""
        from staff_console.screens.supervisor import SupervisorScreen

        if not self.state.is_supervisor:
            self.notify("Only a supervisor can do this.", severity="warning", markup=False)
            return
        self.app.push_screen(SupervisorScreen(self.state))

    def action_lock(self) -> None:
        """Lock the console now."""
        self.post_message(LockRequested())


def visit_panel(visit: VisitView, state: DeskState, *, highlighted: bool = True) -> Text:
    """Everything recorded about a visit, as Text (names and notes are never markup).

    The first line says the keys act on this visitor; when it is not the highlighted
    row (found with f, or just called), it says so and how to go back to the list.
    """
    zone = state.settings.office.zone
    text = Text()
    text.append(" ▶ KEYS ACT ON ", "bold reverse")
    text.append(f" {visit.ticket} \n", "bold reverse")
    if not highlighted:
        text.append("(not the highlighted row; ↑ ↓ go back to the list)\n", "italic")
    text.append(f"{visit.ticket}  ", "bold")
    text.append(state.service_name(visit.service_code), "bold")
    text.append(f"  [{visit.status.replace('_', ' ')}]\n")
    text.append("Name: ")
    text.append(visit.name or "(not given)")
    text.append("\n")
    needs = [n.name("en") for n in state.settings.needs if n.code in visit.needs]
    if visit.interpreter_language:
        # In English, as the rest of the console ("Polish", not "Polski" or "pl").
        needs.append(f"interpreter language: {interpreter_in_english(visit.interpreter_language)}")
    text.append("Needs: ")
    text.append(", ".join(needs) if needs else "none", "bold cyan" if needs else "")
    text.append("\n")
    text.append(
        f"Arrived {visit.arrived_at.astimezone(zone):%H:%M}, "
        f"target {visit.target_due_at.astimezone(zone):%H:%M} "
        f"({visit.target_minutes} min)\n"
    )
    text.append(
        f"Channel: {visit.channel.replace('_', ' ')}, prefers {in_english(visit.language)}\n"
    )
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
