"""Reading one TOML table with its types, ranges and patterns checked.

A `Table` hands out the values of one table of the file. Each getter returns the
value, or the default when the value is wrong, and notes the problem as
`dotted.key: what is wrong (got value)`, so one pass reports every mistake in the
file at once. `finish()` reports keys nobody asked for: spelling mistakes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TypeVar

Choice = TypeVar("Choice")

_MISSING = object()
"""A key the file leaves out."""

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_SHOWN_LENGTH = 60
"""Characters of a wrong value quoted back in a message."""


def shown(value: object) -> str:
    """A wrong value as the message quotes it: Python's repr, cut short."""
    text = repr(value)
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 3] + "..."


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


class Table:
    """One table of the file, read key by key.

    Args:
        data: The table as `tomllib` gave it.
        key: Its dotted key in the file ("" for the top level).
        problems: Where problems are noted, shared by the whole file.
    """

    def __init__(self, data: Mapping[str, object], key: str, problems: list[str]) -> None:
        self.data = data
        """The table's keys and values."""
        self.key = key
        """The table's dotted key, e.g. "opening_hours.friday"."""
        self.problems = problems
        """Every problem found in the file so far."""
        self._read: set[str] = set()

    # --- problems ----------------------------------------------------------------

    def where(self, name: str) -> str:
        """The dotted key of `name` in this table."""
        return f"{self.key}.{name}" if self.key else name

    def problem(self, name: str | None, message: str, value: object = _MISSING) -> None:
        """Note a problem with `name` (or with the table itself when None)."""
        key = self.where(name) if name is not None else (self.key or "(file)")
        got = "" if value is _MISSING else f" (got {shown(value)})"
        self.problems.append(f"{key}: {message}{got}")

    def finish(self) -> None:
        """Report every key of the table that no setting reads."""
        for name in self.data:
            if name not in self._read:
                self.problem(name, "is not a setting frontdesk knows (check its spelling)")

    def has(self, name: str) -> bool:
        """Whether the file sets `name` here."""
        return name in self.data

    def raw(self, name: str) -> object:
        """The value as written, or `_MISSING`; marks the key as known."""
        self._read.add(name)
        return self.data.get(name, _MISSING)

    # --- values ----------------------------------------------------------------------

    def text(
        self,
        name: str,
        default: str,
        *,
        pattern: str | None = None,
        rule: str = "",
        min_length: int = 0,
        max_length: int | None = None,
    ) -> str:
        """A string; `pattern` (a regular expression) is described to people by `rule`."""
        value = self.optional_text(
            name, pattern=pattern, rule=rule, min_length=min_length, max_length=max_length
        )
        return default if value is None else value

    def required_text(
        self,
        name: str,
        *,
        pattern: str | None = None,
        rule: str = "",
        min_length: int = 1,
        max_length: int | None = None,
    ) -> str:
        """A string the table must have; "" (with the problem noted) when absent or wrong."""
        if not self.has(name):
            self.problem(name, "is required")
            return ""
        return self.text(
            name, "", pattern=pattern, rule=rule, min_length=min_length, max_length=max_length
        )

    def optional_text(
        self,
        name: str,
        *,
        pattern: str | None = None,
        rule: str = "",
        min_length: int = 0,
        max_length: int | None = None,
    ) -> str | None:
        """A string, or None when left out (or wrong)."""
        value = self.raw(name)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.problem(name, f"must be text, not {_type_name(value)}", value)
            return None
        if len(value.strip()) < min_length:
            self.problem(name, "must not be empty" if min_length == 1 else "is too short", value)
            return None
        if max_length is not None and len(value) > max_length:
            self.problem(name, f"must be at most {max_length} characters", value)
            return None
        if pattern is not None and not re.fullmatch(pattern, value):
            self.problem(name, f"must be {rule or 'written as ' + pattern}", value)
            return None
        return value

    def integer(self, name: str, default: int, *, low: int, high: int) -> int:
        """A whole number from `low` to `high`."""
        value = self.optional_integer(name, low=low, high=high)
        return default if value is None else value

    def optional_integer(self, name: str, *, low: int, high: int) -> int | None:
        """A whole number from `low` to `high`, or None when left out (or wrong)."""
        value = self.raw(name)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(name, f"must be a whole number from {low} to {high}", value)
            return None
        if not low <= value <= high:
            self.problem(name, f"must be from {low} to {high}", value)
            return None
        return value

    def number(self, name: str, default: float, *, above: float, high: float) -> float:
        """A number greater than `above` and at most `high` (seconds, say)."""
        value = self.raw(name)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(name, f"must be a number of more than {above:g} up to {high:g}", value)
            return default
        if not above < value <= high:
            self.problem(name, f"must be more than {above:g} and at most {high:g}", value)
            return default
        return float(value)

    def boolean(self, name: str, default: bool) -> bool:
        """true or false."""
        value = self.raw(name)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.problem(name, "must be true or false", value)
            return default
        return value

    def choice(self, name: str, default: Choice, options: Sequence[Choice]) -> Choice:
        """One of `options`, compared exactly."""
        value = self.raw(name)
        if value is _MISSING:
            return default
        for option in options:
            if value == option and type(value) is type(option):
                return option
        listed = ", ".join(str(option) for option in options)
        self.problem(name, f"must be one of {listed}", value)
        return default

    def time_of_day(self, name: str) -> dt.time | None:
        """A required clock time: "09:00" or a TOML local time (09:00:00)."""
        value = self.raw(name)
        if value is _MISSING:
            self.problem(name, 'is required, e.g. "09:00"')
            return None
        if isinstance(value, dt.time):
            return value
        if isinstance(value, str):
            match = _HHMM.match(value.strip())
            if match:
                return dt.time(int(match.group(1)), int(match.group(2)))
            self.problem(name, f"{shown(value)} is not a time of day written HH:MM (24-hour)")
            return None
        self.problem(name, "must be a time of day written HH:MM (24-hour)", value)
        return None

    def date(self, name: str, *, required: bool) -> dt.date | None:
        """A calendar date: a TOML date (2026-12-24) or the same written as text."""
        value = self.raw(name)
        if value is _MISSING:
            if required:
                self.problem(name, "is required, e.g. 2026-12-24")
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(name, "must be a date written YYYY-MM-DD", value)
        return None

    # --- tables and lists ----------------------------------------------------------

    def table(self, name: str) -> Table | None:
        """A sub-table, or None when left out (or not a table)."""
        value = self.raw(name)
        if value is _MISSING:
            return None
        if not isinstance(value, Mapping):
            self.problem(name, f"must be a table, not {_type_name(value)}", value)
            return None
        return Table(value, self.where(name), self.problems)

    def tables(self, name: str) -> list[Table] | None:
        """An array of tables ([[name]] in the file), or None when left out (or wrong).

        Each is keyed `name['code']` when it has a code, else `name[index]`.
        """
        value = self.raw(name)
        if value is _MISSING:
            return None
        if not isinstance(value, list | tuple):
            self.problem(name, f"must be a list of tables ([[{name}]]), not {_type_name(value)}")
            return None
        found: list[Table] = []
        for index, item in enumerate(value):
            code = item.get("code") if isinstance(item, Mapping) else None
            label = f"{name}[{code!r}]" if isinstance(code, str) and code else f"{name}[{index}]"
            if not isinstance(item, Mapping):
                self.problem(label, f"must be a table, not {_type_name(item)}", item)
                continue
            found.append(Table(item, self.where(label), self.problems))
        return found

    def texts(self, name: str) -> list[str] | None:
        """A list of strings, or None when left out (or wrong)."""
        value = self.raw(name)
        if value is _MISSING:
            return None
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            self.problem(name, 'must be a list of text, like ["en", "pl"]', value)
            return None
        return list(value)
