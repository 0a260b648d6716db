"""Split an ESC/POS byte stream into the renderer's commands and the text between them.

Knows exactly the commands frontdesk's renderer sends; anything else is an error, so a
control byte that leaked from text cannot hide as an "unknown command".
"""

from __future__ import annotations

from dataclasses import dataclass, field


class UnknownCommand(ValueError):
    """A control byte the renderer never sends."""


@dataclass
class Stream:
    """Commands (as bytes) and text lines (as bytes) in order of appearance."""

    commands: list[bytes] = field(default_factory=list)
    text: bytearray = field(default_factory=bytearray)
    code_page: int | None = None


def parse(data: bytes) -> Stream:
    """Walk `data`, separating commands from text; raise UnknownCommand on anything odd."""
    out = Stream()
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == 0x0A or 0x20 <= byte != 0x7F:
            out.text.append(byte)
            i += 1
            continue
        if byte == 0x1B:
            op = data[i + 1 : i + 2]
            length = {b"@": 2, b"t": 3, b"E": 3, b"a": 3, b"d": 3}.get(op)
            if length is None:
                raise UnknownCommand(f"ESC {op!r} at {i}")
            if op == b"t":
                out.code_page = data[i + 2]
        elif byte == 0x1D:
            op = data[i + 1 : i + 2]
            if op == b"!":
                length = 3
            elif op == b"(" and data[i + 2 : i + 3] == b"k":
                length = 5 + data[i + 3] + data[i + 4] * 256
            elif op == b"v" and data[i + 2 : i + 3] == b"0":
                width = data[i + 4] + data[i + 5] * 256
                height = data[i + 6] + data[i + 7] * 256
                length = 8 + width * height
            elif op == b"V":
                length = 4 if data[i + 2] in (65, 66, 97, 98) else 3
            else:
                raise UnknownCommand(f"GS {op!r} at {i}")
        else:
            raise UnknownCommand(f"byte 0x{byte:02x} at {i}")
        out.commands.append(data[i : i + length])
        i += length
    return out
