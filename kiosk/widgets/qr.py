"""A QR code drawn in the terminal with half-block characters (two modules per cell)."""

from __future__ import annotations

import qrcode
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

_QUIET_ZONE = 2


def qr_rows(payload: str) -> list[list[bool]]:
    """The module matrix of `payload` (True is dark), with a quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=_QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def qr_text(payload: str) -> Text:
    """The QR code as rich Text: each cell is two modules, upper and lower half."""
    matrix = qr_rows(payload)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    style = Style(color="black", bgcolor="white")
    cells = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
    rows = [
        "".join(cells[(upper, lower)] for upper, lower in zip(top, bottom, strict=True))
        for top, bottom in zip(matrix[0::2], matrix[1::2], strict=True)
    ]
    # Spaces are the quiet zone: joined, never stripped.
    return Text("\n".join(rows), style=style)


class QrCode(Static):
    """A scannable QR code of `payload` (black on white, whatever the theme)."""

    DEFAULT_CSS = """
    QrCode {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, payload: str, **kwargs: object) -> None:
        super().__init__(qr_text(payload), **kwargs)  # type: ignore[arg-type]
        self.payload = payload
        """What the code says."""
