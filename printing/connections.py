"""Printers from configuration: preview, network, USB, serial, file and CUPS.

A ticket counts as printed only when the device took every byte and, where the
connection can ask, the printer answered a status query after the job without a fault:
a printer that answers status and then stops reading has not printed anything,
although a small ticket "sends" into the socket's buffer. Connecting and sending share
one deadline (`printer.timeout`; a serial line adds its bytes' transfer time); each
status query has its own short one (`printer.status_timeout`), so asking never eats the
job's time. Every failure is one sentence naming the cause (links.py).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path

from platformdirs import user_data_dir

from config.settings import PrinterSettings
from models.tables import PrinterState
from printing.links import (
    CupsLink,
    FileLink,
    Link,
    LinkError,
    NetworkLink,
    NoAnswer,
    SerialLink,
    UsbLink,
    seconds,
)
from printing.status import PrinterUnavailable, StatusReport, offline, parse_status

__all__ = [
    "LinkPrinter",
    "PreviewPrinter",
    "Printer",
    "PrinterUnavailable",
    "StatusReport",
    "default_preview_folder",
    "open_printer",
    "parse_status",
]


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


class LinkPrinter(Printer):
    """A real printer reached over a `Link` (network, serial, USB, device file, CUPS).

    Args:
        make: Builds a fresh link for each attempt.
        description: Where the printer is, for messages.
        timeout: Seconds connecting and sending may take together.
        status_timeout: Seconds each status query may take.
        bytes_per_second: For a slow line (serial), the deadline of a print grows by
            the time the bytes take on the wire; None for fast connections.
    """

    def __init__(
        self,
        make: Callable[[], Link],
        description: str,
        timeout: float,
        status_timeout: float,
        bytes_per_second: float | None = None,
    ) -> None:
        self.make = make
        self.description = description
        self.timeout = timeout
        self.status_timeout = status_timeout
        self.bytes_per_second = bytes_per_second

    def check_status(self) -> StatusReport:
        """Connect (within the status timeout), ask, disconnect; never raises for I/O."""
        link = self.make()
        try:
            link.open(time.monotonic() + self.status_timeout)
            return link.status(self.status_timeout)
        except LinkError as error:
            return error.report
        finally:
            link.close()

    def print_ticket(self, data: bytes, *, name: str, png: Callable[[], bytes]) -> StatusReport:
        """Connect, check status, send, and ask again: printed only if all went well."""
        transfer = len(data) / self.bytes_per_second if self.bytes_per_second else 0.0
        started = time.monotonic()
        link = self.make()
        try:
            link.open(started + self.timeout)
            before = link.status(self.status_timeout)
            if not before.can_print:
                raise PrinterUnavailable(before)
            # The status queries' time is not the job's: the send gets what the
            # connection did not use of `timeout`, plus the wire time.
            spent = time.monotonic() - started
            link.send(data, time.monotonic() + max(0.0, self.timeout - spent) + transfer)
            try:
                # On a slow line the answer queues behind what is still on the wire.
                after = link.confirm(self.status_timeout + transfer)
            except NoAnswer as error:
                raise PrinterUnavailable(
                    offline(
                        f"The {link.description} took the ticket but did not answer a status "
                        f"query after it within {seconds(self.status_timeout + transfer)}, "
                        "so it may not have printed."
                    )
                ) from error
            if not after.can_print:
                raise PrinterUnavailable(
                    StatusReport(
                        after.state,
                        f"{after.detail} The ticket may not have printed whole.",
                    )
                )
            return after
        except LinkError as error:
            raise PrinterUnavailable(error.report) from error
        finally:
            link.close()


def default_preview_folder() -> Path:
    """The preview printer's folder when none is configured."""
    return Path(user_data_dir("frontdesk", appauthor=False)) / "tickets"


def open_printer(settings: PrinterSettings) -> Printer:
    """The configured printer. Nothing is connected until an attempt is made."""
    kind = settings.type
    if kind == "preview":
        folder = Path(settings.preview_dir) if settings.preview_dir else default_preview_folder()
        return PreviewPrinter(folder)
    make: Callable[[], Link]
    bytes_per_second: float | None = None
    if kind == "network":
        host, port = str(settings.host), settings.port
        make = lambda: NetworkLink(host, port)  # noqa: E731
    elif kind == "usb":
        vendor, product = int(settings.usb_vendor or 0), int(settings.usb_product or 0)
        make = lambda: UsbLink(vendor, product)  # noqa: E731
    elif kind == "serial":
        device, baud = str(settings.device), settings.baudrate
        make = lambda: SerialLink(device, baud)  # noqa: E731
        bytes_per_second = baud / 10  # 8N1: ten bits on the line per byte
    elif kind == "file":
        path = str(settings.device)
        make = lambda: FileLink(path)  # noqa: E731
    else:
        queue = str(settings.cups_queue)
        make = lambda: CupsLink(queue)  # noqa: E731
    return LinkPrinter(
        make,
        make().description,
        settings.timeout,
        settings.status_timeout,
        bytes_per_second=bytes_per_second,
    )
