"""Printer connections from configuration: preview, network, USB, serial, file and CUPS.

Every attempt has one deadline (`printer.timeout`, 5 s by default): connecting, asking
for status and sending all share it, so a printer that is off, out of paper or hung
costs the kiosk at most that long — never python-escpos's 60-second network default.
Status is asked with DLE EOT 1 and 4 and read by frontdesk itself: python-escpos's
`paper_status()` reports "paper OK" when the printer does not answer (PITFALLS.md).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from escpos.constants import RT_STATUS_ONLINE, RT_STATUS_PAPER
from escpos.escpos import Escpos
from escpos.exceptions import Error as EscposError
from platformdirs import user_data_dir

from config.settings import PrinterSettings
from models.tables import PrinterState

ONLINE_OFFLINE_BIT = 0x08
"""DLE EOT 1: set when the printer is offline (cover open, paper out, error)."""
PAPER_NEAR_END_BITS = 0x0C
"""DLE EOT 4: both set when the roll is near its end."""
PAPER_OUT_BITS = 0x60
"""DLE EOT 4: both set when there is no paper."""


@dataclass(frozen=True)
class StatusReport:
    """What the printer said about itself, in a form staff can read."""

    state: PrinterState
    """ok, paper_low, paper_out, offline or unknown."""
    detail: str
    """Why, in plain words."""

    @property
    def can_print(self) -> bool:
        """Whether sending a ticket now makes sense (not paper out, not offline)."""
        return self.state not in (PrinterState.PAPER_OUT, PrinterState.OFFLINE)


class PrinterUnavailable(Exception):
    """The ticket was not sent: the printer is out of paper, offline or unreachable."""

    def __init__(self, report: StatusReport) -> None:
        self.report = report
        """The state that stopped the print."""
        super().__init__(report.detail)


def parse_status(online: bytes, paper: bytes) -> StatusReport:
    """Read the answers to DLE EOT 1 (printer) and DLE EOT 4 (paper roll sensor)."""
    if not online:
        return StatusReport(PrinterState.OFFLINE, "The printer did not answer.")
    if paper and paper[0] & PAPER_OUT_BITS == PAPER_OUT_BITS:
        return StatusReport(PrinterState.PAPER_OUT, "The printer is out of paper.")
    if online[0] & ONLINE_OFFLINE_BIT:
        return StatusReport(
            PrinterState.OFFLINE, "The printer is offline (cover open or an error)."
        )
    if paper and paper[0] & PAPER_NEAR_END_BITS == PAPER_NEAR_END_BITS:
        return StatusReport(PrinterState.PAPER_LOW, "The paper roll is nearly used up.")
    return StatusReport(PrinterState.OK, "Ready.")


class Printer(ABC):
    """A ticket printer the spool can ask for status and send bytes to."""

    description: str
    """Where it is, for messages: "network printer 10.0.0.5:9100"."""

    @abstractmethod
    def check_status(self) -> StatusReport:
        """Ask the printer how it is, within the deadline; never raises for I/O."""

    @abstractmethod
    def print_ticket(self, data: bytes, *, name: str, png: Callable[[], bytes]) -> StatusReport:
        """Check status, then send `data`, all within one deadline.

        Args:
            data: ESC/POS bytes of the ticket.
            name: A short name for the ticket (its number), for files and logs.
            png: Makes the preview image, for printers that keep one.

        Returns:
            The status seen before sending.

        Raises:
            PrinterUnavailable: nothing was sent (or not all of it), and why.
        """


class PreviewPrinter(Printer):
    """The default printer: each ticket as `.bin` (the bytes) and `.png` in a folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        """Where tickets are written."""
        self.description = f"preview printer (folder {folder})"

    def check_status(self) -> StatusReport:
        """OK when the folder exists (or can be made) and is writable."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return StatusReport(PrinterState.OFFLINE, f"Cannot create {self.folder}: {error}")
        if not os.access(self.folder, os.W_OK):
            return StatusReport(PrinterState.OFFLINE, f"Cannot write to {self.folder}.")
        return StatusReport(PrinterState.OK, f"Writing tickets to {self.folder}.")

    def print_ticket(self, data: bytes, *, name: str, png: Callable[[], bytes]) -> StatusReport:
        """Write `<time>-<name>.bin` and `.png`."""
        report = self.check_status()
        if not report.can_print:
            raise PrinterUnavailable(report)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
        safe = "".join(c for c in name if c.isalnum()) or "ticket"
        base = self.folder / f"{stamp}-{safe}"
        try:
            base.with_suffix(".png").write_bytes(png())
            base.with_suffix(".bin").write_bytes(data)
        except OSError as error:
            raise PrinterUnavailable(
                StatusReport(PrinterState.OFFLINE, f"Cannot write the ticket: {error}")
            ) from error
        return report


class EscposPrinter(Printer):
    """A real printer reached through one of python-escpos's connection classes.

    Args:
        make: Builds the (unopened) python-escpos printer for one attempt.
        description: Where it is, for messages.
        timeout: Seconds one attempt may take in all.
        answers_status: Whether the connection can read the printer's replies
            (network, USB and serial can; a device file and CUPS cannot).
        bytes_per_second: For a slow line (serial), the deadline of a print grows by
            the time the bytes take on the wire; None for fast connections.
    """

    def __init__(
        self,
        make: Callable[[], Escpos],
        description: str,
        timeout: float,
        answers_status: bool,
        bytes_per_second: float | None = None,
    ) -> None:
        self.make = make
        self.description = description
        self.timeout = timeout
        self.answers_status = answers_status
        self.bytes_per_second = bytes_per_second

    def _remaining(self, deadline: float) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"gave up after {self.timeout:g} s")
        return left

    def _limit(self, device: Escpos, deadline: float) -> None:
        # Give the next operation only what is left of the attempt's time.
        left = self._remaining(deadline)
        handle: Any = getattr(device, "_device", None)
        if isinstance(handle, socket.socket):
            handle.settimeout(left)
        elif handle is not None and hasattr(handle, "write_timeout"):
            handle.timeout = left
            handle.write_timeout = left
        elif hasattr(device, "timeout") and type(device).__name__ == "Usb":
            device.timeout = max(1, int(left * 1000))

    def _open(self, deadline: float) -> Escpos:
        device = self.make()
        try:
            device.open()
        except (EscposError, OSError, RuntimeError) as error:
            raise PrinterUnavailable(
                StatusReport(
                    PrinterState.OFFLINE,
                    f"Cannot reach the {self.description}: {_first_line(error)}",
                )
            ) from error
        self._remaining(deadline)
        return device

    def _status(self, device: Escpos, deadline: float) -> StatusReport:
        if not self.answers_status:
            return StatusReport(
                PrinterState.UNKNOWN, "This connection cannot tell whether the printer is ready."
            )
        try:
            self._limit(device, deadline)
            online = device.query_status(RT_STATUS_ONLINE)
            self._limit(device, deadline)
            paper = device.query_status(RT_STATUS_PAPER)
        except (OSError, TimeoutError, EscposError) as error:
            return StatusReport(
                PrinterState.OFFLINE,
                f"The {self.description} did not answer in time ({_first_line(error)}).",
            )
        return parse_status(online, paper)

    def check_status(self) -> StatusReport:
        """Connect, ask DLE EOT 1 and 4, disconnect; all within the deadline."""
        deadline = time.monotonic() + self.timeout
        try:
            device = self._open(deadline)
        except PrinterUnavailable as unavailable:
            return unavailable.report
        except TimeoutError as error:
            return StatusReport(PrinterState.OFFLINE, f"{self.description}: {error}")
        try:
            return self._status(device, deadline)
        finally:
            _close_quietly(device)

    def print_ticket(self, data: bytes, *, name: str, png: Callable[[], bytes]) -> StatusReport:
        """Connect, check status, send; nothing is sent when out of paper or offline."""
        transfer = len(data) / self.bytes_per_second if self.bytes_per_second else 0.0
        deadline = time.monotonic() + self.timeout + transfer
        try:
            device = self._open(deadline)
        except TimeoutError as error:
            raise PrinterUnavailable(
                StatusReport(PrinterState.OFFLINE, f"{self.description}: {error}")
            ) from error
        try:
            report = self._status(device, deadline)
            if not report.can_print:
                raise PrinterUnavailable(report)
            try:
                self._limit(device, deadline)
                device._raw(data)
                flush = getattr(device, "flush", None)
                if callable(flush):
                    flush()
            except (OSError, TimeoutError, EscposError) as error:
                raise PrinterUnavailable(
                    StatusReport(
                        PrinterState.OFFLINE,
                        f"Sending to the {self.description} failed: {_first_line(error)}",
                    )
                ) from error
            return report
        finally:
            _close_quietly(device)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _close_quietly(device: Escpos) -> None:
    try:
        device.close()
    except Exception:
        return


def default_preview_folder() -> Path:
    """The preview printer's folder when none is configured."""
    return Path(user_data_dir("frontdesk", appauthor=False)) / "tickets"


