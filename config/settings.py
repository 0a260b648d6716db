"""The frontdesk settings: immutable dataclasses of the TOML file, with the charter's defaults.

Every key of the configuration file has a field here. The defaults are the council's charter:
Europe/London, Monday to Thursday 09:00-17:00, Friday 09:00-16:30, closed at weekends
and on the bank holidays of England, and a 15-minute target for general enquiries.

The file is read and checked by `config.parse`, which names the key of each mistake.
These are plain dataclasses rather than pydantic models: building pydantic's schemas
cost the kiosk about 70 ms of its start-up (bench/kiosk.py), more than anything else
it does before Welcome is on the screen.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal
from zoneinfo import ZoneInfo

WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
"""Weekday keys of `[opening_hours]`, in `date.weekday()` order."""

BANK_HOLIDAY_REGIONS: dict[str, str | None] = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern-ireland": "NIR",
    "none": None,
}
"""Accepted `bank_holidays` values and the UK subdivision code the holidays library uses."""

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "pl": "Polski",
    "pt": "Português",
    "lt": "Lietuvių",
    "ro": "Română",
    "cy": "Cymraeg",
    "fr": "Français",
    "es": "Español",
    "de": "Deutsch",
}
"""Languages the kiosk knows how to name, each in itself."""

Accessibility = Literal["standard", "large-text", "high-contrast"]
"""Display modes of the kiosk."""
PrinterType = Literal["preview", "network", "usb", "serial", "file", "cups"]
"""Ways of reaching the ticket printer."""
NativeQr = Literal["auto", "yes", "no"]
"""Whether the printer draws QR codes itself."""


@lru_cache(maxsize=1)
def _escpos_capabilities() -> dict[str, Any]:
    source = resources.files("escpos").joinpath("capabilities.json")
    data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return data


def escpos_code_pages(profile: str) -> dict[str, int]:
    """The code pages a python-escpos profile lists that frontdesk can encode, by name,
    with the `n` of ESC t n that selects each. CP932 is left out: on Epsons its number
    selects half-width Katakana, not Shift-JIS."""
    data = _escpos_capabilities()
    encodings = data["encodings"]
    pages = data["profiles"].get(profile, {}).get("codePages", {})
    return {
        name: int(number)
        for number, name in pages.items()
        if encodings.get(name, {}).get("python_encode") and name != "CP932"
    }


@lru_cache(maxsize=1)
def escpos_profiles() -> list[str]:
    """python-escpos's printer profile names, read from the JSON it ships.

    Read directly rather than through `escpos.capabilities`, whose import costs a
    kiosk's start-up about 150 ms.
    """
    return sorted(_escpos_capabilities()["profiles"])


@dataclass(frozen=True)
class DayHours:
    """Opening and closing time of one weekday, in the office's time zone."""

    opens: dt.time
    """When the doors open, e.g. 09:00."""
    closes: dt.time
    """When the doors close, e.g. 17:00; after `opens` on the same day."""


@dataclass(frozen=True)
class OpeningHours:
    """The ordinary week. A day set to "closed" (None here) takes no visitors."""

    monday: DayHours | None = DayHours(dt.time(9), dt.time(17))
    tuesday: DayHours | None = DayHours(dt.time(9), dt.time(17))
    wednesday: DayHours | None = DayHours(dt.time(9), dt.time(17))
    thursday: DayHours | None = DayHours(dt.time(9), dt.time(17))
    friday: DayHours | None = DayHours(dt.time(9), dt.time(16, 30))
    saturday: DayHours | None = None
    sunday: DayHours | None = None

    def for_weekday(self, weekday: int) -> DayHours | None:
        """The hours of a weekday given as `date.weekday()` (0 is Monday)."""
        hours: DayHours | None = getattr(self, WEEKDAYS[weekday])
        return hours


