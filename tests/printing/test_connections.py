"""Every connection type against a real counterpart on this machine: the outcome, the
sentence a person reads, and the time it took against the configured deadline."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import tty
import types
from pathlib import Path

import pytest

from config import settings_from_mapping
from models.tables import PrinterState
from printing.connections import Printer, PrinterUnavailable, open_printer
from tests.printing.fake_printer import FakeNetworkPrinter
from tests.printing.test_network_printer import unused_port, wait_for

TICKET = b"\x1b@\x1bt\x13Hello A017\n\x1dVA\x03"
TIMEOUT = 1.0
STATUS_TIMEOUT = 0.3
BUDGET = TIMEOUT + STATUS_TIMEOUT + 0.5
"""The longest any failing attempt may take: the job's deadline, one status query that
goes unanswered, and scheduling slack on a busy machine."""
ROOT = Path(__file__).parents[2]


def printer(**settings: object) -> Printer:
    return open_printer(
        settings_from_mapping(
            {"printer": {"timeout": TIMEOUT, "status_timeout": STATUS_TIMEOUT, **settings}}
        ).printer
    )


def attempt(device: Printer, data: bytes = TICKET) -> tuple[str, str, float]:
    """("printed" or "not printed", the sentence, seconds taken)."""
    began = time.monotonic()
    try:
        report = device.print_ticket(data, name="A017", png=bytes)
    except PrinterUnavailable as unavailable:
        return "not printed", unavailable.report.detail, time.monotonic() - began
    return "printed", report.detail, time.monotonic() - began


# --- network ---------------------------------------------------------------------------


def network(port: int) -> Printer:
    return printer(type="network", host="127.0.0.1", port=port)


def test_network_refused_says_connection_refused() -> None:
    outcome, sentence, took = attempt(network(unused_port()))
    assert outcome == "not printed"
    assert sentence.endswith(": connection refused (printer off, or the wrong port?).")
    assert sentence.startswith("Cannot reach the network printer 127.0.0.1:")
    assert took < BUDGET


def test_network_printer_that_stalls_after_status_is_not_printed() -> None:
    with FakeNetworkPrinter("stall_after_status") as fake:
        outcome, sentence, took = attempt(network(fake.port))
        assert outcome == "not printed"
        assert sentence == (
            f"The network printer 127.0.0.1:{fake.port} took the ticket but did not answer a "
            "status query after it within 0.3 s, so it may not have printed."
        )
        assert took < BUDGET
        assert wait_for(lambda: fake.tickets == TICKET)  # the bytes did leave


def test_something_that_is_not_a_printer_is_called_so() -> None:
    with FakeNetworkPrinter("not_a_printer") as fake:
        outcome, sentence, took = attempt(network(fake.port))
        assert outcome == "not printed"
        assert "not as a receipt printer does" in sentence and "not a printer" in sentence
        assert "cover" not in sentence
        assert took < BUDGET
        status = network(fake.port).check_status()
        assert status.state == PrinterState.OFFLINE and "not a printer" in status.detail


@pytest.mark.parametrize(
    ("mode", "state", "words"),
    [
        ("cover_open", PrinterState.OFFLINE, "cover is open"),
        ("offline", PrinterState.OFFLINE, "reports an error"),
        ("paper_out", PrinterState.PAPER_OUT, "out of paper"),
    ],
)
def test_network_faults_are_named(mode: str, state: PrinterState, words: str) -> None:
    with FakeNetworkPrinter(mode) as fake:
        with pytest.raises(PrinterUnavailable) as caught:
            network(fake.port).print_ticket(TICKET, name="A017", png=bytes)
        assert caught.value.report.state == state
        assert words in caught.value.report.detail
        time.sleep(0.1)
        assert fake.tickets == b""


def test_a_healthy_network_printer_prints_and_reports_after_the_job() -> None:
    with FakeNetworkPrinter("ok") as fake:
        outcome, sentence, took = attempt(network(fake.port))
        assert outcome == "printed" and sentence == "Ready."
        # Two status queries before the ticket, two after it.
        assert wait_for(lambda: fake.received.count(b"\x10\x04") == 4)
        assert took < BUDGET


# --- serial ----------------------------------------------------------------------------


class PtyPrinter:
    """The far end of a pseudo-terminal playing a serial receipt printer."""

    def __init__(self, answers: bool = True) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.answers = answers
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> PtyPrinter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        os.close(self.master)
        os.close(self.slave)

    def _serve(self) -> None:
        import select

        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            self.received += chunk
            if self.answers:
                # One byte per DLE EOT query, at once, as a serial Epson does.
                for _ in range(chunk.count(b"\x10\x04")):
                    os.write(self.master, b"\x12")

    @property
    def tickets(self) -> bytes:
        return bytes(self.received).replace(b"\x10\x04\x01", b"").replace(b"\x10\x04\x04", b"")


def test_serial_printer_that_answers_status_prints_at_once() -> None:
    with PtyPrinter() as fake:
        outcome, sentence, took = attempt(printer(type="serial", device=fake.path))
        assert outcome == "printed", sentence
        # One byte per answer, read at once: not the whole deadline per query.
        assert took < STATUS_TIMEOUT
        assert wait_for(lambda: fake.tickets == TICKET)


def test_serial_printer_that_stays_silent_fails_within_the_deadline() -> None:
    with PtyPrinter(answers=False) as fake:
        outcome, sentence, took = attempt(printer(type="serial", device=fake.path))
        assert outcome == "not printed"
        assert "did not answer a status query within 0.3 s" in sentence
        assert took < BUDGET


def test_serial_port_that_does_not_exist() -> None:
    outcome, sentence, took = attempt(printer(type="serial", device="/dev/ttyNOPE9"))
    assert outcome == "not printed"
    assert sentence == "Cannot open the serial printer /dev/ttyNOPE9: no such device."
    assert took < BUDGET


# --- device file -----------------------------------------------------------------------


def test_missing_device_path_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "lp0"
    outcome, sentence, took = attempt(printer(type="file", device=str(path)))
    assert outcome == "not printed"
    assert sentence == f"Cannot open the printer device {path}: no such device."
    assert not path.exists()
    assert took < BUDGET


def test_a_fifo_nobody_reads_times_out_within_the_deadline(tmp_path: Path) -> None:
    path = tmp_path / "lp0"
    os.mkfifo(path)
    outcome, sentence, took = attempt(printer(type="file", device=str(path)))
    assert outcome == "not printed"
    assert "Nothing reads the printer device" in sentence
    assert TIMEOUT - 0.1 < took < BUDGET


def test_a_fifo_whose_reader_stops_reading_times_out(tmp_path: Path) -> None:
    path = tmp_path / "lp0"
    os.mkfifo(path)
    reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opened, never read
    try:
        big = b"x" * (1 << 20)  # more than a pipe holds
        outcome, sentence, took = attempt(printer(type="file", device=str(path)), big)
    finally:
        os.close(reader)
    assert outcome == "not printed"
    assert "took only 65536 of 1048576 bytes" in sentence
    assert took < BUDGET


def test_a_regular_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lp0"
    # The configuration refuses a regular file (tests/unit/test_config.py); one made at
    # the device's path after start-up, while the printer was off, is refused here.
    device = printer(type="file", device=str(path))
    path.write_bytes(b"")
    outcome, sentence, _ = attempt(device)
    assert outcome == "not printed"
    assert "is a regular file, not a printer device" in sentence
    assert path.read_bytes() == b""


def test_a_character_device_that_takes_the_bytes_prints() -> None:
    outcome, sentence, _ = attempt(printer(type="file", device="/dev/null"))
    assert outcome == "printed" and sentence == "The device took the ticket."


def test_a_character_device_that_refuses_the_bytes_fails() -> None:
    outcome, sentence, _ = attempt(printer(type="file", device="/dev/full"))
    assert outcome == "not printed"
    assert (
        sentence == "Writing to the printer device /dev/full failed: the device refused "
        "the data (no space)."
    )


# --- CUPS ------------------------------------------------------------------------------


class IPPError(Exception):
    """pycups's error: (status, message)."""


