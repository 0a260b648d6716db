"""Strings a visitor or staff member might type that must never act as anything but text.

Used by the cleaning rules here and by every test of display and printing.
"""

from __future__ import annotations

HOSTILE_STRINGS: dict[str, str] = {
    "click markup": "[@click=app.quit]x[/]",
    "link markup": "[link=http://evil]x[/]",
    "bold markup": "[b]Bob[/b] [red]Smith[/]",
    "unclosed markup": "[@click=app.screenshot",
    "osc52 clipboard": "Ann\x1b]52;c;ZXZpbA==\x07Lee",
    "clear screen": "\x1b[2JEve",
    "title change": "\x1b]0;pwned\x07Max",
    "c1 csi": "Ola\x9b2J",
    "nul": "Jo\x00hn",
    "rtl override": "Amir\u202eevil.exe",
    "printer reset": "Kim\x1b@",
    "printer cut": "Lu\x1dV\x00cy",
    "drawer kick": "Pat\x1bp\x00\x19\xfa",
    "realtime status": "Sam\x10\x14\x01\x00\x05",
    "del": "Del\x7fia",
    "emoji": "Maja 👩‍🦽🇵🇱",
    "long paste": "A" * 10_240,
    "sql": "'); DROP TABLE visit;--",
    "newlines": "Line1\nLine2\r\nLine3",
    "only controls": "\x1b\x07\x00\u202e",
}
"""Name → hostile string. "only controls" cleans to nothing (stored as no name)."""

FORBIDDEN_CHARACTERS: frozenset[str] = frozenset(
    [chr(c) for c in range(0x20) if chr(c) != "\n"]
    + [chr(0x7F)]
    + [chr(c) for c in range(0x80, 0xA0)]
    + list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
)
"""Characters that must never survive cleaning (newline only survives in notes)."""