@dataclass(frozen=True)
class Closure:
    """A configured closure: one day or a range of days when the office is shut.

    In the file its keys are `from`, `to` and `reason`.
    """

    start: dt.date
    """First closed day (`from`)."""
    end: dt.date | None = None
    """Last closed day, inclusive (`to`); the same as `start` when left out."""
    reason: str = "Closed"
    """Shown on the kiosk's closed screen."""

    @property
    def last_day(self) -> dt.date:
        """The last closed day, inclusive."""
        return self.end or self.start

    def covers(self, day: dt.date) -> bool:
        """Whether `day` falls within this closure."""
        return self.start <= day <= self.last_day


LocalisedText = dict[str, str]
"""Text per language code, e.g. {"en": "Housing", "pl": "Mieszkalnictwo"}."""


@dataclass(frozen=True)
class Service:
    """A reason to visit, shown as a tile on the kiosk and as a queue on the console."""

    code: str
    """Stable identifier stored with each visit, e.g. "council-tax"."""
    letter: str
    """Ticket prefix, one capital letter, unique among services."""
    names: LocalisedText
    """Name per language; English is required and used where a translation is missing."""
    online_url: str | None = None
    """Where the visitor can do this online; the kiosk shows it as a QR code."""
    target_minutes: int | None = None
    """Resolution target for this service; the office default when left out."""
    appointments: bool = False
    """Whether visits to this service are pre-booked (called first when due)."""

    def name(self, language: str) -> str:
        """The service's name in `language`, falling back to English."""
        return self.names.get(language) or self.names["en"]


@dataclass(frozen=True)
class Need:
    """An access or communication need a visitor can tell us about."""

    code: str
    """Stable identifier stored with the visit, e.g. "bsl"."""
    tag: str
    """Short tag for the console's queue table, e.g. "BSL"."""
    names: LocalisedText
    """Label per language for the kiosk's toggle."""
    asks_language: bool = False
    """Whether choosing this need asks which spoken language (interpreter)."""

    def name(self, language: str) -> str:
        """The need's label in `language`, falling back to English."""
        return self.names.get(language) or self.names["en"]


DEFAULT_SERVICES: tuple[Service, ...] = (
    Service(
        code="general",
        letter="A",
        names={
            "en": "General enquiry",
            "pl": "Sprawy ogólne",
            "pt": "Pedido geral",
            "lt": "Bendras klausimas",
            "ro": "Întrebare generală",
        },
    ),
    Service(
        code="council-tax",
        letter="C",
        names={
            "en": "Council Tax",
            "pl": "Podatek lokalny (Council Tax)",
            "pt": "Imposto municipal (Council Tax)",
            "lt": "Vietos mokestis (Council Tax)",
            "ro": "Taxa locală (Council Tax)",
        },
        online_url="https://www.cambridgeshire.gov.uk/council-tax",
    ),
    Service(
        code="housing",
        letter="H",
        names={
            "en": "Housing",
            "pl": "Mieszkalnictwo",
            "pt": "Habitação",
            "lt": "Būstas",
            "ro": "Locuințe",
        },
    ),
    Service(
        code="blue-badge",
        letter="B",
        names={
            "en": "Blue Badge",
            "pl": "Niebieska karta parkingowa (Blue Badge)",
            "pt": "Cartão azul de estacionamento (Blue Badge)",
            "lt": "Mėlynasis neįgaliojo ženklas (Blue Badge)",
            "ro": "Ecuson albastru de parcare (Blue Badge)",
        },
        online_url="https://www.gov.uk/apply-blue-badge",
    ),
    Service(
        code="adult-care",
        letter="S",
        names={
            "en": "Adult social care",
            "pl": "Opieka społeczna dla dorosłych",
            "pt": "Assistência social a adultos",
            "lt": "Socialinė globa suaugusiems",
            "ro": "Asistență socială pentru adulți",
        },
        target_minutes=20,
    ),
    Service(
        code="appointment",
        letter="P",
        names={
            "en": "Pre-booked appointment",
            "pl": "Umówiona wizyta",
            "pt": "Marcação prévia",
            "lt": "Iš anksto užsakytas vizitas",
            "ro": "Programare făcută dinainte",
        },
        appointments=True,
    ),
)
"""The services a council customer service centre offers when the file names none."""

