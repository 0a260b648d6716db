"""Finding, reading and validating the TOML file, with errors that name the key."""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from config.parse import read_settings
from config.settings import Settings

CONFIG_ENV = "FRONTDESK_CONFIG"
"""Environment variable naming the TOML file when `--config` is not given."""


class ConfigError(Exception):
    """The configuration cannot be used; `problems` lists "key: reason" lines."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        """The file (or "built-in defaults") the problems were found in."""
        self.problems = problems
        """One line per problem, each starting with the dotted key."""
        super().__init__(f"{source}: " + "; ".join(problems))

    def report(self) -> str:
        """A message for a person: the file, then one problem per line."""
        lines = [f"frontdesk cannot start: the configuration in {self.source} has a mistake."]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


def settings_from_mapping(data: Mapping[str, Any], source: str = "configuration") -> Settings:
    """Validate already-parsed settings; raise ConfigError naming each bad key."""
    settings, problems = read_settings(data)
    if problems:
        raise ConfigError(source, problems)
    return settings


def load_or_exit(path: str | os.PathLike[str] | None) -> Settings:
    """The settings, or the problems printed (key, value, reason) and exit status 2.

    For the command-line entry points: a wrong configuration stops the app before it
    starts, with a message a person can act on.
    """
    try:
        return load_settings(path)
    except ConfigError as error:
        print(error.report(), file=sys.stderr)
        raise SystemExit(2) from None


def load_settings(
    path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Load the settings from `path`, else $FRONTDESK_CONFIG, else the built-in defaults.

    Raises:
        ConfigError: the file is missing, is not valid TOML, or holds a wrong value.
    """
    environ = os.environ if environ is None else environ
    chosen = path if path is not None else environ.get(CONFIG_ENV) or None
    if chosen is None:
        return Settings()
    file = Path(chosen)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(file), ["(file): does not exist"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(file), [f"(file): cannot be read ({error})"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(file), [f"(file): is not valid TOML: {error}"]) from None
    return settings_from_mapping(data, str(file))
