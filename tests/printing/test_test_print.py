"""`kiosk --test-print`: exit 0 when printed, non-zero with a one-line reason when not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.printing.fake_printer import FakeNetworkPrinter
from tests.printing.test_network_printer import unused_port, wait_for

ROOT = Path(__file__).parents[2]


def run_kiosk(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--test-print", "--config", str(config), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_preview_test_print_succeeds(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[printer]\npreview_dir = "{tmp_path / "tickets"}"\n')
    result = run_kiosk(config=config)
    assert result.returncode == 0, result.stderr
    assert "Printed a test ticket" in result.stdout
    assert len(list((tmp_path / "tickets").glob("*.png"))) == 1


def test_network_test_print_reaches_the_printer(tmp_path: Path) -> None:
    with FakeNetworkPrinter("paper_low") as fake:
        config = tmp_path / "kiosk.toml"
        config.write_text(f'[printer]\ntype = "network"\nhost = "127.0.0.1"\nport = {fake.port}\n')
        result = run_kiosk(config=config)
        assert result.returncode == 0, result.stderr
        assert "paper nearly used up" in result.stdout
        assert wait_for(lambda: b"TEST PRINT" in fake.tickets)


def test_unreachable_printer_fails_with_one_line(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[printer]\ntype = "network"\nhost = "127.0.0.1"\nport = {unused_port()}\ntimeout = 1.0\n'
    )
    result = run_kiosk(config=config)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Not printed: Cannot reach the network printer 127.0.0.1:")
    assert lines[0].endswith(": connection refused (printer off, or the wrong port?).")


def test_a_config_mistake_names_the_key(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[printer]\ntype = "network"\n')
    result = run_kiosk(config=config)
    assert result.returncode == 2
    assert 'printer: type "network" needs host' in result.stderr