DEFAULT_NEEDS: tuple[Need, ...] = (
    Need(
        code="step-free",
        tag="STEP",
        names={
            "en": "Step-free access / wheelchair",
            "pl": "Dostęp bez schodów / wózek",
            "pt": "Acesso sem degraus / cadeira de rodas",
            "lt": "Be laiptų / vežimėlis",
            "ro": "Acces fără trepte / scaun rulant",
        },
    ),
    Need(
        code="hearing-loop",
        tag="LOOP",
        names={
            "en": "Hearing loop",
            "pl": "Pętla indukcyjna",
            "pt": "Anel de indução auditiva",
            "lt": "Indukcinė kilpa",
            "ro": "Buclă auditivă",
        },
    ),
    Need(
        code="bsl",
        tag="BSL",
        names={
            "en": "BSL interpreter",
            "pl": "Tłumacz języka migowego (BSL)",
            "pt": "Intérprete de língua gestual (BSL)",
            "lt": "Gestų kalbos vertėjas (BSL)",
            "ro": "Interpret de limbaj semnelor (BSL)",
        },
    ),
    Need(
        code="interpreter",
        tag="LANG",
        names={
            "en": "Spoken-language interpreter",
            "pl": "Tłumacz języka mówionego",
            "pt": "Intérprete de língua falada",
            "lt": "Sakytinės kalbos vertėjas",
            "ro": "Interpret de limbă vorbită",
        },
        asks_language=True,
    ),
    Need(
        code="large-print",
        tag="PRINT",
        names={
            "en": "Large print or easy read",
            "pl": "Duży druk lub tekst łatwy do czytania",
            "pt": "Letra grande ou leitura fácil",
            "lt": "Stambus šriftas arba lengvai skaitoma",
            "ro": "Scris mare sau citire ușoară",
        },
    ),
    Need(
        code="private-room",
        tag="PRIV",
        names={
            "en": "A private room to talk",
            "pl": "Prywatny pokój do rozmowy",
            "pt": "Uma sala privada para falar",
            "lt": "Atskiras kambarys pokalbiui",
            "ro": "O cameră privată pentru discuție",
        },
    ),
    Need(
        code="seat",
        tag="SEAT",
        names={
            "en": "I need to sit / cannot stand to wait",
            "pl": "Muszę usiąść / nie mogę stać",
            "pt": "Preciso de me sentar / não posso esperar de pé",
            "lt": "Turiu sėdėti / negaliu laukti stovėdamas",
            "ro": "Trebuie să stau jos / nu pot aștepta în picioare",
        },
    ),
    Need(
        code="other",
        tag="OTHER",
        names={
            "en": "Something else (staff will ask)",
            "pl": "Coś innego (pracownik zapyta)",
            "pt": "Outra coisa (o pessoal vai perguntar)",
            "lt": "Kita (darbuotojas paklaus)",
            "ro": "Altceva (personalul vă va întreba)",
        },
    ),
)
"""The access and communication needs a visitor can choose at the kiosk."""