def open_printer(settings: PrinterSettings) -> Printer:
    """The configured printer. Nothing is connected until an attempt is made."""
    profile = settings.profile
    timeout = settings.timeout
    kind = settings.type
    if kind == "preview":
        folder = Path(settings.preview_dir) if settings.preview_dir else default_preview_folder()
        return PreviewPrinter(folder)
    if kind == "network":
        from escpos.printer import Network

        host, port = str(settings.host), settings.port
        return EscposPrinter(
            lambda: Network(host, port, timeout=timeout, profile=profile),
            f"network printer {host}:{port}",
            timeout,
            answers_status=True,
        )
    if kind == "usb":
        from escpos.printer import Usb

        vendor, product = settings.usb_vendor, settings.usb_product
        return EscposPrinter(
            lambda: Usb(vendor, product, timeout=int(timeout * 1000), profile=profile),
            f"USB printer {vendor:04x}:{product:04x}",
            timeout,
            answers_status=True,
        )
    if kind == "serial":
        from escpos.printer import Serial

        device, baud = str(settings.device), settings.baudrate
        return EscposPrinter(
            lambda: Serial(device, baudrate=baud, timeout=timeout, profile=profile),
            f"serial printer {device}",
            timeout,
            answers_status=True,
            bytes_per_second=baud / 10,  # 8N1: ten bits on the line per byte
        )
    if kind == "file":
        from escpos.printer import File

        path = str(settings.device)
        return EscposPrinter(
            lambda: File(path, profile=profile),
            f"printer device {path}",
            timeout,
            answers_status=False,
        )
    from escpos.printer import CupsPrinter

    queue = str(settings.cups_queue)
    return EscposPrinter(
        lambda: CupsPrinter(queue, profile=profile),
        f"CUPS queue {queue}",
        timeout,
        answers_status=False,
    )
