"""Every command line, given bad input or meeting a fault: one sentence, non-zero, no debris.

Each case runs the real command in a process, as a person would, and checks what they
see: a non-zero exit, exactly one line on stderr, no traceback, and no output file left
half-written (or at all, when nothing could be written). Faults are made real: a closed
port for an unreachable database, small tmpfs mounts for a full disk and a read-only
folder (the tests run as root, for whom permission bits do not stop a write), a FIFO,
/dev/zero and a TOML file nested 100,000 deep.
"""

from __future__ import annotations

import contextlib
import csv
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from config.reader import shown
from tests.console.harness import database
from tests.database.test_figures import DAY, seed

ROOT = Path(__file__).parents[2]
FROM_TO = ("--from", DAY.isoformat(), "--to", DAY.isoformat())


def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def tmpfs(folder: Path, *options: str) -> Iterator[Path]:
    """A small tmpfs mounted on `folder`, unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join(("size=64k", *options)), "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@dataclass
class World:
    """What a case may use: a configured database, its config file, a scratch folder."""

    tmp: Path
    config: Path
    stack: contextlib.ExitStack

    def config_with(self, body: str) -> Path:
        """Another configuration file."""
        path = self.tmp / f"other-{len(list(self.tmp.glob('other-*')))}.toml"
        path.write_text(body)
        return path

    def unreachable(self) -> Path:
        """A configuration whose database is a closed port."""
        port = closed_port()
        return self.config_with(
            f'[database]\nurl = "postgresql+psycopg://postgres@127.0.0.1:{port}/frontdesk"\n'
        )

    def full_disk(self) -> Path:
        """A folder on a tmpfs with no space left."""
        folder = self.stack.enter_context(tmpfs(self.tmp / "full"))
        with contextlib.suppress(OSError), (folder / "filler").open("wb") as filler:
            filler.write(b"\0" * 200_000)
        return folder

    def read_only(self) -> Path:
        """A folder on a read-only tmpfs."""
        return self.stack.enter_context(tmpfs(self.tmp / "ro", "ro"))


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    url = database(tmp_path)
    from config import Settings
    from models.db import make_engine

    engine = make_engine(url)
    seed(engine, Settings())
    engine.dispose()
    config = tmp_path / "office.toml"
    config.write_text(f'[database]\nurl = "{url}"\n')
    with contextlib.ExitStack() as stack:
        yield World(tmp_path, config, stack)


Case = Callable[[World], tuple[list[str], str, Path | None]]
"""Given the world: the command line, stdin, and the output file that must not be left."""


def console(*args: str) -> list[str]:
    return [sys.executable, "-m", "staff_console", *args]


def kiosk(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", *args]


def csv_to(w: World, target: Path) -> tuple[list[str], str, Path | None]:
    return console("--config", str(w.config), "report", *FROM_TO, "--csv", str(target)), "", target


def board(*args: str) -> list[str]:
    return [sys.executable, "-m", "display", *args]


def port_in_use(w: World) -> int:
    """A local port something already listens on (until the case ends)."""
    listener = w.stack.enter_context(socket.socket())
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    return int(listener.getsockname()[1])


def deep_toml(w: World) -> Path:
    return w.config_with("x = " + "[" * 100_000 + "]" * 100_000 + "\n")


def fifo(w: World) -> Path:
    path = w.tmp / "office.fifo"
    os.mkfifo(path)
    return path


CASES: dict[str, Case] = {
    "board --serve on a port that does not exist": lambda w: (
        board("--config", str(w.config), "--serve", "--port", "99999"),
        "",
        None,
    ),
    "board --serve on a port that is not a number": lambda w: (
        board("--config", str(w.config), "--serve", "--port", "abc"),
        "",
        None,
    ),
    "board --serve on a port already in use": lambda w: (
        board("--config", str(w.config), "--serve", "--port", str(port_in_use(w))),
        "",
        None,
    ),
    "report --to before --from": lambda w: (
        console("--config", str(w.config), "report", "--from", "2026-11-30", "--to", "2026-11-01"),
        "",
        None,
    ),
    "report a date that is not one": lambda w: (
        console("--config", str(w.config), "report", "--from", "30/11/2026", "--to", "x"),
        "",
        None,
    ),
    "report --csv ''": lambda w: (
        console("--config", str(w.config), "report", *FROM_TO, "--csv", ""),
        "",
        None,
    ),
    "report --csv to a folder": lambda w: (csv_to(w, w.tmp)[0], "", None),
    "report --csv in a missing folder": lambda w: csv_to(w, w.tmp / "nowhere" / "x.csv"),
    "report --csv in a read-only folder": lambda w: csv_to(w, w.read_only() / "x.csv"),
    "report --csv on a full disk": lambda w: csv_to(w, w.full_disk() / "x.csv"),
    "report personal data without --staff": lambda w: (
        console("--config", str(w.config), "report", *FROM_TO, "--with-personal-data"),
        "",
        None,
    ),
    "report, database unreachable": lambda w: (
        console("--config", str(w.unreachable()), "report", *FROM_TO),
        "",
        None,
    ),
    "report, database file missing": lambda w: (
        console(
            "--config",
            str(w.config_with(f'[database]\nurl = "sqlite:///{w.tmp}/typo.db"\n')),
            "report",
            *FROM_TO,
        ),
        "",
        w.tmp / "typo.db",
    ),
    "add-staff, database unreachable": lambda w: (
        console(
            "--config",
            str(w.unreachable()),
            "add-staff",
            "--code",
            "kp",
            "--name",
            "K P",
            "--pin-stdin",
        ),
        "246810\n",
        None,
    ),
    "add-staff, a 10 KB name": lambda w: (
        console(
            "--config",
            str(w.config),
            "add-staff",
            "--code",
            "kp",
            "--name",
            "K" * 10_240,
            "--pin-stdin",
        ),
        "246810\n",
        None,
    ),
    "add-staff, Arabic-Indic digits": lambda w: (
        console(
            "--config", str(w.config), "add-staff", "--code", "kp", "--name", "K P", "--pin-stdin"
        ),
        "\u0662\u0664\u0666\u0668\n",
        None,
    ),
    "add-staff, a code with a dot": lambda w: (
        console(
            "--config", str(w.config), "add-staff", "--code", "k.p", "--name", "K P", "--pin-stdin"
        ),
        "246810\n",
        None,
    ),
    "add-staff, an empty name": lambda w: (
        console(
            "--config", str(w.config), "add-staff", "--code", "kp", "--name", "", "--pin-stdin"
        ),
        "246810\n",
        None,
    ),
    "add-staff, a one-letter code": lambda w: (
        console(
            "--config", str(w.config), "add-staff", "--code", "k", "--name", "K P", "--pin-stdin"
        ),
        "246810\n",
        None,
    ),
    "add-staff, a PIN of two digits": lambda w: (
        console(
            "--config", str(w.config), "add-staff", "--code", "kp", "--name", "K P", "--pin-stdin"
        ),
        "12\n",
        None,
    ),
    # A console started for no desk would record calls against "" (it started, before).
    "console --desk ''": lambda w: (console("--config", str(w.config), "--desk", ""), "", None),
    "purge, database unreachable": lambda w: (
        console("--config", str(w.unreachable()), "purge"),
        "",
        None,
    ),
    "init-db in a read-only folder": lambda w: (
        console(
            "--config",
            str(w.config_with(f'[database]\nurl = "sqlite:///{w.read_only()}/new.db"\n')),
            "init-db",
        ),
        "",
        None,
    ),
    "init-db, database unreachable": lambda w: (
        console("--config", str(w.unreachable()), "init-db"),
        "",
        None,
    ),
    "an unknown subcommand": lambda w: (console("--config", str(w.config), "sweep"), "", None),
    "config: a FIFO": lambda w: (console("--config", str(fifo(w)), "purge"), "", None),
    "config: /dev/zero": lambda w: (console("--config", "/dev/zero", "purge"), "", None),
    "config: nested 100,000 deep": lambda w: (
        console("--config", str(deep_toml(w)), "purge"),
        "",
        None,
    ),
    "config: a folder": lambda w: (console("--config", str(w.tmp), "purge"), "", None),
    "kiosk: an unknown option": lambda w: (kiosk("--fullscreen"), "", None),
    "kiosk: config a FIFO": lambda w: (kiosk("--test-print", "--config", str(fifo(w))), "", None),
    "kiosk: config /dev/zero": lambda w: (kiosk("--config", "/dev/zero"), "", None),
    "kiosk: config nested deep": lambda w: (kiosk("--config", str(deep_toml(w))), "", None),
    "kiosk --test-print into a read-only folder": lambda w: (
        kiosk(
            "--test-print",
            "--config",
            str(w.config_with(f'[printer]\npreview_dir = "{w.read_only()}/tickets"\n')),
        ),
        "",
        None,
    ),
    "kiosk --test-print to a closed port": lambda w: (
        kiosk(
            "--test-print",
            "--config",
            str(
                w.config_with(
                    f'[printer]\ntype = "network"\nhost = "127.0.0.1"\nport = {closed_port()}\n'
                    "timeout = 2\n"
                )
            ),
        ),
        "",
        None,
    ),
}


USAGE_MISTAKES = {
    "report --to before --from": "--to",
    "report a date that is not one": "--from",
    "report --csv ''": "--csv",
    "report personal data without --staff": "--staff",
    "add-staff, a 10 KB name": "--name",
    "add-staff, Arabic-Indic digits": "--pin-stdin",
    "add-staff, a code with a dot": "--code",
    "add-staff, an empty name": "--name",
    "add-staff, a one-letter code": "--code",
    "add-staff, a PIN of two digits": "--pin-stdin",
    "console --desk ''": "--desk",
    "an unknown subcommand": "sweep",
}
"""Mistakes in the command line itself, and the option each sentence must name: exit 2
(as the README says), never 1, which is for refusals and faults."""


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.parametrize("case", sorted(CASES))
def test_one_sentence_and_a_non_zero_exit(world: World, case: str) -> None:
    command, stdin, output = CASES[case](world)
    result = subprocess.run(
        command, cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=90
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0, (result.stdout, result.stderr)
    if case.startswith("board --serve"):
        # A mistake in how it was started (EX_USAGE), said before anything is served.
        assert result.returncode == 2 and result.stdout == "", (result.stdout, result.stderr)
        assert lines[:1] and "port" in lines[0].lower(), result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert len(lines) == 1, result.stderr
    if case in USAGE_MISTAKES:
        assert result.returncode == 2, (result.returncode, lines[0])
        assert USAGE_MISTAKES[case] in lines[0], lines[0]
    assert len(lines[0]) < 400, lines[0]
    if output is not None:
        assert not output.exists()
        leftovers = (
            [p.name for p in output.parent.glob(f".{output.name}.*")]
            if (output.parent.is_dir())
            else []
        )
        assert leftovers == []


@pytest.mark.slow
def test_a_file_printer_at_a_regular_file_is_a_configuration_mistake(world: World) -> None:
    # Not a printer: the kiosk would start and fail every visitor's ticket. Said at once,
    # naming the key, with the exit status of any configuration mistake.
    regular = world.tmp / "lp0"
    regular.write_bytes(b"")
    config = world.config_with(f'[printer]\ntype = "file"\ndevice = "{regular}"\n')
    result = subprocess.run(
        kiosk("--test-print", "--config", str(config)),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 2, (result.stdout, result.stderr)
    (line,) = result.stderr.strip().splitlines()
    assert line == (
        f"frontdesk cannot start: the configuration in {config} has a mistake: "
        f"printer.device: {shown(str(regular))} is a regular file, not a printer device such as "
        '/dev/usb/lp0 (to write tickets to files, use type = "preview" and preview_dir)'
    )
    assert regular.read_bytes() == b""


def test_a_failed_export_leaves_the_previous_file_whole(world: World) -> None:
    folder = world.full_disk()
    target = folder / "visits.csv"
    # A previous export first, then the disk filled up to the last byte.
    (folder / "filler").unlink()
    target.write_text("previous\n")
    with contextlib.suppress(OSError), (folder / "filler").open("wb") as filler:
        filler.write(b"\0" * 200_000)
    command, _, _ = csv_to(world, target)
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=90)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Cannot write {target}: the disk is full."
    assert target.read_text() == "previous\n"
    assert {p.name for p in folder.iterdir()} == {"filler", "visits.csv"}


def test_config_may_come_after_the_subcommand(world: World) -> None:
    result = subprocess.run(
        console("report", *FROM_TO, "--config", str(world.config)),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    assert "4 visitors" in result.stdout


def test_init_db_creates_the_configured_file_and_report_then_opens_it(tmp_path: Path) -> None:
    target = tmp_path / "office" / "frontdesk.db"
    config = tmp_path / "office.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{target}"\n')
    before = subprocess.run(
        console("--config", str(config), "purge"), cwd=ROOT, capture_output=True, text=True
    )
    assert before.returncode == 1 and not target.exists()
    assert f"The database file {target} does not exist" in before.stderr
    made = subprocess.run(
        console("init-db", "--config", str(config)), cwd=ROOT, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    assert f"The database is ready: SQLite file {target}." in made.stdout
    after = subprocess.run(
        console("--config", str(config), "purge"), cwd=ROOT, capture_output=True, text=True
    )
    assert after.returncode == 0, after.stderr


def test_csv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    """A visitor, an interpreter language, an outcome and a desk that look like formulas."""
    from sqlalchemy import update

    from config import Settings
    from models.db import make_engine, session_scope
    from models.tables import Visit

    url = database(tmp_path)
    engine = make_engine(url)
    seed(engine, Settings())
    hostile = {
        "name": '=HYPERLINK("http://evil","Click")',
        "interpreter_language": "+cmd|' /C calc'!A0",
        "outcome_detail": "@SUM(1+1)",
        "desk": "-1+1 Desk",
    }
    with session_scope(engine) as session:
        session.execute(update(Visit).values(**hostile))
    engine.dispose()
    config = tmp_path / "office.toml"
    config.write_text(f'[database]\nurl = "{url}"\n')
    for personal in (False, True):
        target = tmp_path / f"visits-{personal}.csv"
        extra = ("--with-personal-data", "--staff", "sv") if personal else ()
        result = subprocess.run(
            console("--config", str(config), "report", *FROM_TO, "--csv", str(target), *extra),
            cwd=ROOT,
            input="9999\n",
            capture_output=True,
            text=True,
            timeout=90,
        )
        assert result.returncode == 0, result.stderr
        with target.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert rows and all(row["desk"] == "'-1+1 Desk" for row in rows)
        for row in rows:
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
        if personal:
            assert rows[0]["name"] == "'" + hostile["name"]
            assert rows[0]["interpreter_language"] == "'" + hostile["interpreter_language"]
            assert rows[0]["outcome_detail"] == "'" + hostile["outcome_detail"]
