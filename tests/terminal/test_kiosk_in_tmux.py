"""The kiosk in a real pseudo-terminal (tmux), driven by keys as a keyboard user would."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from models.authority import OPERATOR
from models.db import make_engine, open_database, session_scope
from models.staff import add_staff
from models.tables import StaffRole, Visit

ROOT = Path(__file__).parents[2]
ALWAYS_OPEN = "\n".join(
    f'{day} = {{ opens = "00:00", closes = "23:59" }}'
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is installed by ./dev test"
)


class Tmux:
    """One detached tmux session running a command at a fixed size."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self.name = f"frontdesk-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                "100",
                "-y",
                "32",
                "-c",
                str(cwd),
                *command,
            ],
            check=True,
        )
        # A detached session may keep tmux's default size; set the kiosk's size for sure.
        subprocess.run(["tmux", "set-option", "-t", self.name, "window-size", "manual"], check=True)
        subprocess.run(
            ["tmux", "resize-window", "-t", self.name, "-x", "100", "-y", "32"], check=True
        )

    def screen(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return result.stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, text: str, seconds: float = 20.0) -> str:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def alive(self) -> bool:
        return (
            subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode
            == 0
        )

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def kiosk_config(tmp_path: Path) -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'bank_holidays = "none"\n'
        f"[opening_hours]\n{ALWAYS_OPEN}\n"
        f'[printer]\npreview_dir = "{tmp_path / "tickets"}"\n'
        f'[kiosk]\nlog_file = "{tmp_path / "kiosk.log"}"\n'
        f'[database]\nurl = "sqlite:///{tmp_path / "kiosk.db"}"\n'
    )
    open_database(f"sqlite:///{tmp_path / 'kiosk.db'}", create=True).dispose()
    return config


@pytest.fixture
def kiosk(kiosk_config: Path, tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux([sys.executable, "-m", "kiosk", "--config", str(kiosk_config)], cwd=ROOT)
    try:
        yield session
    finally:
        session.close()


@pytest.mark.slow
def test_a_check_in_by_keyboard_in_a_real_terminal(kiosk: Tmux, tmp_path: Path) -> None:
    kiosk.wait_for("Touch to check in")
    # The hours line appears once the kiosk has opened its database and read the day.
    kiosk.wait_for("Open until 23:59")
    # Signals are keys on the kiosk: none of these stops or suspends it.
    kiosk.keys("C-c")
    kiosk.keys("C-z")
    kiosk.keys("C-q")
    kiosk.keys("C-\\")
    time.sleep(0.5)
    assert kiosk.alive()
    assert "Touch to check in" in kiosk.screen()

    kiosk.keys("Enter")  # Touch to check in (focused first)
    kiosk.wait_for("What is your visit about?")
    kiosk.keys("Enter")  # General enquiry (the first tile)
    kiosk.wait_for("Do you need any help with access or communication?")
    kiosk.keys("BTab", "BTab", "Enter")  # back round to "No, thank you"
    kiosk.wait_for("Please check, then take your ticket")
    kiosk.keys("-l", "Tmux Test")
    kiosk.wait_for("Name: Tmux Test")
    kiosk.keys("Enter")
    screen = kiosk.wait_for("Your ticket number is")
    assert "General enquiry" in screen and "Thank you" in screen
    assert "Tmux Test" not in screen  # never a name where the next person can read it

    deadline = time.monotonic() + 10
    while not list((tmp_path / "tickets").glob("*-A001.bin")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list((tmp_path / "tickets").glob("*-A001.bin"))
    assert list((tmp_path / "tickets").glob("*-A001.png"))
    kiosk.wait_for("Please take your ticket from the printer.")

    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    with session_scope(engine) as session:
        visit = session.execute(select(Visit)).scalar_one()
    engine.dispose()
    assert (visit.ticket, visit.name, visit.service_code) == ("A001", "Tmux Test", "general")
    assert "Traceback" not in kiosk.screen()

    # The next visitor: Done, then Enter on Welcome checks in at once (no Tab first).
    kiosk.keys("Enter")
    kiosk.wait_for("Touch to check in")
    kiosk.keys("Enter")
    kiosk.wait_for("What is your visit about?")


def tap(session: Tmux, column: int, row: int) -> None:
    """A touch where a terminal reports one: SGR mouse down then up (1-based cells)."""
    session.keys("-l", f"\x1b[<0;{column};{row}M\x1b[<0;{column};{row}m")


@pytest.mark.slow
def test_a_staff_sign_in_typed_in_one_burst_keeps_the_pin_out_of_the_code(
    kiosk: Tmux, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    with session_scope(engine) as session:
        add_staff(
            session=session,
            code="jb01",
            name="Jo Bloggs",
            role=StaffRole.RECEPTIONIST,
            pin="482193",
            by=OPERATOR,
        )
    engine.dispose()
    kiosk.wait_for("Open until 23:59")
    # Five quick touches on the clock (top right) open the staff sign-in.
    header = kiosk.screen().splitlines()[0]
    column = header.rstrip().rfind(":") + 1
    for _ in range(5):
        tap(kiosk, column, 1)
        time.sleep(0.2)
    kiosk.wait_for("Staff sign-in")
    time.sleep(0.5)  # the sign-in's code field has the focus
    # Typed faster than the kiosk reads: the Tab arrives with the code and the PIN.
    kiosk.keys("jb01", "Tab", "482193")
    screen = kiosk.wait_for("••••••")
    assert "482193" not in screen  # never a PIN in plain text
    assert "jb01" in screen
    kiosk.keys("Enter")
    kiosk.wait_for("Jo Bloggs")


def columns(row: str) -> int:
    """How many cells tmux gives `row`: as the C library's wcwidth counts (combining
    marks none, spacing marks and most letters one, wide East Asian letters two)."""
    total = 0
    for char in row:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


@pytest.mark.slow
def test_the_interpreter_dialog_keeps_its_border_in_a_real_terminal(kiosk: Tmux) -> None:
    # The row with Arabic and Bengali lost its right border: Textual laid out বাংলা as
    # two cells, tmux drew five (its vowel signs are spacing marks).
    kiosk.wait_for("Open until 23:59")
    kiosk.keys("Enter")  # Touch to check in
    kiosk.wait_for("What is your visit about?")
    kiosk.keys("Enter")  # General enquiry
    kiosk.wait_for("Spoken-language interpreter")
    kiosk.keys("Tab", "Tab", "Tab", "Enter")  # the fourth need: a spoken-language interpreter
    screen = kiosk.wait_for("Other (staff will ask)")
    time.sleep(0.5)  # drawn whole
    dialog = [row.rstrip() for row in kiosk.screen().splitlines() if row.lstrip().startswith("█")]
    assert len(dialog) > 10, screen
    assert {columns(row) for row in dialog} == {columns(dialog[0])}, "\n".join(dialog)
    assert all(row.endswith("█") for row in dialog), "\n".join(dialog)