def stand_in_cups(*, submit_fails: bool = False, finish: int = 9) -> types.ModuleType:
    """A `cups` module with pycups's interface and a queue named receipt."""
    module = types.ModuleType("cups")
    jobs: dict[int, dict[str, object]] = {}

    class Connection:
        def getPrinters(self) -> dict[str, dict[str, object]]:
            return {"receipt": {}}

        def getPrinterAttributes(self, name: str) -> dict[str, object]:
            return {"printer-state": 3, "printer-is-accepting-jobs": True}

        def printFile(self, queue: str, path: str, title: str, options: dict) -> int:
            if submit_fails:
                raise IPPError(1282, "The printer or class does not exist.")
            assert options == {"raw": "true"}
            jobs[7] = {"job-state": finish, "data": Path(path).read_bytes()}
            return 7

        def getJobAttributes(self, job: int) -> dict[str, object]:
            return jobs[job]

        def cancelJob(self, job: int) -> None:
            jobs[job]["job-state"] = 7

    module.Connection = Connection  # type: ignore[attr-defined]
    module.IPPError = IPPError  # type: ignore[attr-defined]
    module.jobs = jobs  # type: ignore[attr-defined]
    return module


def test_cups_submission_that_fails_is_not_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cups", stand_in_cups(submit_fails=True))
    outcome, sentence, took = attempt(printer(type="cups", cups_queue="receipt"))
    assert outcome == "not printed"
    assert sentence == "CUPS refused the ticket: The printer or class does not exist."
    assert took < BUDGET


