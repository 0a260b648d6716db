"""The TOML file: defaults match the charter, the example loads, mistakes name their key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config import CONFIG_ENV, ConfigError, Settings, load_settings, settings_from_mapping
from config.reader import shown
from config.settings import (
    Closure,
    ConsoleSettings,
    DatabaseSettings,
    DayHours,
    KioskSettings,
    Need,
    OfficeSettings,
    OpeningHours,
    PrinterSettings,
    Service,
    StaffSettings,
)

EXAMPLE = Path(__file__).parents[2] / "frontdesk.example.toml"


def problems(data: dict[str, object]) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping(data, "test.toml")
    return caught.value.problems


def test_defaults_are_the_charter() -> None:
    settings = Settings()
    hours = settings.opening_hours
    assert settings.office.timezone == "Europe/London"
    for day in ("monday", "tuesday", "wednesday", "thursday"):
        assert getattr(hours, day).opens == dt.time(9, 0)
        assert getattr(hours, day).closes == dt.time(17, 0)
    assert hours.friday.opens == dt.time(9, 0)
    assert hours.friday.closes == dt.time(16, 30)
    assert hours.saturday is None and hours.sunday is None
    assert settings.bank_holiday_subdivision == "ENG"
    assert settings.target_minutes == 15
    assert settings.printer.type == "preview"
    assert settings.kiosk.still_there_seconds >= 20


def test_the_commented_example_file_loads_and_differs_from_nothing_it_claims() -> None:
    settings = load_settings(EXAMPLE)
    assert settings.office.timezone == "Europe/London"
    assert [s.letter for s in settings.services][:2] == ["A", "C"]
    assert settings.printer.type == "preview"


def test_no_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(None, environ={}) == Settings()


def test_path_beats_environment(tmp_path: Path) -> None:
    by_path = tmp_path / "a.toml"
    by_path.write_text("target_minutes = 20\n")
    by_env = tmp_path / "b.toml"
    by_env.write_text("target_minutes = 30\n")
    assert load_settings(by_path, environ={CONFIG_ENV: str(by_env)}).target_minutes == 20
    assert load_settings(None, environ={CONFIG_ENV: str(by_env)}).target_minutes == 30


def test_friday_closing_before_opening_names_key_value_and_reason() -> None:
    found = problems({"opening_hours": {"friday": {"opens": "09:00", "closes": "08:00"}}})
    assert found == ["opening_hours.friday: closes 08:00, before it opens 09:00"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"office": {"timezone": "Mars/Base"}}, "office.timezone: 'Mars/Base' is not a known"),
        ({"servces": []}, "servces: is not a setting frontdesk knows"),
        ({"printer": {"type": "network"}}, 'printer: type "network" needs host'),
        ({"printer": {"type": "bluetooth"}}, "printer.type:"),
        ({"target_minutes": 0}, "target_minutes: must be from 1 to 480 (got 0)"),
        ({"target_minutes": "15"}, "target_minutes: must be a whole number from 1 to 480"),
        ({"retention_days": True}, "retention_days: must be a whole number"),
        ({"office": {"nmae": "x"}}, "office.nmae: is not a setting frontdesk knows"),
        ({"office": "Ely"}, "office: must be a table, not text (got 'Ely')"),
        ({"office": {"name": ""}}, "office.name: must not be empty"),
        ({"office": {"site": "Main Office"}}, "office.site: must be lower-case letters"),
        (
            {"services": [{"code": "a", "letter": "A", "names": {"en": "A"}, "colour": "red"}]},
            "services['a'].colour: is not a setting frontdesk knows",
        ),
        ({"services": [{"letter": "A", "names": {"en": "A"}}]}, "services[0].code: is required"),
        (
            {"services": [{"code": "a", "letter": "a", "names": {"en": "A"}}]},
            "services['a'].letter: must be one capital letter A-Z (got 'a')",
        ),
        ({"services": [{"code": "a", "letter": "A"}]}, "services['a'].names: is required"),
        ({"services": {"code": "a"}}, "services: must be a list of tables ([[services]])"),
        ({"services": []}, "services: needs at least one service"),
        ({"needs": [{"code": "x", "names": {"en": "X"}}]}, "needs['x'].tag: is required"),
        ({"closures": [{"reason": "Flood"}]}, "closures[0].from: is required"),
        (
            {"closures": [{"from": dt.datetime(2026, 12, 24, 9, 0)}]},
            "closures[0].from: must be a date written YYYY-MM-DD",
        ),
        ({"printer": {"paper_width": 57}}, "printer.paper_width: must be one of 80, 58 (got 57)"),
        ({"printer": {"profile": "TM-X"}}, "printer.profile: 'TM-X' is not a python-escpos"),
        ({"printer": {"timeout": 0}}, "printer.timeout: must be more than 0 and at most 60"),
        (
            {"printer": {"status_timeout": 30}},
            "printer.status_timeout: must be more than 0 and at most 10",
        ),
        (
            {"printer": {"profile": "TM-T88IV", "code_pages": ["CP858", "CP775"]}},
            "printer.code_pages: 'CP775' not among the code pages of profile TM-T88IV; known: "
            "CP1252, CP437, CP850, CP852, CP858, CP860, CP863, CP865, CP866",
        ),
        (
            {"printer": {"code_pages": ["CP932"]}},
            "printer.code_pages: 'CP932' not among the code pages of profile TM-T88V",
        ),
        ({"printer": {"code_pages": []}}, "printer.code_pages: must name at least one"),
        ({"printer": {"code_pages": "CP858"}}, "printer.code_pages: must be a list of text"),
        ({"printer": {"raster_text": "yes"}}, "printer.raster_text: must be true or false"),
        (
            {"printer": {"type": "usb", "usb_vendor": 0x04B8}},
            'printer: type "usb" needs usb_product',
        ),
        ({"kiosk": {"accessibility": "huge"}}, "kiosk.accessibility: must be one of standard,"),
        ({"languages": "en"}, "languages: must be a list of text"),
        ({"opening_hours": {"monday": "9-5"}}, "opening_hours.monday: '9-5' is neither"),
        (
            {"opening_hours": {"monday": {"opens": "9am", "closes": "17:00"}}},
            "opening_hours.monday.opens: '9am' is not a time of day",
        ),
        (
            {"closures": [{"from": "2026-12-24", "to": "2026-12-20"}]},
            "closures[0]: to 2026-12-20 is before from 2026-12-24",
        ),
        (
            {
                "services": [
                    {"code": "a", "letter": "A", "names": {"en": "A"}},
                    {"code": "b", "letter": "A", "names": {"en": "B"}},
                ]
            },
            "services: two services share the letter 'A'",
        ),
        (
            {"services": [{"code": "a", "letter": "A", "names": {"pl": "A"}}]},
            "services['a'].names: needs at least an English name",
        ),
        ({"languages": ["en", "xx"]}, "languages: unknown language 'xx'"),
        ({"bank_holidays": "mars"}, "bank_holidays: 'mars' is not one of"),
        ({"kiosk": {"still_there_seconds": 5}}, "kiosk.still_there_seconds:"),
        ({"database": {"url": "mysql://x"}}, "database.url: must be a sqlite:// or postgresql"),
        ({"console": {"log_file": ""}}, "console.log_file:"),
        ({"console": {"log": "x.log"}}, "console.log:"),
    ],
)
def test_each_mistake_names_its_key(data: dict[str, object], expected: str) -> None:
    found = problems(data)
    assert any(p.startswith(expected) for p in found), found


def test_several_mistakes_are_all_reported() -> None:
    found = problems({"target_minutes": -1, "retention_days": 0})
    assert len(found) == 2


def test_missing_file_and_bad_toml_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[office\nname = 1\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(broken)
    assert "not valid TOML" in caught.value.report()
    assert str(broken) in caught.value.report()


def test_a_service_without_its_own_target_uses_the_office_target() -> None:
    settings = Settings()
    assert settings.target_for("general") == 15
    assert settings.target_for("adult-care") == 20


def test_every_key_is_read_not_left_at_its_default() -> None:
    # Each key set to something other than its default, as a TOML file gives them.
    data = {
        "retention_days": 30,
        "target_minutes": 20,
        "amber_minutes": 3,
        "last_entry_warning_minutes": 10,
        "bank_holidays": "Northern Ireland",
        "languages": ["pl", "en"],
        "office": {
            "organisation": "Fenland District Council",
            "name": "March Office",
            "site": "march",
            "timezone": "Europe/Dublin",
            "website": "https://www.fenland.gov.uk",
            "phone": "01354 654321",
        },
        "opening_hours": {
            "monday": "closed",
            "saturday": {"opens": dt.time(9, 30), "closes": "12:00"},
        },
        "closures": [{"from": dt.date(2026, 12, 24), "to": "2026-12-27", "reason": "Xmas"}],
        "services": [
            {
                "code": "parking",
                "letter": "K",
                "names": {"en": "Parking", "pl": "Parkowanie"},
                "online_url": "https://example.org/parking",
                "target_minutes": 25,
                "appointments": True,
            }
        ],
        "needs": [
            {"code": "dog", "tag": "DOG", "names": {"en": "Assistance dog"}, "asks_language": True}
        ],
        "kiosk": {
            "station": "Kiosk 2",
            "idle_seconds": 90,
            "still_there_seconds": 40,
            "ticket_seconds": 20,
            "ticket_seconds_printer_fault": 60,
            "accessibility": "large-text",
            "log_file": "/var/log/frontdesk/kiosk.log",
        },
        "printer": {
            "type": "network",
            "preview_dir": "/tmp/tickets",
            "host": "192.0.2.7",
            "port": 9101,
            "timeout": 2,
            "usb_vendor": 0x04B8,
            "usb_product": 0x0202,
            "device": "/dev/usb/lp0",
            "baudrate": 19200,
            "cups_queue": "tickets",
            "profile": "TM-T20II",
            "paper_width": 58,
            "native_qr": "no",
            "stale_minutes": 9,
            "retry_seconds": 1.5,
        },
        "database": {"url": "postgresql+psycopg://frontdesk@db/frontdesk"},
        "staff": {"lock_minutes": 7},
        "console": {"log_file": "/var/log/frontdesk/console.log"},
    }
    settings = settings_from_mapping(data)
    assert settings == Settings(
        retention_days=30,
        target_minutes=20,
        amber_minutes=3,
        last_entry_warning_minutes=10,
        bank_holidays="northern-ireland",
        languages=("pl", "en"),
        office=OfficeSettings(
            organisation="Fenland District Council",
            name="March Office",
            site="march",
            timezone="Europe/Dublin",
            website="https://www.fenland.gov.uk",
            phone="01354 654321",
        ),
        opening_hours=OpeningHours(
            monday=None, saturday=DayHours(opens=dt.time(9, 30), closes=dt.time(12, 0))
        ),
        closures=(Closure(start=dt.date(2026, 12, 24), end=dt.date(2026, 12, 27), reason="Xmas"),),
        services=(
            Service(
                code="parking",
                letter="K",
                names={"en": "Parking", "pl": "Parkowanie"},
                online_url="https://example.org/parking",
                target_minutes=25,
                appointments=True,
            ),
        ),
        needs=(Need(code="dog", tag="DOG", names={"en": "Assistance dog"}, asks_language=True),),
        kiosk=KioskSettings(
            station="Kiosk 2",
            idle_seconds=90,
            still_there_seconds=40,
            ticket_seconds=20,
            ticket_seconds_printer_fault=60,
            accessibility="large-text",
            log_file="/var/log/frontdesk/kiosk.log",
        ),
        printer=PrinterSettings(
            type="network",
            preview_dir="/tmp/tickets",
            host="192.0.2.7",
            port=9101,
            timeout=2.0,
            usb_vendor=0x04B8,
            usb_product=0x0202,
            device="/dev/usb/lp0",
            baudrate=19200,
            cups_queue="tickets",
            profile="TM-T20II",
            paper_width=58,
            native_qr="no",
            stale_minutes=9,
            retry_seconds=1.5,
        ),
        database=DatabaseSettings(url="postgresql+psycopg://frontdesk@db/frontdesk"),
        staff=StaffSettings(lock_minutes=7),
        console=ConsoleSettings(log_file="/var/log/frontdesk/console.log"),
    )
    assert settings.bank_holiday_subdivision == "NIR"
    assert settings.opening_hours.friday == Settings().opening_hours.friday


def test_a_long_or_hostile_wrong_value_is_quoted_short_and_escaped() -> None:
    found = problems({"office": {"phone": "\x1b[2J" + "9" * 10_000}})
    assert len(found) == 1
    assert found[0].startswith("office.phone: must be at most 40 characters (got '\\x1b[2J999")
    assert "\x1b" not in found[0] and len(found[0]) < 200


def test_a_file_printer_must_be_a_device_not_a_regular_file_or_folder(tmp_path: Path) -> None:
    regular = tmp_path / "lp0"
    regular.write_bytes(b"")
    for path, kind in ((regular, "a regular file"), (tmp_path, "a folder")):
        found = problems({"printer": {"type": "file", "device": str(path)}})
        assert found == [
            f"printer.device: {shown(str(path))} is {kind}, not a printer device such as "
            "/dev/usb/lp0 "
            '(to write tickets to files, use type = "preview" and preview_dir)'
        ]
    # A character device is one; a missing path may be a USB printer switched off, whose
    # device appears when it is switched on: the kiosk starts, and its spool says why.
    for device in ("/dev/null", str(tmp_path / "nothing-yet")):
        settings = settings_from_mapping({"printer": {"type": "file", "device": device}})
        assert settings.printer.device == device


def test_printer_code_pages_and_raster_text_are_read() -> None:
    printer = settings_from_mapping(
        {
            "printer": {
                "profile": "TM-T20II",
                "code_pages": ["CP437", "CP858", "CP852", "CP858"],
                "raster_text": False,
                "status_timeout": 0.5,
            }
        }
    ).printer
    assert printer.code_pages == ("CP437", "CP858", "CP852")
    assert printer.raster_text is False
    assert printer.status_timeout == 0.5
    assert Settings().printer.code_pages is None and Settings().printer.raster_text
