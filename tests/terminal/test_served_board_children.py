"""`waiting-board --serve` leaves no board behind when its server is killed hard.

textual-serve starts one board process per browser connection. A websocket client (as
a browser's page opens one) makes the server start a board; then the server is killed
with SIGKILL (or SIGTERM), and within a few seconds no board of that server may be left.
Processes are found through /proc, by the test's own configuration file on their
command line. And when a board's session ends, the page (in headless Chromium) starts a
new one by itself: a TV has nobody to press "Restart".
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.board.harness import database
from tests.terminal.test_board_in_browser import CHROMIUM, free_port, wait_for_http

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux's /proc"),
]

GONE_SECONDS = 5.0
"""How long the boards may take to notice their server is gone and exit."""


def boards_of(config: Path) -> list[int]:
    """Pids of live processes running a board (not the server) on `config`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue  # ended meanwhile
        words = [word.decode(errors="replace") for word in command]
        if state != "Z" and str(config) in " ".join(words) and "--serve" not in words:
            found.append(int(entry.name))
    return found


def catches(pid: int, number: signal.Signals) -> bool:
    """Whether process `pid` has a handler of its own for signal `number` (/proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (number - 1) & 1)
    return False


async def while_board_open(port: int, then: Callable[[], list[int]], seconds: float) -> list[int]:
    """Connect as a browser's page does; once the board has drawn, run `then`.

    The websocket is still open while `then` runs, as a TV's browser would hold it.
    """
    import aiohttp

    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"ws://127.0.0.1:{port}/ws?width=100&height=30") as ws,
    ):
        deadline = time.monotonic() + seconds
        async for message in ws:
            # The board's screen arrives as output packets: it has started and drawn.
            data = message.data if isinstance(message.data, bytes) else str(message.data).encode()
            if b"Now calling" in data or b"Updating" in data:
                return then()
            assert time.monotonic() < deadline, "the served board never drew"
        raise AssertionError("the server closed the websocket")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path, int]]:
    """A `waiting-board --serve` on a free port with a board started by a websocket."""
    url = database(tmp_path)
    config = tmp_path / "office.toml"
    config.write_text(
        f'[database]\nurl = "{url}"\n'
        f'[[boards]]\nname = "hall"\nspeech = false\nlog_file = "{tmp_path / "board.log"}"\n'
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "display", "--config", str(config), "--serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", 60)
        yield server, config, port
    finally:
        # Whatever is left (the test failed): the server's session, then any board.
        for pid in [server.pid, *boards_of(config)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        server.wait(20)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_no_board_outlives_its_server(
    served: tuple[subprocess.Popen[bytes], Path, int], how: signal.Signals
) -> None:
    server, config, port = served

    def kill() -> list[int]:
        started = boards_of(config)
        server.send_signal(how)  # the server only: its boards are not told
        return started

    started = asyncio.run(while_board_open(port, kill, 60))
    assert started, "no board process was started for the websocket"
    server.wait(20)
    deadline = time.monotonic() + GONE_SECONDS
    while boards_of(config) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert boards_of(config) == [], f"left behind: {boards_of(config)} (started {started})"


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (./dev test does)")
def test_the_page_starts_a_new_board_by_itself_when_its_session_ends(
    served: tuple[subprocess.Popen[bytes], Path, int], tmp_path: Path
) -> None:
    # A TV's browser: nobody will press "Restart" after the session ends. The board is
    # told to end (SIGTERM, which Textual's web driver turns into the app closing): its
    # session ends as it does when the board closes after an unexpected error.
    _, config, port = served
    browser = subprocess.Popen(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chrome'}",
            "--window-size=1280,800",
            f"http://127.0.0.1:{port}/",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not boards_of(config):
            assert time.monotonic() < deadline, "the page never started a board"
            time.sleep(0.2)
        (first,) = boards_of(config)
        # Told only once its app runs (the web driver has taken SIGTERM over): before
        # that, SIGTERM ends the process without ending the session.
        while not catches(first, signal.SIGTERM):
            assert time.monotonic() < deadline, "the board never started its app"
            time.sleep(0.2)
        os.kill(first, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while [pid for pid in boards_of(config) if pid != first] == []:
            assert time.monotonic() < deadline, "the page did not start a board again"
            time.sleep(0.2)
    finally:
        browser.terminate()
        browser.wait(10)
