"""The wires to a printer: network, serial, USB, a device file and CUPS.

frontdesk talks to each connection itself rather than through python-escpos's printer
classes, because those lose the cause of a failure ("Could not open socket for
127.0.0.1:"), wait for 16 status bytes on a serial line where the printer sends one,
create a regular file where a device path is missing, and report nothing when CUPS
refuses a job. Every operation here has a deadline, and every failure is a `LinkError`
carrying one sentence that names the real cause.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import socket
import stat
import tempfile
import time
from abc import ABC, abstractmethod
from typing import Any

from models.tables import PrinterState
from printing.status import (
    DLE_EOT_OFFLINE,
    DLE_EOT_PAPER,
    DLE_EOT_PRINTER,
    StatusReport,
    is_status_byte,
    offline,
    parse_status,
)

RETRY_OPEN_SECONDS = 0.05
"""How often a device nobody reads yet is tried again, until the deadline."""


class LinkError(Exception):
    """The connection failed; `str(error)` is one sentence saying why."""

    def __init__(self, sentence: str, state: PrinterState = PrinterState.OFFLINE) -> None:
        self.state = state
        """The printer state this failure means."""
        super().__init__(sentence)

    @property
    def report(self) -> StatusReport:
        """The failure as a status report."""
        return StatusReport(self.state, str(self))


class NoAnswer(LinkError):
    """The printer stayed silent when asked for its status."""


def seconds(value: float) -> str:
    """A duration for a sentence: "1.5 s"."""
    return f"{value:.2g} s" if value < 10 else f"{value:.0f} s"


def left(deadline: float, doing: str) -> float:
    """Seconds until `deadline`; a LinkError naming what was being done once it passed."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise LinkError(f"Timed out {doing}.")
    return remaining


def os_cause(error: OSError) -> str:
    """The cause of an operating-system error in a few words."""
    words = {
        errno.ECONNREFUSED: "connection refused",
        errno.ENOENT: "no such device",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EBUSY: "the device is in use by another program",
        errno.EHOSTUNREACH: "host unreachable",
        errno.ENETUNREACH: "network unreachable",
        errno.ECONNRESET: "the connection was reset",
        errno.EPIPE: "the connection was closed",
        errno.ENOSPC: "the device refused the data (no space)",
        errno.EIO: "input/output error (printer switched off or unplugged?)",
        errno.ENODEV: "no device behind the path",
        errno.ENXIO: "no device behind the path",
        errno.EISDIR: "it is a folder, not a device",
    }
    if error.errno in words:
        return words[error.errno]
    return (error.strerror or type(error).__name__).lower()


class Link(ABC):
    """One connection attempt to a printer: open, send, ask for status, close."""

    description: str
    """Where the printer is, for sentences: "network printer 10.0.0.5:9100"."""
    answers_status: bool = True
    """Whether the printer can be asked how it is over this connection."""

    @abstractmethod
    def open(self, deadline: float) -> None:
        """Connect before `deadline` (monotonic seconds); LinkError with the cause if not."""

    @abstractmethod
    def send(self, data: bytes, deadline: float) -> None:
        """Hand every byte of `data` to the device before `deadline`, or raise LinkError."""

    @abstractmethod
    def close(self) -> None:
        """Let go of the connection; never raises."""

    def ask(self, query: bytes, timeout: float) -> int | None:
        """Send a status query and read its one-byte answer; None if none came in time."""
        raise NotImplementedError

    def status(self, timeout: float) -> StatusReport:
        """Ask DLE EOT 1 and 4 (and 2 when offline), each within `timeout` seconds."""
        if not self.answers_status:
            return StatusReport(
                PrinterState.UNKNOWN, "This connection cannot tell whether the printer is ready."
            )
        online = self._ask_checked(DLE_EOT_PRINTER, timeout)
        paper = self._ask_checked(DLE_EOT_PAPER, timeout)
        cause = b""
        if online & 0x08:
            cause = bytes([self._ask_checked(DLE_EOT_OFFLINE, timeout)])
        return parse_status(bytes([online]), bytes([paper]), cause)

    def _ask_checked(self, query: bytes, timeout: float) -> int:
        reply = self.ask(query, timeout)
        if reply is None:
            raise NoAnswer(
                f"The {self.description} did not answer a status query within "
                f"{seconds(timeout)} (switched off, or busy with a jam?)."
            )
        if not is_status_byte(reply):
            raise LinkError(
                f"Something answers at the {self.description}, but not as a receipt "
                f"printer does (reply 0x{reply:02x}): not a printer, or the wrong port."
            )
        return reply

    def confirm(self, timeout: float) -> StatusReport:
        """After sending: the printer's word that it took the job without an error."""
        return self.status(timeout)


