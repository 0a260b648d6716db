"""Work that ends after its app closed hands nothing to it, and raises nothing.

A thread worker still reading the database (a slow disk, a busy server) as the app
closes used to give its result back with Textual's `call_from_thread`: into an app with
no screens left it raised in the worker's thread, and where the event loop had stopped
too it left Python's "coroutine ... was never awaited" behind. The board was mended
first; the kiosk's state poll and change watcher, the console's refresh and actions,
and every app's sign-in now go through the same hand-over (`appbase.threads`).
"""

from __future__ import annotations

import asyncio
import gc
import threading
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.message import Message

from appbase.threads import call_soon_from_worker, post_from_worker
from kiosk.screens.dialogs import MessageDialog
from kiosk.screens.flow import ConfirmScreen
from kiosk.screens.ticket import TicketScreen
from kiosk.screens.welcome import WelcomeScreen
from models import api
from models.enums import PrintJobStatus
from models.tables import Alert
from tests.console.harness import SIZE as CONSOLE_SIZE
from tests.console.harness import console, database
from tests.kiosk.harness import SIZE, build, ready, rows, screen_text, tap, wait_until


class Held:
    """Holds a database call in its worker's thread until released (a slow database),
    and keeps how that worker's thread ended: Textual stops waiting for a thread worker
    as its app closes, and what the thread did after is seen nowhere else."""

    def __init__(self) -> None:
        self.holding = threading.Event()
        self.inside = threading.Event()
        self.release = threading.Event()
        self.ended = threading.Event()
        self.raised: BaseException | None = None
        """What the held worker's thread raised after it was released."""
        self._job = threading.local()

    def around(self, call: Callable[..., Any]) -> Callable[..., Any]:
        """`call`, held while `holding` is set."""

        def held(*args: Any, **kwargs: Any) -> Any:
            if self.holding.is_set():
                self._job.held = True
                self.inside.set()
                self.release.wait(10)
            return call(*args, **kwargs)

        return held

    def watch_threads(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Keep the outcome of the thread job that is held (call in the app's loop)."""
        loop = asyncio.get_running_loop()
        run_in_executor = loop.run_in_executor

        def watched(executor: Any, work: Callable[..., Any], *args: Any) -> Any:
            def job(*job_args: Any) -> Any:
                self._job.held = False
                try:
                    return work(*job_args)
                except BaseException as error:
                    if self._job.held:
                        self.raised = error
                    raise
                finally:
                    if self._job.held:
                        self.ended.set()

            return run_in_executor(executor, job, *args)

        monkeypatch.setattr(loop, "run_in_executor", watched)

    async def ended_after_close(self) -> None:
        """Release the held call (its app has closed) and wait for its thread to end."""
        self.release.set()
        for _ in range(500):
            if self.ended.is_set():
                break
            await asyncio.sleep(0.02)
        assert self.ended.is_set()
        await asyncio.sleep(0.1)  # anything handed to the event loop has run by now


@pytest.fixture
def no_unawaited_coroutines() -> Iterator[list[warnings.WarningMessage]]:
    """Fails the test on a "coroutine ... was never awaited" warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
        gc.collect()  # the warning comes when the coroutine is collected
    unawaited = [str(w.message) for w in caught if "never awaited" in str(w.message)]
    assert unawaited == []


async def test_a_kiosk_state_read_that_ends_after_the_kiosk_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_unawaited_coroutines: Any
) -> None:
    held = Held()
    monkeypatch.setattr(api, "kiosk_state", held.around(api.kiosk_state))
    app, _ = build(tmp_path, start_spool=False)
    shown: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        held.watch_threads(monkeypatch)
        monkeypatch.setattr(app, "apply_state", shown.append)
        held.holding.set()
        app.poll_state()
        await wait_until(pilot, held.inside.is_set)
    await held.ended_after_close()  # the kiosk has closed; the read comes back only now
    assert held.raised is None
    assert shown == []  # nothing was shown by, or on, a kiosk that has closed


async def test_a_console_refresh_that_ends_after_the_console_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_unawaited_coroutines: Any
) -> None:
    held = Held()
    monkeypatch.setattr(api, "console_snapshot", held.around(api.console_snapshot))
    app, _ = console(database(tmp_path))
    async with app.run_test(size=CONSOLE_SIZE) as pilot:
        await wait_until(pilot, app.database_ready.is_set)
        await pilot.press(*"jb", "enter", *"4821", "enter")
        await wait_until(pilot, lambda: app.state.snapshot is not None)
        held.watch_threads(monkeypatch)
        held.holding.set()
        app.refresh_queue()
        await wait_until(pilot, held.inside.is_set)
        snapshot = app.state.snapshot
    await held.ended_after_close()
    assert held.raised is None
    assert app.state.snapshot is snapshot


async def test_a_sign_in_that_ends_after_the_app_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_unawaited_coroutines: Any
) -> None:
    # The PIN's slow hash is still being checked as the console closes (appbase's
    # sign-in, which the kiosk's staff PIN uses too).
    held = Held()
    monkeypatch.setattr(api, "sign_in", held.around(api.sign_in))
    app, _ = console(database(tmp_path))
    answers: list[object] = []
    async with app.run_test(size=CONSOLE_SIZE) as pilot:
        await wait_until(pilot, app.database_ready.is_set)
        monkeypatch.setattr(app, "signed_in", lambda *answer: answers.append(answer))
        held.watch_threads(monkeypatch)
        held.holding.set()
        await pilot.press(*"jb", "enter", *"4821", "enter")
        await wait_until(pilot, held.inside.is_set)
    await held.ended_after_close()
    assert held.raised is None
    assert answers == []


async def test_a_state_read_overtaken_by_a_newer_one_is_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A slow read (paused) that ends after a newer one (resumed) must not put the paused
    # screen back: the newer read cancelled it, and a cancelled worker hands nothing over.
    held = Held()
    monkeypatch.setattr(api, "kiosk_state", held.around(api.kiosk_state))
    app, _ = build(tmp_path, start_spool=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        shown: list[object] = []
        apply_state = app.apply_state
        monkeypatch.setattr(
            app, "apply_state", lambda state: (shown.append(state), apply_state(state))
        )
        held.watch_threads(monkeypatch)
        held.holding.set()
        app.poll_state()  # the older read, held
        await wait_until(pilot, held.inside.is_set)
        held.holding.clear()
        app.poll_state()  # a newer one, as a change would start
        await wait_until(pilot, lambda: len(shown) == 1)
        held.release.set()
        for _ in range(500):
            if held.ended.is_set():
                break
            await pilot.pause(0.02)
        await pilot.pause(0.1)
        assert held.raised is None
        assert len(shown) == 1


def test_a_closed_event_loop_refuses_the_hand_over_quietly(
    no_unawaited_coroutines: Any,
) -> None:
    # What a kiosk met in production: the worker's thread handed its result over after
    # the event loop had closed (Textual's call_from_thread raised there and left its
    # coroutine unrun). The hand-over says it did not happen, and nothing is left.
    app: App[None] = App()
    loop = asyncio.new_event_loop()
    loop.close()
    app._loop = loop  # the loop a closed app ran on (private: there is no other way)
    handed: list[bool] = []
    called: list[str] = []
    thread = threading.Thread(
        target=lambda: handed.extend(
            [
                call_soon_from_worker(app, called.append, "late"),
                post_from_worker(app, Message()),
            ]
        )
    )
    thread.start()
    thread.join(5)
    assert handed == [False, False] and called == []


# --- the kiosk's screens' own work: help, check-in, print watch -------------------------


async def cancelled_while_held(pilot: Any, held: Held, group: str) -> None:
    """Once `group`'s worker is held in its call, cancel it, let the call end, and check
    its thread raised nothing."""
    await wait_until(pilot, held.inside.is_set)
    cancel_group(pilot.app, group)
    await held.ended_after_close()
    await pilot.pause()
    assert held.raised is None


def cancel_group(app: Any, group: str) -> None:
    """Cancel the workers of `group`, as a closing kiosk cancels every worker first
    (Textual cancels them all before it takes the screens down)."""
    for worker in list(app.workers):
        if worker.group == group:
            worker.cancel()


async def test_a_help_alert_that_ends_after_the_event_loop_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_unawaited_coroutines: Any
) -> None:
    # The loop stops under a Welcome that was never taken down (a process ending): the
    # help worker's answer raised "Event loop is closed" in its thread.
    held = Held()
    monkeypatch.setattr(api, "ask_for_help", held.around(api.ask_for_help))
    app, _ = build(tmp_path, start_spool=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        held.watch_threads(monkeypatch)
        held.holding.set()
        await pilot.click("#help-now")
        await wait_until(pilot, held.inside.is_set)
        running = app._loop
        stopped = asyncio.new_event_loop()
        stopped.close()
        app._loop = stopped  # private, as above: there is no other way to stop it here
        try:
            await held.ended_after_close()
        finally:
            app._loop = running
        assert held.raised is None
        assert not isinstance(app.screen, MessageDialog)
    assert len(rows(app, Alert)) == 1  # staff were told all the same


async def test_a_help_answer_from_a_cancelled_worker_is_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = Held()
    monkeypatch.setattr(api, "ask_for_help", held.around(api.ask_for_help))
    app, _ = build(tmp_path, start_spool=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        held.watch_threads(monkeypatch)
        held.holding.set()
        await pilot.click("#help-now")
        await cancelled_while_held(pilot, held, "help")
        assert isinstance(app.screen, WelcomeScreen)


async def test_a_check_in_from_a_cancelled_worker_is_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (Back or Start again do not cancel it: tests/kiosk/test_flow.py, "goes back while
    # the ticket is made still gets it".)
    held = Held()
    monkeypatch.setattr(api, "kiosk_check_in", held.around(api.kiosk_check_in))
    app, _ = build(tmp_path, start_spool=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for selector in ("#check-in", "#service-general", "#no-thanks"):
            await tap(pilot, selector)
        held.watch_threads(monkeypatch)
        held.holding.set()
        await pilot.click("#confirm")
        await cancelled_while_held(pilot, held, "check-in")
        assert isinstance(app.screen, ConfirmScreen)


async def test_a_print_report_from_a_cancelled_worker_is_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = Held()
    app, _ = build(tmp_path, start_spool=False)
    monkeypatch.setattr(
        app.service, "print_job_status", held.around(lambda job_id: PrintJobStatus.PRINTED)
    )
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for selector in ("#check-in", "#service-general", "#no-thanks"):
            await tap(pilot, selector)
        held.watch_threads(monkeypatch)
        held.holding.set()
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
        await cancelled_while_held(pilot, held, "print-watch")
        assert "Your ticket is printing. Please take it." in screen_text(app)
