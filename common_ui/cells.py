"""Text fitted to a number of terminal cells, for columns that must line up.

A character is not a cell: Chinese takes two, a combining accent none. A column cut
or padded by `len()` (as the board's service list once was) pushes everything after a
wide name out of line. Nothing here imports Textual.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"


def fit_cells(text: str, width: int) -> str:
    """`text` exactly `width` cells wide: padded with spaces, or cut with an ellipsis."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    # A wide character that would straddle the edge is dropped whole (set_cell_size
    # pads its half with a space): the ellipsis follows the text, the padding after it.
    return set_cell_size(set_cell_size(text, width - 1).rstrip() + ELLIPSIS, width)
