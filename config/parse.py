"""From the TOML file's tables to `Settings`, checking every key and naming it in each mistake.

Each `_read_*` function reads one table with a `config.reader.Table`: a key left out
keeps its default (the charter's), and a wrong value is noted under its dotted key
while reading goes on, so a person sees every mistake in one go.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from config.reader import Table, shown
from config.settings import (
    BANK_HOLIDAY_REGIONS,
    LANGUAGE_NAMES,
    WEEKDAYS,
    Accessibility,
    BoardSettings,
    Closure,
    ConsoleSettings,
    DatabaseSettings,
    DayHours,
    DeskSettings,
    KioskSettings,
    LocalisedText,
    NativeQr,
    Need,
    OfficeSettings,
    OpeningHours,
    PrinterSettings,
    PrinterType,
    Service,
    Settings,
    StaffSettings,
    escpos_code_pages,
    escpos_profiles,
)

CODE = r"[a-z][a-z0-9_-]{0,31}"
CODE_RULE = "lower-case letters, digits, - or _, starting with a letter (at most 32)"
ACCESSIBILITY: tuple[Accessibility, ...] = ("standard", "large-text", "high-contrast")
PRINTER_TYPES: tuple[PrinterType, ...] = ("preview", "network", "usb", "serial", "file", "cups")
NATIVE_QR: tuple[NativeQr, ...] = ("auto", "yes", "no")
BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
PAPER_WIDTHS = (80, 58)
CONNECTION_KEYS: dict[str, tuple[str, ...]] = {
    "network": ("host",),
    "usb": ("usb_vendor", "usb_product"),
    "serial": ("device",),
    "file": ("device",),
    "cups": ("cups_queue",),
}
"""The keys each printer type cannot do without."""
DEFAULTS = Settings()
"""The charter's settings: what every key left out of the file keeps."""


def read_settings(data: Mapping[str, object]) -> tuple[Settings, list[str]]:
    """The settings in `data` and the problems found ("key: reason" lines).

    When there are problems the settings hold defaults in place of the wrong values
    and must not be used.
    """
    problems: list[str] = []
    top = Table(data, "", problems)
    default = DEFAULTS
    office = top.table("office")
    hours = top.table("opening_hours")
    kiosk = top.table("kiosk")
    printer = top.table("printer")
    database = top.table("database")
    staff = top.table("staff")
    console = top.table("console")
    settings = Settings(
        office=_read_office(office) if office else default.office,
        opening_hours=_read_week(hours) if hours else default.opening_hours,
        closures=_read_closures(top),
        bank_holidays=_read_bank_holidays(top),
        last_entry_warning_minutes=top.integer(
            "last_entry_warning_minutes", default.last_entry_warning_minutes, low=0, high=120
        ),
        target_minutes=top.integer("target_minutes", default.target_minutes, low=1, high=480),
        amber_minutes=top.integer("amber_minutes", default.amber_minutes, low=1, high=60),
        services=_read_services(top),
        needs=_read_needs(top),
        languages=_read_languages(top),
        kiosk=_read_kiosk(kiosk) if kiosk else default.kiosk,
        printer=_read_printer(printer) if printer else default.printer,
        database=_read_database(database) if database else default.database,
        retention_days=top.integer("retention_days", default.retention_days, low=1, high=3650),
        staff=_read_staff(staff) if staff else default.staff,
        console=_read_console(console) if console else default.console,
    )
    settings = replace(
        settings,
        desks=_read_desks(top, settings.services),
        boards=_read_boards(top, settings),
    )
    top.finish()
    return settings, problems


def _read_office(table: Table) -> OfficeSettings:
    default = OfficeSettings()
    timezone = table.text("timezone", default.timezone)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        table.problem("timezone", f"{shown(timezone)} is not a known IANA time zone")
        timezone = default.timezone
    office = OfficeSettings(
        organisation=table.text("organisation", default.organisation, min_length=1, max_length=80),
        name=table.text("name", default.name, min_length=1, max_length=60),
        site=table.text("site", default.site, pattern=r"[a-z0-9][a-z0-9_-]{0,31}", rule=CODE_RULE),
        timezone=timezone,
        website=table.text("website", default.website),
        phone=table.text("phone", default.phone, max_length=40),
    )
    table.finish()
    return office