@dataclass(frozen=True)
class OfficeSettings:
    """Who we are and where: shown on the kiosk, the ticket and the console."""

    organisation: str = "Cambridgeshire County Council"
    """The organisation's name."""
    name: str = "Customer Service Centre"
    """This office's name."""
    site: str = "main"
    """Identifier of this office; ticket numbers are unique per site and day."""
    timezone: str = "Europe/London"
    """IANA zone in which opening hours and "today" are reckoned."""
    website: str = "https://www.cambridgeshire.gov.uk"
    """Shown (with a QR code) on the closed screen and printed on the ticket."""
    phone: str = "0345 045 5200"
    """Shown on the closed screen."""

    @property
    def zone(self) -> ZoneInfo:
        """The office's time zone."""
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class KioskSettings:
    """How the kiosk behaves with a visitor in front of it."""

    station: str = "kiosk"
    """This kiosk's name; each kiosk prints its own tickets on its own printer."""
    idle_seconds: int = 60
    """Seconds without a touch mid-flow before "Are you still there?"."""
    still_there_seconds: int = 30
    """Seconds the visitor has to answer "Are you still there?" (WCAG 2.2.1: at least 20)."""
    ticket_seconds: int = 12
    """Seconds the ticket screen stays before Welcome returns."""
    ticket_seconds_printer_fault: int = 45
    """Seconds the ticket screen stays when the ticket could not be printed."""
    accessibility: Accessibility = "standard"
    """The display mode the kiosk starts in and returns to for each new visitor."""
    read_aloud: bool = False
    """Read each screen aloud (with espeak-ng, where installed) until a visitor turns it off."""
    log_file: str | None = None
    """Where unexpected errors are logged; the user log directory when left out."""


@dataclass(frozen=True)
class PrinterSettings:
    """The receipt printer beside the kiosk and how to reach it."""

    type: PrinterType = "preview"
    """Connection kind; "preview" writes each ticket as PNG and raw bytes into a folder."""
    preview_dir: str | None = None
    """Folder of the preview printer; the user data directory when left out."""
    host: str | None = None
    """Network printer's host name or address (type "network")."""
    port: int = 9100
    """Network printer's TCP port."""
    timeout: float = 5.0
    """Seconds a print attempt may take before it gives up (a serial line adds the
    time its bytes take on the wire)."""
    status_timeout: float = 1.0
    """Seconds the printer has to answer one status query; separate from `timeout`."""
    usb_vendor: int | None = None
    """USB vendor id, e.g. 0x04b8 for Epson (type "usb")."""
    usb_product: int | None = None
    """USB product id (type "usb")."""
    device: str | None = None
    """Device or file path for types "serial" and "file", e.g. /dev/ttyUSB0, /dev/usb/lp0."""
    baudrate: int = 9600
    """Serial line speed (type "serial")."""
    cups_queue: str | None = None
    """CUPS queue name (type "cups")."""
    profile: str = "TM-T88V"
    """python-escpos capability profile naming the printer model."""
    code_pages: tuple[str, ...] | None = None
    """The code pages this printer really holds (python-escpos names, e.g. "CP858");
    None trusts the profile's list."""
    raster_text: bool = True
    """Print a line no code page holds as an image of the text (else transliterate)."""
    paper_width: int = 80
    """Paper roll width in millimetres: 80 or 58."""
    native_qr: NativeQr = "auto"
    """Use the printer's own QR command: "auto" follows the profile."""
    stale_minutes: int = 5
    """Minutes after check-in past which an unprinted ticket is discarded, never printed late."""
    retry_seconds: float = 5.0
    """First retry delay of a failed print; it doubles on each further failure."""


@dataclass(frozen=True)
class DatabaseSettings:
    """Where the queue lives."""

    url: str | None = None
    """SQLAlchemy URL; a SQLite file in the user data directory when left out.

    Use postgresql+psycopg://user@host/db when several terminals share one queue."""


@dataclass(frozen=True)
class StaffSettings:
    """Staff console security."""

    lock_minutes: int = 5
    """Minutes without input before the console locks itself."""


@dataclass(frozen=True)
class DeskSettings:
    """A desk as visitors see and hear it when they are called to it."""

    name: str
    """The desk's name as the console is started with (`--desk "Desk 2"`)."""
    shown: str | None = None
    """What the sign over the desk says, for the board; the name when left out."""
    spoken: LocalisedText = field(default_factory=dict)
    """How the call says it, per language, as it fits "please go to …" in that
    language (e.g. pl "stanowiska numer 2"); the shown name when left out."""
    services: tuple[str, ...] = ()
    """Service codes the desk calls; every service when empty. A supervisor's choice
    on the console (saved in the database) takes precedence."""

    @property
    def label(self) -> str:
        """The desk as the board shows it."""
        return self.shown or self.name

    def spoken_name(self, language: str) -> str:
        """The desk as said in `language`, falling back to English, then the label."""
        return self.spoken.get(language) or self.spoken.get("en") or self.label


