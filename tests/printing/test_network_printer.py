"""A network printer over a real TCP socket on 127.0.0.1: whole tickets, faults, timeouts."""

from __future__ import annotations

import socket
import time

import pytest

from config import settings_from_mapping
from models.tables import PrinterState
from printing.connections import PrinterUnavailable, open_printer
from tests.printing.fake_printer import FakeNetworkPrinter

TICKET = b"\x1b@\x1bt\x13Hello A017\n\x1dVA\x03"


def printer_for(port: int, timeout: float = 1.0):
    return open_printer(
        settings_from_mapping(
            {"printer": {"type": "network", "host": "127.0.0.1", "port": port, "timeout": timeout}}
        ).printer
    )


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, seconds: float = 3.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_ticket_arrives_whole() -> None:
    with FakeNetworkPrinter("ok") as fake:
        report = printer_for(fake.port).print_ticket(TICKET, name="A017", png=bytes)
        assert report.state == PrinterState.OK
        assert wait_for(lambda: fake.tickets == TICKET)


def test_connection_refused_is_reported_as_offline() -> None:
    with pytest.raises(PrinterUnavailable) as caught:
        printer_for(unused_port()).print_ticket(TICKET, name="A017", png=bytes)
    assert caught.value.report.state == PrinterState.OFFLINE
    assert "Cannot reach the network printer" in caught.value.report.detail


def test_a_printer_that_never_reads_costs_at_most_the_timeout() -> None:
    with FakeNetworkPrinter("silent") as fake:
        printer = printer_for(fake.port, timeout=0.8)
        began = time.monotonic()
        with pytest.raises(PrinterUnavailable) as caught:
            printer.print_ticket(TICKET, name="A017", png=bytes)
        elapsed = time.monotonic() - began
        assert elapsed < 0.8 + 0.3
        assert caught.value.report.state == PrinterState.OFFLINE
        began = time.monotonic()
        assert printer.check_status().state == PrinterState.OFFLINE
        assert time.monotonic() - began < 0.8 + 0.3


def test_paper_out_means_nothing_is_sent() -> None:
    with FakeNetworkPrinter("paper_out") as fake:
        with pytest.raises(PrinterUnavailable) as caught:
            printer_for(fake.port).print_ticket(TICKET, name="A017", png=bytes)
        assert caught.value.report.state == PrinterState.PAPER_OUT
        assert "out of paper" in caught.value.report.detail
        time.sleep(0.1)
        assert fake.tickets == b""


@pytest.mark.parametrize(
    ("mode", "state"),
    [
        ("ok", PrinterState.OK),
        ("paper_low", PrinterState.PAPER_LOW),
        ("paper_out", PrinterState.PAPER_OUT),
        ("offline", PrinterState.OFFLINE),
    ],
)
def test_status_is_read_from_the_printer(mode: str, state: PrinterState) -> None:
    with FakeNetworkPrinter(mode) as fake:
        assert printer_for(fake.port).check_status().state == state


def test_paper_low_still_prints() -> None:
    with FakeNetworkPrinter("paper_low") as fake:
        report = printer_for(fake.port).print_ticket(TICKET, name="A017", png=bytes)
        assert report.state == PrinterState.PAPER_LOW
        assert wait_for(lambda: fake.tickets == TICKET)
