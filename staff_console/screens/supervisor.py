"""Supervisors: staff accounts, desks and their services, closures, one visitor's data."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, SelectionList

from appbase.screens import ReportsWorkerFailures
from appbase.threads import call_soon_from_worker
from staff_console.desk import DeskState
from staff_console.forms import (
    AdminTask,
    Closure,
    DeskServices,
    NewPin,
    NewStaff,
    StaffActive,
    VisitData,
)
from staff_console.messages import AdminTaskRequested
from staff_console.screens.dialogs import FormDialog

if TYPE_CHECKING:
    from models.admin import ClosureView
    from models.desks import DeskStatus
    from models.staff import StaffView


class StaffDialog(FormDialog[NewStaff]):
    """A new staff account."""

    def compose(self) -> ComposeResult:
        """Code, name, role, PIN."""
        with Vertical(classes="form"):
            yield Label("Add a staff account", classes="title")
            yield Input(placeholder="Staff code, e.g. jb01", id="code", max_length=32)
            yield Input(placeholder="Name", id="name", max_length=80)
            yield Select(
                [("Receptionist", "receptionist"), ("Supervisor", "supervisor")],
                value="receptionist",
                allow_blank=False,
                id="role",
            )
            yield Input(placeholder="PIN (4 to 8 digits)", id="pin", password=True, max_length=8)
            yield Label("", id="form-error")
            yield self.buttons("Add")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.submit(
            NewStaff(
                code=self.query_one("#code", Input).value,
                name=self.query_one("#name", Input).value,
                role=str(self.query_one("#role", Select).value),
                pin=self.query_one("#pin", Input).value,
            )
        )


class PinDialog(FormDialog[NewPin]):
    """A new PIN for someone who forgot theirs (clears their lock)."""

    def __init__(self, state: DeskState, code: str) -> None:
        super().__init__(state)
        self.code = code

    def compose(self) -> ComposeResult:
        """One field."""
        with Vertical(classes="form"):
            yield Label(Text(f"New PIN for {self.code}"), classes="title")
            yield Input(placeholder="PIN (4 to 8 digits)", id="pin", password=True, max_length=8)
            yield Label("", id="form-error")
            yield self.buttons("Set PIN")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.submit(NewPin(self.code, self.query_one("#pin", Input).value))


class DeskDialog(FormDialog[DeskServices]):
    """A desk and the services it calls."""

    def compose(self) -> ComposeResult:
        """Name and services."""
        with Vertical(classes="form"):
            yield Label(
                "Desk and the services it calls (none ticked: every service)", classes="title"
            )
            yield Input(placeholder="Desk name, e.g. Desk 2", id="desk-name", max_length=40)
            yield SelectionList[str](
                *[(s.name("en"), s.code) for s in self.state.settings.services], id="services"
            )
            yield Label("", id="form-error")
            yield self.buttons("Save")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.submit(
            DeskServices(
                name=self.query_one("#desk-name", Input).value,
                services=tuple(self.query_one("#services", SelectionList).selected),
            )
        )


class ClosureDialog(FormDialog[Closure]):
    """Close the office on whole days."""

    def compose(self) -> ComposeResult:
        """From, to, reason."""
        with Vertical(classes="form"):
            yield Label("Add a closure", classes="title")
            yield Input(placeholder="From YYYY-MM-DD", id="from")
            yield Input(placeholder="To YYYY-MM-DD (empty: one day)", id="to")
            yield Input(placeholder="Reason (shown on the kiosk)", id="reason", max_length=200)
            yield Label("", id="form-error")
            yield self.buttons("Add")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        try:
            start = dt.date.fromisoformat(self.query_one("#from", Input).value.strip())
            to = self.query_one("#to", Input).value.strip()
            end = dt.date.fromisoformat(to) if to else start
        except ValueError:
            self.error("Dates are YYYY-MM-DD.")
            return
        self.submit(Closure(start, end, self.query_one("#reason", Input).value))


class SupervisorScreen(ReportsWorkerFailures, Screen[None]):
    """Accounts, desks, closures and a visitor's personal data.

    It reads its tables itself (`load`); each task goes up as `AdminTaskRequested`, and
    the app calls `load` again once the task is done.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back to the queue")]

    def __init__(self, state: DeskState) -> None:
        super().__init__()
        self.state = state
        """This desk, handed down by the app."""
        self.staff: list[StaffView] = []
        """The staff accounts as last read."""

    def compose(self) -> ComposeResult:
        """Three tables with their buttons, and the visitor-data row."""
        with VerticalScroll():
            yield Label("Staff accounts", classes="heading")
            yield DataTable(id="staff", cursor_type="row")
            with Horizontal(classes="row-buttons"):
                yield Button("Add staff", id="add-staff")
                yield Button("Disable / enable", id="toggle-staff")
                yield Button("Reset PIN", id="reset-pin")
            yield Label("Desks", classes="heading")
            yield DataTable(id="desks", cursor_type="row")
            with Horizontal(classes="row-buttons"):
                yield Button("Add or change a desk", id="save-desk")
            yield Label("Closures", classes="heading")
            yield DataTable(id="closures", cursor_type="row")
            with Horizontal(classes="row-buttons"):
                yield Button("Add a closure", id="add-closure")
            yield Label("One visitor's personal data", classes="heading")
            with Horizontal(classes="row-buttons"):
                yield Input(placeholder="Ticket (today) or QR reference", id="visit-query")
                yield Button("Export as JSON", id="export")
                yield Button("Erase personal data", id="erase", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then the data."""
        for table_id, columns in (
            ("#staff", ("Code", "Name", "Role", "Active")),
            ("#desks", ("Desk", "Services", "Signed in now")),
            ("#closures", ("From", "To", "Reason", "By")),
        ):
            table = self.query_one(table_id, DataTable)
            for column in columns:
                table.add_column(column)
        self.load()

    @work(thread=True, exit_on_error=False, exclusive=True, group="admin")
    def load(self) -> None:
        """Read staff accounts, desks and closures, then fill the tables."""
        from models import admin, api, desks, staff

        settings, now = self.state.settings, self.state.clock()
        engine = self.state.engine()
        people = api.read(engine, staff.list_staff)
        desk_list = api.read(engine, desks.desk_statuses, settings=settings, now=now)
        closures = api.read(engine, admin.list_closures, settings=settings)
        call_soon_from_worker(self, self.show, people, desk_list, closures)

    def action_back(self) -> None:
        """Back to the queue."""
        self.dismiss()

    def show(
        self, staff: list[StaffView], desks: list[DeskStatus], closures: list[ClosureView]
    ) -> None:
        """Fill the three tables (every cell a Text)."""
        if not self.is_attached:
            return  # closed while they were read
        self.staff = staff
        table = self.query_one("#staff", DataTable)
        table.clear()
        for person in staff:
            table.add_row(
                Text(person.code),
                Text(person.name),
                Text(person.role),
                Text("yes" if person.active else "no"),
                key=person.code,
            )
        table = self.query_one("#desks", DataTable)
        table.clear()
        for desk in desks:
            names = ", ".join(self.state.service_name(c) for c in desk.services) or "every service"
            who = f"{desk.staff_name} ({desk.staff_code})" if desk.staff_code else "nobody"
            table.add_row(
                Text(desk.name),
                Text(names),
                Text(who, style="" if desk.staff_code else "dim"),
                key=desk.name,
            )
        table = self.query_one("#closures", DataTable)
        table.clear()
        for closure in closures:
            table.add_row(
                Text(closure.start.isoformat()),
                Text(closure.end.isoformat()),
                Text(closure.reason),
                Text(closure.by),
                key=str(closure.id),
            )

    def _selected_staff(self) -> str | None:
        table = self.query_one("#staff", DataTable)
        if not table.row_count:
            return None
        value = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return str(value) if value is not None else None

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button = event.button.id
        if button == "add-staff":
            self.app.push_screen(StaffDialog(self.state), self._then)
        elif button == "toggle-staff" and (code := self._selected_staff()):
            person = next((p for p in self.staff if p.code == code), None)
            self._then(StaffActive(code, active=not person.active if person else True))
        elif button == "reset-pin" and (code := self._selected_staff()):
            self.app.push_screen(PinDialog(self.state, code), self._then)
        elif button == "save-desk":
            self.app.push_screen(DeskDialog(self.state), self._then)
        elif button == "add-closure":
            self.app.push_screen(ClosureDialog(self.state), self._then)
        elif button in ("export", "erase"):
            query = self.query_one("#visit-query", Input).value
            self._then(VisitData(query, erase=button == "erase"))

    def _then(self, task: AdminTask | None) -> None:
        if task is not None:
            self.post_message(AdminTaskRequested(task))
