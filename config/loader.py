"""Finding, reading and validating the TOML file, with errors that name the key."""

from __future__ import annotations

import os
import stat
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from config.parse import read_settings
from config.settings import Settings

CONFIG_ENV = "FRONTDESK_CONFIG"
"""Environment variable naming the TOML file when `--config` is not given."""
CONFIG_MAX_BYTES = 1024 * 1024
"""A configuration is a few kilobytes; anything over this is not one."""
_SIZE_WORDS = "1 MiB"
_TOO_DEEP = "(file): is nested too deeply to be a configuration"


class ConfigError(Exception):
    """The configuration cannot be used; `problems` lists "key: reason" lines."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        """The file (or "built-in defaults") the problems were found in."""
        self.problems = problems
        """One line per problem, each starting with the dotted key."""
        super().__init__(f"{source}: " + "; ".join(problems))

    def report(self) -> str:
        """A message for a person: the file and the problem on one line, or the file,
        then one problem per line when there are several."""
        opening = f"frontdesk cannot start: the configuration in {self.source}"
        if len(self.problems) == 1:
            return f"{opening} has a mistake: {self.problems[0]}"
        lines = [f"{opening} has {len(self.problems)} mistakes."]
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
        ConfigError: the file is missing, is not a regular file, is over 1 MiB, is not
            valid TOML (nested too deeply included), or holds a wrong value.
    """
    environ = os.environ if environ is None else environ
    chosen = path if path is not None else environ.get(CONFIG_ENV) or None
    if chosen is None:
        return Settings()
    file = Path(chosen)
    text = _read_config_file(file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(file), [f"(file): is not valid TOML: {error}"]) from None
    except RecursionError:
        raise ConfigError(str(file), [_TOO_DEEP]) from None
    except (ValueError, TypeError, MemoryError) as error:
        raise ConfigError(str(file), [f"(file): cannot be read as TOML ({error})"]) from None
    try:
        return settings_from_mapping(data, str(file))
    except ConfigError:
        raise
    except RecursionError:
        raise ConfigError(str(file), [_TOO_DEEP]) from None
    except Exception as error:  # a value shaped like nothing the settings expect
        raise ConfigError(str(file), [f"(file): cannot be used ({error})"]) from None


def _read_config_file(file: Path) -> str:
    """The file's text, refusing anything but a regular file of a sane size.

    Opened without blocking and checked on the open descriptor, so a FIFO cannot hang
    the start (opening a FIFO to read waits for a writer) and `/dev/zero` cannot be read
    for ever.
    """
    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ConfigError(str(file), ["(file): does not exist"]) from None
    except OSError as error:
        raise ConfigError(str(file), [f"(file): cannot be read ({error.strerror})"]) from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise ConfigError(str(file), ["(file): is a folder, not a file"])
        if not stat.S_ISREG(status.st_mode):
            raise ConfigError(str(file), ["(file): is not a regular file"])
        if status.st_size > CONFIG_MAX_BYTES:
            raise ConfigError(str(file), [f"(file): is larger than {_SIZE_WORDS}"])
        chunks: list[bytes] = []
        size = 0
        while size <= CONFIG_MAX_BYTES:
            chunk = os.read(descriptor, 65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    except OSError as error:
        raise ConfigError(str(file), [f"(file): cannot be read ({error.strerror})"]) from None
    finally:
        os.close(descriptor)
    if len(data) > CONFIG_MAX_BYTES:
        raise ConfigError(str(file), [f"(file): is larger than {_SIZE_WORDS}"])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(str(file), ["(file): is not UTF-8 text"]) from None
