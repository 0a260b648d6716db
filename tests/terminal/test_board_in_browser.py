"""The board in a real browser: textual-serve serves it, headless Chromium shows the call.

Chromium is driven through its DevTools protocol (aiohttp comes with textual-serve), so
the screenshot is taken once the board has drawn, not at a guessed moment. The PNG is
kept in the test's folder (and copied to $FRONTDESK_BROWSER_SHOT when set) to look at.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from models.clock import utcnow
from tests.board.harness import board_settings, call_next, check_in, database

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (./dev test does)"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_http(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"nothing answered at {url}")


async def screenshot(url: str, path: Path, profile: Path, seconds: float = 90) -> str:
    """Open `url`, wait until the terminal has drawn and settled, save a PNG.

    Returns the page's own text (the intro dialog's, while the app has not started).
    """
    import aiohttp

    port = free_port()
    chrome = subprocess.Popen(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1600,1000",
            f"--remote-debugging-port={port}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/json", 30)
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
        page = next(t for t in targets if t["type"] == "page")
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws,
        ):
            counter = iter(range(1, 10_000))

            async def call(method: str, **params: Any) -> dict[str, Any]:
                number = next(counter)
                await ws.send_json({"id": number, "method": method, "params": params})
                async for message in ws:
                    data = json.loads(message.data)
                    if data.get("id") == number:
                        return dict(data.get("result", {}))
                raise AssertionError("Chromium went away")

            async def evaluate(expression: str) -> Any:
                result = await call("Runtime.evaluate", expression=expression, returnByValue=True)
                return result.get("result", {}).get("value")

            await call("Page.enable")
            await call("Page.navigate", url=url)
            deadline = time.monotonic() + seconds
            # The app's first bytes reach the terminal (textual-serve marks the body).
            while "-first-byte" not in str(await evaluate("document.body.className")):
                assert time.monotonic() < deadline, "the board never drew in the browser"
                await asyncio.sleep(0.5)
            await asyncio.sleep(5)  # the board reads the queue and paints the call
            shot = await call("Page.captureScreenshot", format="png")
            path.write_bytes(base64.b64decode(shot["data"]))
            return str(await evaluate("document.body.innerText"))
    finally:
        chrome.terminate()
        chrome.wait(10)


def light_share(path: Path, top: float) -> float:
    """The share of near-white pixels in the top `top` of the image."""
    image = Image.open(path).convert("L")
    width, height = image.size
    region = image.crop((0, 0, width, int(height * top)))
    histogram = region.histogram()
    return sum(histogram[200:]) / (region.size[0] * region.size[1])


def test_the_served_board_shows_the_current_call_in_chromium(tmp_path: Path) -> None:
    week = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    settings = board_settings(
        opening_hours={day: {"opens": "00:00", "closes": "23:59"} for day in week},
        bank_holidays="none",
    )
    url = database(tmp_path)
    now = utcnow()
    for minutes in (6, 4):
        check_in(url, settings, now=now - dt.timedelta(minutes=minutes), name="Ann Lee")
    call_next(url, settings, "Desk 1", now - dt.timedelta(minutes=1))
    call_next(url, settings, "Desk 2", now)
    config = tmp_path / "office.toml"
    config.write_text(
        f'bank_holidays = "none"\n[database]\nurl = "{url}"\n'
        '[[desks]]\nname = "Desk 2"\nspoken = { en = "desk 2" }\n'
        f'[[boards]]\nname = "hall"\nspeech = false\nlog_file = "{tmp_path / "board.log"}"\n'
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "display",
            "--config",
            str(config),
            "--serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the server and the boards it starts, stopped together
    )
    png = tmp_path / "board.png"
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", 60)
        asyncio.run(screenshot(f"http://127.0.0.1:{port}/?fontsize=18", png, tmp_path / "chrome"))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)
    if os.environ.get("FRONTDESK_BROWSER_SHOT"):
        shutil.copy(png, os.environ["FRONTDESK_BROWSER_SHOT"])
    # The call's block letters fill the top of the page with light cells; the intro
    # dialog or an empty terminal has next to none.
    assert light_share(png, 0.45) > 0.05, light_share(png, 0.45)
    log = (tmp_path / "board.log").read_text() if (tmp_path / "board.log").exists() else ""
    assert "ERROR" not in log, log
