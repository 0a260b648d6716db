"""`kiosk --test-print`: print a sample ticket and say how the printer is."""

from __future__ import annotations

from dataclasses import dataclass

from config.settings import Settings
from models.clock import utcnow
from printing.connections import Printer, PrinterUnavailable, open_printer
from printing.spool import describe_state
from printing.tickets import render_ticket, sample_ticket


@dataclass(frozen=True)
class TestPrintResult:
    """The outcome of a test print."""

    __test__ = False  # not a pytest test class, despite the name

    printed: bool
    """Whether the sample ticket was sent."""
    message: str
    """One line for a person: what happened and the printer's state."""


def run_test_print(settings: Settings, printer: Printer | None = None) -> TestPrintResult:
    """Send a sample ticket to the configured (or given) printer."""
    printer = printer or open_printer(settings.printer)
    data, png = render_ticket(sample_ticket(settings, utcnow()), settings.printer)
    try:
        report = printer.print_ticket(data, name="TEST", png=png)
    except PrinterUnavailable as unavailable:
        detail = unavailable.report.detail
        # Most causes already say which printer; say it once.
        where = "" if printer.description in detail else f" on the {printer.description}"
        return TestPrintResult(False, f"Not printed{where}: {detail}")
    return TestPrintResult(
        True,
        f"Printed a test ticket ({len(data)} bytes) on the "
        f"{printer.description}; printer {describe_state(report.state)}.",
    )
