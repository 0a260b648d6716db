"""The TOML file: defaults match the charter, the example loads, mistakes name their key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config import CONFIG_ENV, ConfigError, Settings, load_settings, settings_from_mapping

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
        ({"target_minutes": 0}, "target_minutes: Input should be greater than or equal to 1"),
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
        ({"database": {"url": "mysql://x"}}, "database.url: 'mysql://x' is not"),
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
