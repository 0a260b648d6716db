"""`./dev test` names (or installs) every Debian package the tests and their review need.

The script's own `ensure_test_packages` runs in bash with a PATH holding only stand-ins
for the programs that are there, as an unprivileged user (so it says what is missing
rather than calling apt-get): what it asks for is what a person would be told to install.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]
PRESENT = ("tmux", "espeak-ng", "aplay", "chromium")
"""Programs the other entries look for, all there: only the one under test is missing."""


def missing_packages(tmp_path: Path, present: tuple[str, ...]) -> str:
    """What `ensure_test_packages` says is missing when only `present` are on the PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in (*present, "id"):
        stand_in = bin_dir / name
        # `id -u` answers 1000: not root, so nothing is installed, only named.
        stand_in.write_text("#!/bin/sh\necho 1000\n")
        stand_in.chmod(0o755)
    function = subprocess.run(
        ["sed", "-n", "/^ensure_test_packages()/,/^}/p", str(ROOT / "dev")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert function, "ensure_test_packages not found in ./dev"
    result = subprocess.run(
        ["/bin/bash", "-c", f"{function}\nensure_test_packages"],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result.stderr


def test_rsvg_convert_missing_asks_for_librsvg2_bin(tmp_path: Path) -> None:
    said = missing_packages(tmp_path, PRESENT)
    assert "librsvg2-bin" in said, said


def test_rsvg_convert_present_is_not_asked_for(tmp_path: Path) -> None:
    said = missing_packages(tmp_path, (*PRESENT, "rsvg-convert"))
    assert "librsvg2-bin" not in said, said
