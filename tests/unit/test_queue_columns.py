"""The queue's columns fit the table's width, with the whole desk name in the status."""

from __future__ import annotations

import pytest

from staff_console.screens.queue import CELL_PADDING, fit_widths

WANTS = {"status": len("serving @ Desk 12"), "service": 22, "needs": 22, "name": 30}


@pytest.mark.parametrize("available", [66, 84, 100, 118, 160])
def test_the_columns_never_overflow(available: int) -> None:
    widths = fit_widths(available, WANTS)
    assert sum(widths.values()) + CELL_PADDING * len(widths) <= available
    assert min(widths.values()) >= 4


@pytest.mark.parametrize("available", [84, 118])
def test_from_120_columns_the_status_holds_the_whole_desk_name(available: int) -> None:
    # A 120-column terminal leaves the table about 84 cells, a 160-column one about 118.
    widths = fit_widths(available, WANTS)
    assert widths["status"] >= WANTS["status"]
    assert ("arrived" in widths) == (available >= 110)
