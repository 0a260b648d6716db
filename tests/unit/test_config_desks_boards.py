"""[[desks]] and [[boards]]: names visitors see and hear, services each board shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import ConfigError, Settings, load_settings, settings_from_mapping
from config.settings import BoardSettings, DeskSettings

EXAMPLE = Path(__file__).parents[2] / "frontdesk.example.toml"


def problems(data: dict[str, object]) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping(data, "test.toml")
    return caught.value.problems


def test_desks_and_boards_are_read() -> None:
    settings = settings_from_mapping(
        {
            "desks": [
                {
                    "name": "Desk 2",
                    "shown": "2",
                    "spoken": {"en": "desk two", "pl": "stanowiska 2"},
                    "services": ["housing", "council-tax"],
                }
            ],
            "boards": [
                {"name": "upstairs", "services": ["housing"], "speech": False, "log_file": "/x"}
            ],
        }
    )
    assert settings.desks == (
        DeskSettings(
            name="Desk 2",
            shown="2",
            spoken={"en": "desk two", "pl": "stanowiska 2"},
            services=("housing", "council-tax"),
        ),
    )
    assert settings.boards == (
        BoardSettings(name="upstairs", services=("housing",), speech=False, log_file="/x"),
    )
    desk = settings.desk("Desk 2")
    assert (desk.label, desk.spoken_name("pl"), desk.spoken_name("ro")) == (
        "2",
        "stanowiska 2",
        "desk two",
    )
    # A desk not configured is shown and spoken by its console name.
    assert settings.desk("Room 5").label == "Room 5"
    assert settings.desk("Room 5").spoken_name("pl") == "Room 5"
    assert settings.board("upstairs").services == ("housing",)
    assert settings.board(None).name == "upstairs"
    with pytest.raises(KeyError):
        settings.board("cellar")


def test_no_boards_means_one_board_for_everything() -> None:
    board = Settings().board(None)
    assert board.services == () and board.speech


def test_the_example_file_names_its_desks_and_board() -> None:
    settings = load_settings(EXAMPLE)
    assert settings.desk("Desk 2").spoken_name("pl") == "stanowiska numer 2"
    assert settings.board(None).name == "waiting-room"
    assert settings.desk("Desk 2").services == ("housing", "council-tax")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"desks": [{"spoken": {"en": "x"}}]}, "desks[0].name: is required"),
        ({"desks": [{"name": "Desk\x1b2"}]}, "desks[0].name: must be letters, digits"),
        ({"desks": [{"name": "D", "spoken": {"xx": "y"}}]}, "desks[0].spoken.xx: unknown language"),
        ({"desks": [{"name": "D"}, {"name": "D"}]}, "desks: two desks share a name"),
        ({"desks": [{"name": "D", "colour": "red"}]}, "desks[0].colour: is not a setting"),
        ({"boards": [{"name": "b", "services": ["nope"]}]}, "boards[0].services: no service"),
        ({"desks": [{"name": "D", "services": ["nope"]}]}, "desks[0].services: no service"),
        ({"desks": [{"name": "D", "services": "housing"}]}, "desks[0].services:"),
        ({"boards": [{"name": "b"}, {"name": "b"}]}, "boards: two boards share a name"),
        ({"boards": [{"name": "b", "speech": "loud"}]}, "boards[0].speech:"),
    ],
)
def test_each_mistake_names_its_key(data: dict[str, object], expected: str) -> None:
    found = problems(data)
    assert any(line.startswith(expected) for line in found), found