# --- network ---------------------------------------------------------------------------


class NetworkLink(Link):
    """Raw TCP to port 9100 (or another)."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.description = f"network printer {host}:{port}"
        self._socket: socket.socket | None = None

    def open(self, deadline: float) -> None:
        """Connect, naming refusal, silence and unknown names apart."""
        timeout = left(deadline, f"connecting to the {self.description}")
        try:
            self._socket = socket.create_connection((self.host, self.port), timeout=timeout)
        except socket.gaierror as error:
            raise LinkError(
                f"Cannot reach the {self.description}: unknown host name ({error.strerror})."
            ) from error
        except TimeoutError as error:
            raise LinkError(
                f"Cannot reach the {self.description}: no answer within {seconds(timeout)} "
                "(switched off or not on the network?)."
            ) from error
        except OSError as error:
            hint = " (printer off, or the wrong port?)" if error.errno == errno.ECONNREFUSED else ""
            raise LinkError(
                f"Cannot reach the {self.description}: {os_cause(error)}{hint}."
            ) from error

    def _connected(self) -> socket.socket:
        assert self._socket is not None, "open() first"
        return self._socket

    def send(self, data: bytes, deadline: float) -> None:
        """sendall within the deadline."""
        sock = self._connected()
        sock.settimeout(left(deadline, f"sending to the {self.description}"))
        try:
            sock.sendall(data)
        except TimeoutError as error:
            raise LinkError(
                f"The {self.description} stopped taking the ticket (timed out sending)."
            ) from error
        except OSError as error:
            raise LinkError(
                f"Sending to the {self.description} failed: {os_cause(error)}."
            ) from error

    def ask(self, query: bytes, timeout: float) -> int | None:
        """One status byte, or None when the printer stays silent for `timeout`."""
        sock = self._connected()
        try:
            self._discard_pending(sock)
            sock.settimeout(timeout)
            sock.sendall(query)
            reply = sock.recv(1)
        except TimeoutError:
            return None
        except OSError as error:
            raise LinkError(
                f"The {self.description} dropped the connection: {os_cause(error)}."
            ) from error
        if not reply:
            raise LinkError(
                f"The {self.description} closed the connection when asked for its status: "
                "not a printer, or the wrong port."
            )
        return reply[0]

    @staticmethod
    def _discard_pending(sock: socket.socket) -> None:
        # A late answer to an earlier query must not be taken for this one's.
        sock.setblocking(False)
        try:
            while sock.recv(256):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        finally:
            sock.setblocking(True)

    def close(self) -> None:
        """Close the socket."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None


# --- serial ----------------------------------------------------------------------------