def _read_week(table: Table) -> OpeningHours:
    default = OpeningHours()
    days: dict[str, DayHours | None] = {}
    for day in WEEKDAYS:
        if table.has(day):
            days[day] = _read_day(table, day)
        else:
            days[day] = default.for_weekday(WEEKDAYS.index(day))
    table.finish()
    return OpeningHours(**days)


def _read_day(week: Table, day: str) -> DayHours | None:
    value = week.raw(day)
    if isinstance(value, str):
        if value.strip().lower() != "closed":
            week.problem(
                day,
                f'{shown(value)} is neither "closed" nor a table like '
                '{ opens = "09:00", closes = "17:00" }',
            )
        return None
    table = week.table(day)
    if table is None:
        return None
    opens = table.time_of_day("opens")
    closes = table.time_of_day("closes")
    table.finish()
    if opens is None or closes is None:
        return None
    if closes <= opens:
        table.problem(None, f"closes {closes:%H:%M}, before it opens {opens:%H:%M}")
        return None
    return DayHours(opens=opens, closes=closes)


def _read_closures(top: Table) -> tuple[Closure, ...]:
    closures: list[Closure] = []
    for table in top.tables("closures") or []:
        start = table.date("from", required=True)
        end = table.date("to", required=False)
        reason = table.text("reason", Closure.reason, min_length=1, max_length=120)
        table.finish()
        if start is None:
            continue
        if end is not None and end < start:
            table.problem(None, f"to {end} is before from {start}")
            continue
        closures.append(Closure(start=start, end=end, reason=reason))
    return tuple(closures)


def _read_bank_holidays(top: Table) -> str:
    value = top.text("bank_holidays", DEFAULTS.bank_holidays)
    region = value.strip().lower().replace(" ", "-")
    if region not in BANK_HOLIDAY_REGIONS:
        top.problem(
            "bank_holidays", f"{shown(value)} is not one of {', '.join(BANK_HOLIDAY_REGIONS)}"
        )
        return DEFAULTS.bank_holidays
    return region


def _read_names(table: Table) -> LocalisedText:
    names = table.table("names")
    if names is None:
        if not table.has("names"):
            table.problem("names", 'is required, e.g. names = { en = "Housing" }')
        return {"en": "?"}
    found: LocalisedText = {}
    for language in names.data:
        text = names.optional_text(language, min_length=1, max_length=120)
        if text is not None:
            found[language] = text
    if not found.get("en", "").strip():
        table.problem("names", "needs at least an English name (key en)")
        found["en"] = "?"
    return found


def _read_services(top: Table) -> tuple[Service, ...]:
    tables = top.tables("services")
    if tables is None:
        return DEFAULTS.services
    if not tables and top.has("services"):
        top.problem("services", "needs at least one service")
    services: list[Service] = []
    for table in tables:
        services.append(
            Service(
                code=table.required_text("code", pattern=CODE, rule=CODE_RULE),
                letter=table.required_text(
                    "letter", pattern=r"[A-Z]", rule="one capital letter A-Z"
                ),
                names=_read_names(table),
                online_url=table.optional_text(
                    "online_url", pattern=r"https?://\S+", rule="an http(s) address"
                ),
                target_minutes=table.optional_integer("target_minutes", low=1, high=480),
                appointments=table.boolean("appointments", False),
            )
        )
        table.finish()
    for attribute in ("code", "letter"):
        seen: set[str] = set()
        for service in services:
            key = getattr(service, attribute)
            if key and key in seen:
                top.problem("services", f"two services share the {attribute} {key!r}")
            seen.add(key)
    return tuple(services)


def _read_needs(top: Table) -> tuple[Need, ...]:
    tables = top.tables("needs")
    if tables is None:
        return DEFAULTS.needs
    needs: list[Need] = []
    for table in tables:
        needs.append(
            Need(
                code=table.required_text("code", pattern=CODE, rule=CODE_RULE),
                tag=table.required_text("tag", max_length=8),
                names=_read_names(table),
                asks_language=table.boolean("asks_language", False),
            )
        )
        table.finish()
    codes = [need.code for need in needs if need.code]
    if len(set(codes)) != len(codes):
        top.problem("needs", "two needs share a code")
    return tuple(needs)


