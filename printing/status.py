"""What a printer says about itself (DLE EOT replies), in words staff can act on."""

from __future__ import annotations

from dataclasses import dataclass

from models.tables import PrinterState

DLE_EOT_PRINTER = b"\x10\x04\x01"
"""Real-time status: the printer (online or offline)."""
DLE_EOT_OFFLINE = b"\x10\x04\x02"
"""Real-time status: why the printer is offline (cover, paper, error)."""
DLE_EOT_PAPER = b"\x10\x04\x04"
"""Real-time status: the roll paper sensors (near end, end)."""

FIXED_MASK = 0x93
FIXED_BITS = 0x12
"""Every DLE EOT reply has bit 1 and bit 4 set and bits 0 and 7 clear: a byte without
that shape came from something that is not an ESC/POS printer."""
ONLINE_OFFLINE_BIT = 0x08
"""DLE EOT 1: set when the printer is offline (cover open, paper out, error)."""
OFFLINE_COVER_OPEN = 0x04
"""DLE EOT 2: the cover is open."""
OFFLINE_PAPER_END = 0x20
"""DLE EOT 2: printing stopped because the paper ran out."""
OFFLINE_ERROR = 0x40
"""DLE EOT 2: an error (paper jam, cutter, overheating)."""
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
    """Why, in one plain sentence."""

    @property
    def can_print(self) -> bool:
        """Whether sending a ticket now makes sense (not paper out, not offline)."""
        return self.state not in (PrinterState.PAPER_OUT, PrinterState.OFFLINE)


class PrinterUnavailable(Exception):
    """The ticket was not printed (or not known to be): the report says why."""

    def __init__(self, report: StatusReport) -> None:
        self.report = report
        """The state that stopped the print."""
        super().__init__(report.detail)


def offline(detail: str) -> StatusReport:
    """The printer cannot take tickets, for the reason in `detail`."""
    return StatusReport(PrinterState.OFFLINE, detail)


def is_status_byte(reply: int) -> bool:
    """Whether `reply` has the fixed bits of every DLE EOT answer."""
    return reply & FIXED_MASK == FIXED_BITS


def parse_status(online: bytes, paper: bytes, why_offline: bytes = b"") -> StatusReport:
    """Read the answers to DLE EOT 1 (printer), 4 (paper sensor) and 2 (offline cause)."""
    if not online:
        return offline("The printer did not answer.")
    if paper and paper[0] & PAPER_OUT_BITS == PAPER_OUT_BITS:
        return StatusReport(PrinterState.PAPER_OUT, "The printer is out of paper.")
    if online[0] & ONLINE_OFFLINE_BIT:
        cause = why_offline[0] if why_offline else 0
        if cause & OFFLINE_PAPER_END:
            return StatusReport(PrinterState.PAPER_OUT, "The printer is out of paper.")
        if cause & OFFLINE_COVER_OPEN:
            return offline("The printer's cover is open.")
        if cause & OFFLINE_ERROR:
            return offline("The printer reports an error (paper jam, cutter or overheating).")
        return offline("The printer is offline (paper feed held or an error).")
    if paper and paper[0] & PAPER_NEAR_END_BITS == PAPER_NEAR_END_BITS:
        return StatusReport(PrinterState.PAPER_LOW, "The paper roll is nearly used up.")
    return StatusReport(PrinterState.OK, "Ready.")