class SerialLink(Link):
    """A serial line (or USB-serial adapter) through pyserial."""

    def __init__(self, device: str, baudrate: int) -> None:
        self.device = device
        self.baudrate = baudrate
        self.description = f"serial printer {device}"
        self._port: Any = None

    def open(self, deadline: float) -> None:
        """Open the port without waiting on modem lines."""
        left(deadline, f"opening the {self.description}")
        try:
            import serial
        except ImportError as error:
            raise LinkError(
                "Serial printing needs pyserial: reinstall frontdesk's dependencies "
                "(`.tools/bin/uv sync`)."
            ) from error
        try:
            self._port = serial.Serial(
                self.device, baudrate=self.baudrate, timeout=0.1, write_timeout=1.0
            )
        except serial.SerialException as error:
            number = error.errno if isinstance(error.errno, int) else None
            cause = os_cause(OSError(number, "")) if number else "it is not a serial port"
            raise LinkError(f"Cannot open the {self.description}: {cause}.") from error
        except (OSError, ValueError) as error:
            raise LinkError(f"Cannot open the {self.description}: {error}.") from error

    def send(self, data: bytes, deadline: float) -> None:
        """Write with a write timeout of what is left of the deadline."""
        import serial

        self._port.write_timeout = left(deadline, f"sending to the {self.description}")
        try:
            written = self._port.write(data)
        except serial.SerialTimeoutException as error:
            raise LinkError(
                f"The {self.description} stopped taking the ticket (timed out sending)."
            ) from error
        except (serial.SerialException, OSError) as error:
            raise LinkError(f"Sending to the {self.description} failed: {error}.") from error
        if written != len(data):
            raise LinkError(f"The {self.description} took only {written} of {len(data)} bytes.")

    def ask(self, query: bytes, timeout: float) -> int | None:
        """Write the query, read one byte with a timeout of its own (not 16 bytes)."""
        import serial

        try:
            self._port.reset_input_buffer()
            self._port.write_timeout = timeout
            self._port.write(query)
            self._port.timeout = timeout
            reply = self._port.read(1)
        except serial.SerialTimeoutException:
            return None
        except (serial.SerialException, OSError) as error:
            raise LinkError(f"The {self.description} failed: {error}.") from error
        return reply[0] if reply else None

    def close(self) -> None:
        """Close the port."""
        if self._port is not None:
            with contextlib.suppress(Exception):  # closing must not fail a report
                self._port.close()
            self._port = None


# --- device file -----------------------------------------------------------------------