def _read_languages(top: Table) -> tuple[str, ...]:
    default = DEFAULTS.languages
    languages = top.texts("languages")
    if languages is None:
        return default
    if not languages:
        top.problem("languages", "needs at least one language")
        return default
    unknown = [code for code in languages if code not in LANGUAGE_NAMES]
    if unknown:
        top.problem(
            "languages", f"unknown language {unknown[0]!r}; known: {', '.join(LANGUAGE_NAMES)}"
        )
        return default
    if len(set(languages)) != len(languages):
        top.problem("languages", "lists a language twice")
        return default
    return tuple(languages)


def _read_kiosk(table: Table) -> KioskSettings:
    default = KioskSettings()
    kiosk = KioskSettings(
        station=table.text(
            "station",
            default.station,
            pattern=r"[A-Za-z0-9][A-Za-z0-9 _-]{0,39}",
            rule="letters, digits, spaces, - or _ (at most 40)",
        ),
        idle_seconds=table.integer("idle_seconds", default.idle_seconds, low=10, high=600),
        still_there_seconds=table.integer(
            "still_there_seconds", default.still_there_seconds, low=20, high=300
        ),
        ticket_seconds=table.integer("ticket_seconds", default.ticket_seconds, low=3, high=120),
        ticket_seconds_printer_fault=table.integer(
            "ticket_seconds_printer_fault", default.ticket_seconds_printer_fault, low=10, high=600
        ),
        accessibility=table.choice("accessibility", default.accessibility, ACCESSIBILITY),
        read_aloud=table.boolean("read_aloud", default.read_aloud),
        log_file=table.optional_text("log_file", min_length=1),
    )
    table.finish()
    return kiosk


def _read_printer(table: Table) -> PrinterSettings:
    default = PrinterSettings()
    profile = table.text("profile", default.profile)
    if profile not in escpos_profiles():
        table.problem(
            "profile",
            f"{shown(profile)} is not a python-escpos profile; known: "
            + ", ".join(escpos_profiles()),
        )
        profile = default.profile
    printer = PrinterSettings(
        type=table.choice("type", default.type, PRINTER_TYPES),
        preview_dir=table.optional_text("preview_dir", min_length=1),
        host=table.optional_text("host", min_length=1),
        port=table.integer("port", default.port, low=1, high=65535),
        timeout=table.number("timeout", default.timeout, above=0, high=60),
        status_timeout=table.number("status_timeout", default.status_timeout, above=0, high=10),
        usb_vendor=table.optional_integer("usb_vendor", low=0, high=0xFFFF),
        usb_product=table.optional_integer("usb_product", low=0, high=0xFFFF),
        device=table.optional_text("device", min_length=1),
        baudrate=table.choice("baudrate", default.baudrate, BAUDRATES),
        cups_queue=table.optional_text("cups_queue", min_length=1),
        profile=profile,
        code_pages=_read_code_pages(table, profile),
        raster_text=table.boolean("raster_text", default.raster_text),
        paper_width=table.choice("paper_width", default.paper_width, PAPER_WIDTHS),
        native_qr=table.choice("native_qr", default.native_qr, NATIVE_QR),
        stale_minutes=table.integer("stale_minutes", default.stale_minutes, low=1, high=120),
        retry_seconds=table.number("retry_seconds", default.retry_seconds, above=0, high=300),
    )
    table.finish()
    # A key given but wrong has its own message already; name only those left out.
    absent = [key for key in CONNECTION_KEYS.get(printer.type, ()) if not table.has(key)]
    if absent:
        table.problem(None, f'type "{printer.type}" needs {" and ".join(absent)}')
    if printer.type == "file" and printer.device is not None:
        wrong = _not_a_device(printer.device)
        if wrong is not None:
            table.problem("device", wrong)
    return printer


