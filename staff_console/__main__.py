"""`staff-console` and `python -m staff_console`.

staff-console [--config PATH] [--desk NAME]            run the console
staff-console report --from DATE --to DATE [--csv PATH] [--with-personal-data --staff CODE]
staff-console add-staff --code CODE --name NAME --role receptionist|supervisor --pin-stdin
staff-console purge                                    erase personal data past retention
staff-console init-db                                  create the configured database

Every fault (bad input, the database, the file system) ends in one sentence on stderr
and a non-zero exit, never a traceback: 2 for a wrong command line or configuration,
1 for a refusal or a fault.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from typing import TYPE_CHECKING, NoReturn

from config import Settings, load_or_exit

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

PROG = "staff-console"
EXIT_USAGE = 2
"""A wrong command line (as argparse uses)."""
EXIT_FAULT = 1
"""A refusal or a fault."""


class UsageError(Exception):
    """The command line asks for something impossible; the message says what."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a mistake is one line on stderr (no usage block) and exit 2."""

    def error(self, message: str) -> NoReturn:
        """Say what is wrong in one line."""
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see --help)\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-30") from None


def _output_path(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("needs a file name")
    return text


def _checked(check_name: str, text: str) -> str:
    """`text` through one of models.staff's checks, its refusal as an argument error."""
    from models import staff
    from models.errors import InvalidRequest

    try:
        return str(getattr(staff, check_name)(text))
    except InvalidRequest as wrong:
        # "argument --code: a staff code is ..." (argparse names the option).
        sentence = str(wrong).rstrip(".")
        raise argparse.ArgumentTypeError(sentence[:1].lower() + sentence[1:]) from None


def _staff_code(text: str) -> str:
    return _checked("checked_code", text)


def _staff_name(text: str) -> str:
    return _checked("checked_name", text)


DESK_NAME_MAX_LENGTH = 40
"""As long as a desk's name may be where it is stored (`models.tables`)."""


def _desk_name(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError('needs a desk name, such as "Desk 2"')
    if len(text) > DESK_NAME_MAX_LENGTH:
        raise argparse.ArgumentTypeError(
            f"a desk name is at most {DESK_NAME_MAX_LENGTH} characters, not {len(text)}"
        )
    return text


def _config_option(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="TOML configuration (default: $FRONTDESK_CONFIG, else built-in)",
    )


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line (`--config` may come before or after the subcommand)."""
    parser = OneLineParser(prog=PROG, description="frontdesk reception staff console")
    _config_option(parser, default=None)
    parser.add_argument(
        "--desk", default="Desk 1", type=_desk_name, help="this terminal's desk name"
    )
    commands = parser.add_subparsers(dest="command", parser_class=OneLineParser)
    report = commands.add_parser("report", help="figures for a date range, or a CSV per visit")
    report.add_argument("--from", dest="start", required=True, type=_date)
    report.add_argument("--to", dest="end", required=True, type=_date)
    report.add_argument(
        "--csv", metavar="PATH", type=_output_path, help="write one row per visit to PATH"
    )
    report.add_argument(
        "--with-personal-data",
        action="store_true",
        help="include names, needs and notes (a supervisor's code and PIN)",
    )
    report.add_argument("--staff", metavar="CODE", help="supervisor's code, with the PIN asked")
    add = commands.add_parser("add-staff", help="create a staff account")
    add.add_argument(
        "--code", required=True, type=_staff_code, help="2 to 32 letters (a-z) and digits"
    )
    add.add_argument("--name", required=True, type=_staff_name, help="at most 80 characters")
    add.add_argument("--role", choices=("receptionist", "supervisor"), default="receptionist")
    add.add_argument(
        "--pin-stdin",
        action="store_true",
        required=True,
        help="read the PIN from standard input (never from the command line); at a "
        "terminal it is asked twice without being shown",
    )
    purge_command = commands.add_parser(
        "purge", help="erase names, needs and notes past the retention days"
    )
    init = commands.add_parser("init-db", help="create the configured database and its tables")
    for sub in (report, add, purge_command, init):
        # After the subcommand too; SUPPRESS keeps a --config given before it.
        _config_option(sub, default=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.command == "report" and arguments.end < arguments.start:
        parser.error(f"--to {arguments.end} is before --from {arguments.start}")
    return arguments


def _engine(settings: Settings) -> Engine:
    from models.db import open_database

    return open_database(settings.database.url)


def _read_pin() -> str:
    """The PIN from standard input (a pipe), or asked without echo at a terminal."""
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        return getpass.getpass("PIN: ")
    return sys.stdin.readline().strip()


def report(settings: Settings, arguments: argparse.Namespace) -> int:
    """Print the figures, or write the per-visit CSV (whole, spreadsheet-safe)."""
    from models import api
    from models.figures import figures
    from models.files import csv_text, write_atomically
    from models.report import COLUMNS, PERSONAL_COLUMNS, figures_text, visit_rows

    personal = arguments.with_personal_data
    if personal and not arguments.staff:
        raise UsageError("--with-personal-data needs --staff CODE (a supervisor).")
    if personal and not arguments.csv:
        raise UsageError("--with-personal-data only goes with --csv PATH.")
    engine = _engine(settings)
    if personal:
        result = api.sign_in(engine, code=arguments.staff, pin=_read_pin())
        if result.staff is None or not result.staff.is_supervisor:
            print(
                f"Not allowed: {result.message if result.staff is None else 'not a supervisor.'}",
                file=sys.stderr,
            )
            return EXIT_FAULT
    if arguments.csv:
        rows = api.read(
            engine,
            visit_rows,
            settings=settings,
            start=arguments.start,
            end=arguments.end,
            with_personal_data=personal,
            by=arguments.staff,
        )
        columns = COLUMNS + (PERSONAL_COLUMNS if personal else ())
        write_atomically(arguments.csv, csv_text(columns, rows))
        print(f"Wrote {len(rows)} visits to {arguments.csv}.")
        return 0
    result_figures = api.read(
        engine, figures, settings=settings, start=arguments.start, end=arguments.end
    )
    print(figures_text(result_figures, settings))
    return 0


def add_staff(settings: Settings, arguments: argparse.Namespace) -> int:
    """Create an account; the PIN comes from standard input (asked twice, unseen, at a terminal)."""
    from models import api
    from models.authority import OPERATOR
    from models.errors import InvalidRequest
    from models.staff import checked_pin

    at_terminal = sys.stdin is not None and sys.stdin.isatty()
    pin = _read_pin()
    if at_terminal and pin != getpass.getpass("PIN again: "):
        # Typed unseen, a slip would lock its owner out: asked twice, as passwd does.
        raise UsageError("add-staff: the two PINs typed differ; nobody was added.")
    try:
        checked_pin(pin)
    except InvalidRequest:
        # A mistake in what was given, like a bad --code; the PIN itself is never echoed.
        raise UsageError(
            "add-staff --pin-stdin: the PIN "
            + ("typed" if at_terminal else "read from standard input")
            + " is not 4 to 8 digits (0-9)."
        ) from None
    created = api.add_staff(
        _engine(settings),
        code=arguments.code,
        name=arguments.name,
        role=arguments.role,
        pin=pin,
        by=OPERATOR,  # whoever runs this on the server can read the database anyway
    )
    print(f"Added {created.role} {created.code} ({created.name}).")
    return 0


def purge(settings: Settings) -> int:
    """Apply the retention rule and say how many visits were erased."""
    from models import api
    from models.retention import purge_personal_data

    erased = api.unit(_engine(settings), purge_personal_data, settings=settings)
    print(f"Erased personal data of {erased} visits older than {settings.retention_days} days.")
    return 0


def init_db(settings: Settings) -> int:
    """Create the configured database (a SQLite file and its folder) and its tables."""
    from models.db import describe_database, open_database

    open_database(settings.database.url, create=True).dispose()
    print(f"The database is ready: {describe_database(settings.database.url)}.")
    return 0


def run(arguments: argparse.Namespace, settings: Settings) -> int:
    """Do what the command line asks."""
    if arguments.command == "report":
        return report(settings, arguments)
    if arguments.command == "add-staff":
        return add_staff(settings, arguments)
    if arguments.command == "purge":
        return purge(settings)
    if arguments.command == "init-db":
        return init_db(settings)
    from staff_console.app import run_console

    return run_console(settings, desk=arguments.desk)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `staff-console` console script."""
    arguments = parse_arguments(argv)
    settings = load_or_exit(arguments.config)
    try:
        return run(arguments, settings)
    except UsageError as wrong:
        print(f"{PROG}: {wrong}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted.", file=sys.stderr)
        return 130
    except Exception as error:
        from models.errors import DomainError
        from models.faults import describe_fault

        if isinstance(error, DomainError):  # refused by the rules: their message says why
            print(str(error), file=sys.stderr)
        else:
            print(describe_fault(error, database_url=settings.database.url), file=sys.stderr)
        return EXIT_FAULT


if __name__ == "__main__":
    sys.exit(main())
