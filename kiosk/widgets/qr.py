"""A QR code drawn in the terminal with half-block characters (two modules per cell)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

_QUIET_ZONE = 2


def qr_rows(payload: str) -> list[list[bool]]:
    """The module matrix of `payload` (True is dark), with a quiet zone."""
    import qrcode  # not needed for the first screen: imported when a code is drawn

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=_QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def qr_text(payload: str) -> Text:
    """The QR code as rich Text: each cell is two modules, upper and lower half."""
    matrix = qr_rows(payload)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    dark = Style(color="black", bgcolor="white")
    light = Style(color="white", bgcolor="white")
    # No cell is a plain space: terminals and layouts trim leading and trailing spaces,
    # which would eat the quiet zone a scanner needs. A light cell is a white block.
    cells = {
        (False, False): ("█", light),
        (True, False): ("▀", dark),
        (False, True): ("▄", dark),
        (True, True): ("█", dark),
    }
    text = Text()
    for index, (top, bottom) in enumerate(zip(matrix[0::2], matrix[1::2], strict=True)):
        if index:
            text.append("\n")
        for upper, lower in zip(top, bottom, strict=True):
            text.append(*cells[(upper, lower)])
    return text


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