def test_cups_job_that_never_completes_is_cancelled_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = stand_in_cups(finish=3)  # pending for ever: the printer behind it is gone
    monkeypatch.setitem(sys.modules, "cups", fake)
    outcome, sentence, took = attempt(printer(type="cups", cups_queue="receipt"))
    assert outcome == "not printed"
    assert "did not print the ticket in time; the job was cancelled" in sentence
    assert fake.jobs[7]["job-state"] == 7  # type: ignore[attr-defined]
    assert took < BUDGET


def test_cups_job_that_completes_is_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = stand_in_cups()
    monkeypatch.setitem(sys.modules, "cups", fake)
    outcome, _, _ = attempt(printer(type="cups", cups_queue="receipt"))
    assert outcome == "printed"
    assert fake.jobs[7]["data"] == TICKET  # type: ignore[attr-defined]


def test_cups_queue_that_does_not_exist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cups", stand_in_cups())
    outcome, sentence, _ = attempt(printer(type="cups", cups_queue="kitchen"))
    assert outcome == "not printed" and sentence == "CUPS has no queue named kitchen."


# --- missing libraries: `kiosk --test-print` says one sentence, never a traceback ------


def kiosk_test_print_without(
    tmp_path: Path, config: str, absent: tuple[str, ...]
) -> subprocess.CompletedProcess[str]:
    """Run `kiosk --test-print` in a Python where `absent` cannot be imported."""
    path = tmp_path / "kiosk.toml"
    path.write_text(config)
    blocked = ", ".join(repr(name) for name in absent)
    script = (
        f"import sys\nfor name in ({blocked},): sys.modules[name] = None\n"
        "from kiosk.__main__ import main\n"
        f"sys.exit(main(['--test-print', '--config', {str(path)!r}]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_usb_without_pyusb_names_what_to_install(tmp_path: Path) -> None:
    result = kiosk_test_print_without(
        tmp_path,
        '[printer]\ntype = "usb"\nusb_vendor = 0x04b8\nusb_product = 0x0202\n',
        ("usb", "usb.core", "usb.util"),
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Not printed on the USB printer 04b8:0202: USB printing needs pyusb: reinstall "
        "frontdesk's dependencies (`.tools/bin/uv sync`)."
    ]
    assert "Traceback" not in result.stdout + result.stderr


def test_cups_without_pycups_names_the_extra(tmp_path: Path) -> None:
    result = kiosk_test_print_without(
        tmp_path, '[printer]\ntype = "cups"\ncups_queue = "receipt"\n', ("cups",)
    )
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "CUPS printing needs pycups: install it with `.tools/bin/uv sync --extra cups`" in line
    assert "Traceback" not in result.stdout + result.stderr


def test_usb_on_this_machine_says_what_is_missing(tmp_path: Path) -> None:
    # pyusb is installed; whether libusb is found and a printer plugged in depends on
    # the machine, but the answer is always one sentence saying which.
    outcome, sentence, took = attempt(printer(type="usb", usb_vendor=0x04B8, usb_product=0x0202))
    assert outcome == "not printed"
    assert sentence in (
        "USB printing needs libusb, which is missing: install Debian's libusb-1.0-0 "
        "(or use the printer's serial, network or file connection).",
        "No USB printer 04b8:0202 is connected.",
    )
    assert took < BUDGET
