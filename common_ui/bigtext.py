"""Ticket numbers in block letters five rows high, readable from across a room."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

_FONT_ROWS = """
 ### |#### | ####|#### |#####|#####| ####|#   #|#####|  ###|#   #|#    |#   #|#   #| ### |#### | ### |#### | ####|#####|#   #|#   #|#   #|#   #|#   #|#####| ### |  #  | ### |#### |#   #|#####| ### |#####| ### | ### |
#   #|#   #|#    |#   #|#    |#    |#    |#   #|  #  |    #|#  # |#    |## ##|##  #|#   #|#   #|#   #|#   #|#    |  #  |#   #|#   #|#   #| # # | # # |   # |#  ##| ##  |#   #|    #|#   #|#    |#    |    #|#   #|#   #|
#####|#### |#    |#   #|#### |#### |#  ##|#####|  #  |    #|###  |#    |# # #|# # #|#   #|#### |# # #|#### | ### |  #  |#   #|#   #|# # #|  #  |  #  |  #  |# # #|  #  |  ## |  ## |#####|#### |#### |   # | ### | ####|
#   #|#   #|#    |#   #|#    |#    |#   #|#   #|  #  |#   #|#  # |#    |#   #|#  ##|#   #|#    |#  # |#  # |    #|  #  |#   #| # # |## ##| # # |  #  | #   |##  #|  #  | #   |    #|    #|    #|#   #|  #  |#   #|    #|
#   #|#### | ####|#### |#####|#    | ####|#   #|#####| ### |#   #|#####|#   #|#   #| ### |#    | ## #|#   #|#### |  #  | ### |  #  |#   #|#   #|  #  |#####| ### | ### |#####|#### |    #|#### | ### |  #  | ### | ### |
"""
_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _glyphs() -> dict[str, list[str]]:
    rows = [row.split("|")[: len(_CHARACTERS)] for row in _FONT_ROWS.strip("\n").splitlines()]
    return {char: [row[index] for row in rows] for index, char in enumerate(_CHARACTERS)}


GLYPHS = _glyphs()
"""Character → five rows of five cells ("#" is ink)."""


def block_lines(text: str) -> list[str]:
    """`text` (A-Z, 0-9; others shown as a gap) as five rows of block characters."""
    blank = ["     "] * 5
    rows = ["", "", "", "", ""]
    for char in text.upper():
        glyph = GLYPHS.get(char, blank)
        for index in range(5):
            rows[index] += glyph[index].replace("#", "█") + " "
    return [row.rstrip() for row in rows]


class BigText(Static):
    """A short code such as a ticket number, five rows high."""

    DEFAULT_CSS = """
    BigText {
        width: auto;
        height: 5;
        text-style: bold;
    }
    """

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(Text("\n".join(block_lines(text))), **kwargs)  # type: ignore[arg-type]
        self.plain = text
        """The text shown, for tests and screen readers' benefit."""