@dataclass(frozen=True)
class BoardSettings:
    """One waiting-room board: which services it shows and whether it speaks."""

    name: str
    """Chosen with `waiting-board --board NAME`."""
    services: tuple[str, ...] = ()
    """Service codes whose calls and queues it shows; every service when empty."""
    speech: bool = True
    """Chime and speak each call (with espeak-ng, where installed)."""
    log_file: str | None = None
    """Where the board logs; the user log directory when left out."""


@dataclass(frozen=True)
class ConsoleSettings:
    """The staff console's own settings."""

    log_file: str | None = None
    """Where the console logs its errors; the user log directory when left out."""


@dataclass(frozen=True)
class Settings:
    """The whole configuration file."""

    office: OfficeSettings = OfficeSettings()
    """Organisation, office, site, time zone and contact details."""
    opening_hours: OpeningHours = OpeningHours()
    """The ordinary week."""
    closures: tuple[Closure, ...] = ()
    """Days the office is shut besides weekends and bank holidays."""
    bank_holidays: str = "england"
    """Whose bank holidays close the office: england, wales, scotland, northern-ireland, none."""
    last_entry_warning_minutes: int = 15
    """Minutes before closing during which the kiosk warns the enquiry may not finish today."""
    target_minutes: int = 15
    """Default resolution target, from arrival to resolution."""
    amber_minutes: int = 5
    """Time left to target under which a visit turns amber."""
    services: tuple[Service, ...] = DEFAULT_SERVICES
    """Services offered, in kiosk order."""
    needs: tuple[Need, ...] = DEFAULT_NEEDS
    """Access and communication needs offered, in kiosk order."""
    languages: tuple[str, ...] = ("en", "pl", "pt", "lt", "ro")
    """Kiosk languages, in button order; the first is the default."""
    kiosk: KioskSettings = KioskSettings()
    """Kiosk behaviour."""
    printer: PrinterSettings = PrinterSettings()
    """Receipt printer."""
    database: DatabaseSettings = DatabaseSettings()
    """Database location."""
    retention_days: int = 90
    """Days after which names, needs and notes are erased; anonymous figures remain."""
    staff: StaffSettings = StaffSettings()
    """Staff console security."""
    desks: tuple[DeskSettings, ...] = ()
    """Desks with the names visitors see and hear; a desk not listed is shown and
    spoken by its console name."""
    boards: tuple[BoardSettings, ...] = ()
    """Waiting-room boards; with none listed, one board shows every service."""
    console: ConsoleSettings = ConsoleSettings()
    """The staff console's log file."""

    def desk(self, name: str) -> DeskSettings:
        """The desk called `name`, or one that shows and speaks that name."""
        for desk in self.desks:
            if desk.name == name:
                return desk
        return DeskSettings(name=name)

    def board(self, name: str | None) -> BoardSettings:
        """The board called `name` (the first, or an all-services board, when None).

        Raises:
            KeyError: there is no board of that name.
        """
        if name is None:
            return self.boards[0] if self.boards else BoardSettings(name="board")
        for board in self.boards:
            if board.name == name:
                return board
        raise KeyError(name)

    def service(self, code: str) -> Service:
        """The service with `code`; KeyError when there is none."""
        for service in self.services:
            if service.code == code:
                return service
        raise KeyError(code)

    def target_for(self, service_code: str) -> int:
        """Resolution target in minutes for a service (its own, else the office's)."""
        try:
            own = self.service(service_code).target_minutes
        except KeyError:
            own = None
        return own if own is not None else self.target_minutes

    @property
    def bank_holiday_subdivision(self) -> str | None:
        """UK subdivision code for the holidays library, or None for no bank holidays."""
        return BANK_HOLIDAY_REGIONS[self.bank_holidays]
