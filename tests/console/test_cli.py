"""The staff-console command line: report, CSV export, add-staff, purge."""

from __future__ import annotations

import csv
import datetime as dt
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from config import Settings
from models.db import make_engine, session_scope
from tests.console.harness import database
from tests.database.test_figures import DAY, seed

ROOT = Path(__file__).parents[2]


def run(config: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "staff_console", "--config", str(config), *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def configured(tmp_path: Path) -> tuple[Path, str]:
    url = database(tmp_path)
    config = tmp_path / "office.toml"
    config.write_text(f'retention_days = 30\n[database]\nurl = "{url}"\n')
    return config, url


def test_report_prints_the_hand_counted_figures(tmp_path: Path) -> None:
    config, url = configured(tmp_path)
    engine = make_engine(url)
    seed(engine, Settings())
    engine.dispose()
    result = run(config, "report", "--from", DAY.isoformat(), "--to", DAY.isoformat())
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "4 visitors" in out
    # Waits 5, 16 and 3 minutes; greeting 4, 14 and 3 minutes (see test_figures.seed).
    assert "average wait: 8.0 min; longest: 16.0 min" in out
    # Greets 3, 4 and 14 min; A003 still uncalled long past 5 min is owed one too.
    assert "time to greet: median 4.0 min, 90% within 14.0 min, 50.0% within 5 min (2 of 4)" in out
    assert "resolved: 2; within target: 50.0%" in out
    assert "with needs: 1; acknowledged: 0" in out
    assert "service General enquiry: 3 visitors" in out  # services by name
    assert "service Housing: 1 visitors" in out


def test_csv_has_one_row_per_visit_and_no_personal_data(tmp_path: Path) -> None:
    config, url = configured(tmp_path)
    engine = make_engine(url)
    seed(engine, Settings())
    engine.dispose()
    target = tmp_path / "visits.csv"
    result = run(
        config, "report", "--from", DAY.isoformat(), "--to", DAY.isoformat(), "--csv", str(target)
    )
    assert result.returncode == 0, result.stderr
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["ticket"] for r in rows] == ["A001", "A002", "H001", "A003"]
    assert "name" not in rows[0] and "Ann" not in target.read_text()
    assert rows[0]["within_target"] == "True" and rows[1]["outcome"] == "referred"


def test_personal_data_needs_a_supervisor(tmp_path: Path) -> None:
    config, url = configured(tmp_path)
    engine = make_engine(url)
    seed(engine, Settings())
    engine.dispose()
    target = tmp_path / "visits.csv"
    args = (
        "report",
        "--from",
        DAY.isoformat(),
        "--to",
        DAY.isoformat(),
        "--csv",
        str(target),
        "--with-personal-data",
        "--staff",
    )
    refused = run(config, *args, "jb", stdin="4821\n")
    assert refused.returncode == 1 and "not a supervisor" in refused.stderr
    wrong = run(config, *args, "sv", stdin="0000\n")
    assert wrong.returncode == 1 and "Wrong staff code or PIN" in wrong.stderr
    allowed = run(config, *args, "sv", stdin="9999\n")
    assert allowed.returncode == 0, allowed.stderr
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[1]["name"] == "Ann" and rows[1]["needs"] == "bsl"


def test_add_staff_reads_the_pin_from_stdin(tmp_path: Path) -> None:
    config, _url = configured(tmp_path)
    added = run(
        config,
        "add-staff",
        "--code",
        "kp",
        "--name",
        "Kay Patel",
        "--role",
        "supervisor",
        "--pin-stdin",
        stdin="246810\n",
    )
    assert added.returncode == 0, added.stderr
    assert "Added supervisor kp (Kay Patel)." in added.stdout
    again = run(config, "add-staff", "--code", "kp", "--name", "K", "--pin-stdin", stdin="1234\n")
    assert again.returncode == 1 and "taken" in again.stderr
    short = run(config, "add-staff", "--code", "zz", "--name", "Z", "--pin-stdin", stdin="1\n")
    # A mistake in what was typed is a usage mistake (exit 2, as the README says).
    assert short.returncode == 2 and "4 to 8 digits" in short.stderr


def test_purge_says_how_many_visits_it_erased(tmp_path: Path) -> None:
    config, url = configured(tmp_path)
    engine = make_engine(url)
    seed(engine, Settings())
    with session_scope(engine) as session:
        from sqlalchemy import update

        from models.tables import Visit

        session.execute(update(Visit).values(local_date=dt.date.today() - dt.timedelta(days=40)))
    engine.dispose()
    result = run(config, "purge")
    assert result.returncode == 0, result.stderr
    assert "Erased personal data of 4 visits older than 30 days." in result.stdout
    assert "of 0 visits" in run(config, "purge").stdout


def test_a_config_mistake_names_the_key(tmp_path: Path) -> None:
    config = tmp_path / "office.toml"
    config.write_text("[staff]\nlock_minutes = 0\n")
    result = run(config, "purge")
    assert result.returncode == 2 and "staff.lock_minutes" in result.stderr


def at_a_terminal(config: Path, *args: str, typed: list[str]) -> tuple[int, str]:
    """Run the command line with a terminal of its own, typing each line when asked."""
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the pseudo-terminal is its controlling terminal
        os.chdir(ROOT)
        os.execv(
            sys.executable, [sys.executable, "-m", "staff_console", "--config", str(config), *args]
        )
    seen = b""
    answers = iter(typed)
    answered = 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(terminal, 1024)
        except OSError:  # the child has gone: the terminal is closed
            break
        if not chunk:
            break
        seen += chunk
        # One answer per prompt, once the prompt is whole ("PIN: ", "PIN again: ").
        if seen.endswith(b": ") and seen.count(b":") > answered:
            answered = seen.count(b":")
            answer = next(answers, None)
            if answer is not None:
                os.write(terminal, answer.encode() + b"\r")
    else:  # never finished (waiting for input nobody was asked for)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(terminal)
    return os.waitstatus_to_exitcode(status), seen.decode(errors="replace")


def test_add_staff_at_a_terminal_asks_twice_and_never_shows_the_pin(tmp_path: Path) -> None:
    config, _url = configured(tmp_path)
    code, screen = at_a_terminal(
        config, "add-staff", "--code", "kp", "--name", "Kay", "--pin-stdin", typed=["246810"] * 2
    )
    assert code == 0, screen
    assert "PIN:" in screen and "PIN again:" in screen
    assert "246810" not in screen  # read from the terminal, it was echoed back before
    assert "Added receptionist kp (Kay)." in screen
    code, screen = at_a_terminal(
        config, "add-staff", "--code", "jb", "--name", "Jo", "--pin-stdin", typed=["1357", "1375"]
    )
    assert code == 2 and "the two PINs typed differ; nobody was added" in screen, screen
