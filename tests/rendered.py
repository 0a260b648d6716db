"""The terminal as a person sees it, read from Textual's public screenshot.

`App.export_screenshot()` draws the whole terminal (dialogs over the screens below, as
shown) into an SVG through Rich: each run of text is a `<text>` element whose CSS class
gives its colour and weight, and each coloured background a `<rect>`, both placed on a
grid of cells. Reading that SVG back gives every cell's character, foreground and
background without touching Textual's private compositor.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from typing import Any

from rich.cells import cell_len

# Rich's SVG geometry (rich.console.Console.export_svg with its default 0.61 font ratio).
_CHAR_HEIGHT = 20
_CHAR_WIDTH = _CHAR_HEIGHT * 0.61
_LINE_HEIGHT = _CHAR_HEIGHT * 1.22
_SVG = "{http://www.w3.org/2000/svg}"
_RULE = re.compile(r"\.([\w-]+)\s*\{([^}]*)\}")


@dataclass(frozen=True)
class Cell:
    """One terminal cell as drawn: its character and how it looks."""

    char: str
    """The character ("" for the right half of a wide character)."""
    fg: str
    """Foreground colour as drawn, "#rrggbb" (reverse and dim already applied)."""
    bg: str
    """Background colour, "#rrggbb"."""
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False


def _css(svg: ET.Element) -> dict[str, dict[str, str]]:
    """Each CSS class of the screenshot → its declarations."""
    rules: dict[str, dict[str, str]] = {}
    for style in svg.iter(f"{_SVG}style"):
        for name, body in _RULE.findall(style.text or ""):
            declarations = {}
            for declaration in body.split(";"):
                key, _, value = declaration.partition(":")
                if key.strip():
                    declarations[key.strip()] = value.strip()
            rules[name] = declarations
    return rules


def _column(x: str) -> int:
    return round(float(x) / _CHAR_WIDTH)


def rendered_cells(app: Any) -> list[list[Cell]]:
    """Every cell of the terminal, row by row, as `app.export_screenshot()` draws it."""
    width, height = app.size
    svg = ET.fromstring(app.export_screenshot(simplify=True))
    rules = _css(svg)
    # The window behind the terminal: the background of cells Rich draws no rect for.
    chrome = next(r for r in svg.iter(f"{_SVG}rect") if r.get("rx") is not None)
    backgrounds = [[chrome.get("fill", "#000000")] * width for _ in range(height)]
    for rect in svg.iter(f"{_SVG}rect"):
        if rect.get("shape-rendering") != "crispEdges":
            continue  # clip paths and the window's frame
        row = round((float(rect.get("y", 0)) - 1.5) / _LINE_HEIGHT)
        start = _column(rect.get("x", "0"))
        span = _column(rect.get("width", "0"))
        if 0 <= row < height:
            for column in range(start, min(start + span, width)):
                backgrounds[row][column] = rect.get("fill", "#000000")
    cells = [
        [Cell(" ", backgrounds[y][x], backgrounds[y][x]) for x in range(width)]
        for y in range(height)
    ]
    for text in svg.iter(f"{_SVG}text"):
        if text.get("clip-path") is None:
            continue  # the window's title
        row = round((float(text.get("y", 0)) - _CHAR_HEIGHT) / _LINE_HEIGHT)
        if not 0 <= row < height:
            continue
        css: dict[str, str] = {}
        for name in (text.get("class") or "").split():
            css.update(rules.get(name, {}))
        decoration = css.get("text-decoration", "")
        column = _column(text.get("x", "0"))
        last: int | None = None
        for char in (text.text or "").replace("\xa0", " "):
            size = cell_len(char)
            if char == "\n":
                continue  # the line's end, kept in the text by Rich
            if not size:
                # A combining mark (Bengali's vowel signs) belongs to the cell before it.
                if last is not None:
                    cell = cells[row][last]
                    cells[row][last] = replace(cell, char=cell.char + char)
                continue
            if column + size > width:
                break
            cells[row][column] = Cell(
                char,
                css.get("fill", "#ffffff"),
                backgrounds[row][column],
                bold=css.get("font-weight") == "bold",
                italic="italic" in css.get("font-style", ""),
                underline="underline" in decoration,
                strike="line-through" in decoration,
            )
            last = column
            for extra in range(1, size):
                cells[row][column + extra] = Cell("", "", backgrounds[row][column + extra])
            column += size
    return cells


def rendered_rows(app: Any) -> list[str]:
    """The terminal's rows of characters as a person sees them (dialogs over the screen
    below); any app. A wide character is one character of its row."""
    return ["".join(cell.char for cell in row) for row in rendered_cells(app)]