class FileLink(Link):
    """A printer device file such as /dev/usb/lp0: write-only, never created."""

    answers_status = False

    def __init__(self, path: str) -> None:
        self.path = path
        self.description = f"printer device {path}"
        self._fd: int | None = None

    def open(self, deadline: float) -> None:
        """Open without O_CREAT and without blocking; refuse anything but a device."""
        flags = os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
        while True:
            try:
                self._fd = os.open(self.path, flags)
                break
            except OSError as error:
                if error.errno != errno.ENXIO:
                    raise LinkError(
                        f"Cannot open the {self.description}: {os_cause(error)}."
                    ) from error
                # A FIFO with no reader (or a device not ready yet): try until the deadline.
                if deadline - time.monotonic() <= RETRY_OPEN_SECONDS:
                    raise LinkError(
                        f"Nothing reads the {self.description}: gave up waiting at the deadline."
                    ) from error
                time.sleep(RETRY_OPEN_SECONDS)
        mode = os.fstat(self._fd).st_mode
        if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
            self.close()
            raise LinkError(
                f"{self.path} is a regular file, not a printer device: check `device` in "
                "the configuration."
            )

    def send(self, data: bytes, deadline: float) -> None:
        """Write everything, waiting for the device between chunks, until the deadline."""
        assert self._fd is not None, "open() first"
        view = memoryview(data)
        sent = 0
        while sent < len(data):
            try:
                sent += os.write(self._fd, view[sent:])
                continue
            except BlockingIOError:
                pass
            except OSError as error:
                raise LinkError(
                    f"Writing to the {self.description} failed: {os_cause(error)}."
                ) from error
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LinkError(
                    f"The {self.description} took only {sent} of {len(data)} bytes before "
                    "the deadline (printer busy, off, or nothing reading it)."
                )
            select.select([], [self._fd], [], remaining)

    def confirm(self, timeout: float) -> StatusReport:
        """A device file cannot say more than that it took the bytes."""
        return StatusReport(PrinterState.UNKNOWN, "The device took the ticket.")

    def close(self) -> None:
        """Close the file descriptor."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


# --- USB -------------------------------------------------------------------------------


class UsbLink(Link):
    """A USB printer through pyusb (libusb)."""

    def __init__(self, vendor: int, product: int) -> None:
        self.vendor = vendor
        self.product = product
        self.description = f"USB printer {vendor:04x}:{product:04x}"
        self._device: Any = None
        self._out: Any = None
        self._in: Any = None

    def open(self, deadline: float) -> None:
        """Find the device, claim it from the kernel's driver, find its endpoints."""
        left(deadline, f"opening the {self.description}")
        try:
            import usb.core
            import usb.util
        except ImportError as error:
            raise LinkError(
                "USB printing needs pyusb: reinstall frontdesk's dependencies "
                "(`.tools/bin/uv sync`)."
            ) from error
        try:
            device = usb.core.find(idVendor=self.vendor, idProduct=self.product)
        except usb.core.NoBackendError as error:
            raise LinkError(
                "USB printing needs libusb, which is missing: install Debian's "
                "libusb-1.0-0 (or use the printer's serial, network or file connection)."
            ) from error
        if device is None:
            raise LinkError(f"No {self.description} is connected.")
        try:
            if device.is_kernel_driver_active(0):
                device.detach_kernel_driver(0)
            device.set_configuration()
            interface = device.get_active_configuration()[(0, 0)]
        except usb.core.USBError as error:
            cause = os_cause(OSError(error.errno, "")) if error.errno else str(error)
            hint = " (a udev rule must give the kiosk user the device)"
            raise LinkError(
                f"Cannot open the {self.description}: {cause}"
                f"{hint if error.errno == errno.EACCES else ''}."
            ) from error

        def direction(want: int) -> Any:
            return usb.util.find_descriptor(
                interface,
                custom_match=lambda e: usb.util.endpoint_direction(e.bEndpointAddress) == want,
            )

        self._device = device
        self._out = direction(usb.util.ENDPOINT_OUT)
        self._in = direction(usb.util.ENDPOINT_IN)
        if self._out is None:
            raise LinkError(f"The {self.description} has no way to send it data.")
        self.answers_status = self._in is not None

    def send(self, data: bytes, deadline: float) -> None:
        """Bulk write with the time that is left."""
        import usb.core

        milliseconds = max(1, int(left(deadline, f"sending to the {self.description}") * 1000))
        try:
            written = self._out.write(data, timeout=milliseconds)
        except usb.core.USBTimeoutError as error:
            raise LinkError(
                f"The {self.description} stopped taking the ticket (timed out sending)."
            ) from error
        except usb.core.USBError as error:
            raise LinkError(f"Sending to the {self.description} failed: {error}.") from error
        if written != len(data):
            raise LinkError(f"The {self.description} took only {written} of {len(data)} bytes.")

    def ask(self, query: bytes, timeout: float) -> int | None:
        """Write the query, read the answer (one packet) within `timeout`."""
        import usb.core

        milliseconds = max(1, int(timeout * 1000))
        try:
            self._out.write(query, timeout=milliseconds)
            reply = self._in.read(64, timeout=milliseconds)
        except usb.core.USBTimeoutError:
            return None
        except usb.core.USBError as error:
            raise LinkError(f"The {self.description} failed: {error}.") from error
        return int(reply[-1]) if len(reply) else None

    def close(self) -> None:
        """Release the device."""
        if self._device is not None:
            with contextlib.suppress(Exception):  # closing must not fail a report
                import usb.util

                usb.util.dispose_resources(self._device)
            self._device = None


# --- CUPS ------------------------------------------------------------------------------

CUPS_PRINTER_STOPPED = 5
CUPS_JOB_DONE = 9
CUPS_JOB_FAILED = {7: "cancelled", 8: "aborted"}
CUPS_POLL_SECONDS = 0.1


