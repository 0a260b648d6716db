"""Columns fitted by terminal cells line up whatever the script."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from common_ui.cells import fit_cells


@pytest.mark.parametrize(
    "text",
    [
        "Housing",
        "综合咨询与市政服务的其他一切问题",
        "Åsa Ńowak-Żółć and her very long name",
        "e\u0301" * 40,
    ],
)
@pytest.mark.parametrize("width", [5, 12, 28])
def test_every_text_fills_exactly_its_cells(text: str, width: int) -> None:
    fitted = fit_cells(text, width)
    assert cell_len(fitted) == width
    if cell_len(text) > width:
        assert fitted.rstrip().endswith("…")
        assert text.startswith(fitted.rstrip()[:-1])
    else:
        assert fitted.rstrip() == text