def _not_a_device(path: str) -> str | None:
    """Why `path` cannot be a `file` printer, or None.

    A regular file or a folder is a mistake, never a printer: tickets written to files
    are the `preview` printer's work (PNG and the exact bytes), and the printer link
    refuses them at every ticket (printing/links.py), so a kiosk started with one would
    fail every visitor's ticket. A path that does not exist is accepted: a USB printer
    switched off has no device node until it is switched on, and the kiosk must still
    start (its spool says "no such device" to staff meanwhile).
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return None
    kind = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a regular file"
        if stat.S_ISREG(mode)
        else "not a character device"
    )
    return (
        f"{shown(path)} is {kind}, not a printer device such as /dev/usb/lp0 "
        '(to write tickets to files, use type = "preview" and preview_dir)'
    )


def _read_code_pages(table: Table, profile: str) -> tuple[str, ...] | None:
    """`code_pages`: names the profile knows (the numbers that select them come from it)."""
    names = table.texts("code_pages")
    if names is None:
        return None
    known = escpos_code_pages(profile)
    wrong = [name for name in names if name not in known]
    if wrong:
        table.problem(
            "code_pages",
            f"{', '.join(shown(name) for name in wrong)} not among the code pages of "
            f"profile {profile}; known: {', '.join(sorted(known))}",
        )
        return None
    if not names:
        table.problem("code_pages", 'must name at least one code page, like ["CP437"]')
        return None
    return tuple(dict.fromkeys(names))


def _read_staff(table: Table) -> StaffSettings:
    staff = StaffSettings(
        lock_minutes=table.integer("lock_minutes", DEFAULTS.staff.lock_minutes, low=1, high=240)
    )
    table.finish()
    return staff


def _read_console(table: Table) -> ConsoleSettings:
    console = ConsoleSettings(log_file=table.optional_text("log_file", min_length=1))
    table.finish()
    return console


def _read_database(table: Table) -> DatabaseSettings:
    url = table.optional_text(
        "url",
        pattern=r"(sqlite|postgresql(\+psycopg)?)://.*",
        rule="a sqlite:// or postgresql+psycopg:// URL",
    )
    table.finish()
    return DatabaseSettings(url=url)


DESK_NAME = r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}"
DESK_RULE = "letters, digits, spaces, ., - or _ (at most 40)"


def _read_desks(top: Table, services: tuple[Service, ...]) -> tuple[DeskSettings, ...]:
    codes = {service.code for service in services}
    desks: list[DeskSettings] = []
    for table in top.tables("desks") or []:
        name = table.required_text("name", pattern=DESK_NAME, rule=DESK_RULE)
        shown = table.optional_text("shown", min_length=1, max_length=24)
        calls = table.texts("services") or []
        unknown = [code for code in calls if code not in codes]
        if unknown:
            table.problem("services", f"no service has the code {unknown[0]!r}")
        spoken: dict[str, str] = {}
        words = table.table("spoken")
        if words is not None:
            for language in words.data:
                if language not in LANGUAGE_NAMES:
                    words.problem(language, f"unknown language; known: {', '.join(LANGUAGE_NAMES)}")
                    continue
                text = words.optional_text(language, min_length=1, max_length=60)
                if text is not None:
                    spoken[language] = text
        table.finish()
        desks.append(DeskSettings(name=name, shown=shown, spoken=spoken, services=tuple(calls)))
    names = [desk.name for desk in desks if desk.name]
    if len(set(names)) != len(names):
        top.problem("desks", "two desks share a name")
    return tuple(desks)


def _read_boards(top: Table, settings: Settings) -> tuple[BoardSettings, ...]:
    codes = {service.code for service in settings.services}
    boards: list[BoardSettings] = []
    for table in top.tables("boards") or []:
        name = table.required_text("name", pattern=CODE, rule=CODE_RULE)
        services = table.texts("services") or []
        unknown = [code for code in services if code not in codes]
        if unknown:
            table.problem("services", f"no service has the code {unknown[0]!r}")
        boards.append(
            BoardSettings(
                name=name,
                services=tuple(services),
                speech=table.boolean("speech", True),
                log_file=table.optional_text("log_file", min_length=1),
            )
        )
        table.finish()
    names = [board.name for board in boards if board.name]
    if len(set(names)) != len(names):
        top.problem("boards", "two boards share a name")
    return tuple(boards)