class CupsLink(Link):
    """A raw CUPS queue through pycups: the job counts once CUPS says it completed."""

    answers_status = False

    def __init__(self, queue: str) -> None:
        self.queue = queue
        self.description = f"CUPS queue {queue}"
        self._cups: Any = None
        self._connection: Any = None
        self._job: int | None = None

    def open(self, deadline: float) -> None:
        """Connect to the CUPS server and find the queue."""
        left(deadline, f"connecting to {self.description}")
        try:
            import cups
        except ImportError as error:
            raise LinkError(
                "CUPS printing needs pycups: install it with `.tools/bin/uv sync --extra cups` "
                "(it builds against Debian's libcups2-dev)."
            ) from error
        self._cups = cups
        try:
            self._connection = cups.Connection()
            printers = self._connection.getPrinters()
        except (RuntimeError, cups.IPPError) as error:
            raise LinkError(f"Cannot reach the CUPS server: {_cups_words(error)}.") from error
        if self.queue not in printers:
            raise LinkError(f"CUPS has no queue named {self.queue}.")

    def status(self, timeout: float) -> StatusReport:
        """The queue's state: stopped (with CUPS's reason) or accepting jobs."""
        try:
            attributes = self._connection.getPrinterAttributes(self.queue)
        except self._cups.IPPError as error:
            return offline(f"CUPS cannot say how {self.queue} is: {_cups_words(error)}.")
        if attributes.get("printer-state") == CUPS_PRINTER_STOPPED:
            reason = attributes.get("printer-state-message") or "no reason given"
            return offline(f"CUPS has stopped the {self.description}: {reason}.")
        if not attributes.get("printer-is-accepting-jobs", True):
            return offline(f"The {self.description} is not accepting jobs.")
        return StatusReport(PrinterState.UNKNOWN, f"The {self.description} is accepting jobs.")

    def send(self, data: bytes, deadline: float) -> None:
        """Submit the bytes as a raw job, then wait until CUPS has passed them on."""
        left(deadline, f"sending to the {self.description}")
        with tempfile.NamedTemporaryFile(prefix="ticket-", suffix=".bin") as file:
            file.write(data)
            file.flush()
            try:
                self._job = self._connection.printFile(
                    self.queue, file.name, "frontdesk ticket", {"raw": "true"}
                )
            except self._cups.IPPError as error:
                raise LinkError(f"CUPS refused the ticket: {_cups_words(error)}.") from error
        while True:
            try:
                job = self._connection.getJobAttributes(self._job)
            except self._cups.IPPError as error:
                raise LinkError(f"CUPS lost the ticket's job: {_cups_words(error)}.") from error
            state = job.get("job-state")
            if state == CUPS_JOB_DONE:
                return
            if state in CUPS_JOB_FAILED:
                reason = job.get("job-printer-state-message") or job.get("job-state-message")
                raise LinkError(
                    f"CUPS {CUPS_JOB_FAILED[state]} the ticket{': ' + reason if reason else ''}."
                )
            if time.monotonic() >= deadline:
                # Never let it print late, long after the visitor was given up on.
                with contextlib.suppress(self._cups.IPPError):
                    self._connection.cancelJob(self._job)
                raise LinkError(
                    f"The {self.description} did not print the ticket in time; "
                    "the job was cancelled."
                )
            time.sleep(CUPS_POLL_SECONDS)

    def confirm(self, timeout: float) -> StatusReport:
        """CUPS completed the job: the bytes reached the printer."""
        return StatusReport(PrinterState.UNKNOWN, f"CUPS sent the ticket to {self.queue}.")

    def close(self) -> None:
        """pycups connections close when dropped."""
        self._connection = None


def _cups_words(error: BaseException) -> str:
    # IPPError carries (status, message); RuntimeError a plain message.
    args: tuple[object, ...] = tuple(getattr(error, "args", ()))
    words = args[1] if len(args) == 2 and isinstance(args[1], str) else str(error)
    return words.rstrip(". ") or type(error).__name__
