"""`staff-console` and `python -m staff_console`.

staff-console [--config PATH] [--desk NAME]            run the console
staff-console report --from DATE --to DATE [--csv PATH] [--with-personal-data --staff CODE]
staff-console add-staff --code CODE --name NAME --role receptionist|supervisor --pin-stdin
staff-console purge                                    erase personal data past retention
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import getpass
import sys

from config import Settings, load_or_exit


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="staff-console", description="frontdesk reception staff console"
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="TOML configuration (default: $FRONTDESK_CONFIG, else built-in)",
    )
    parser.add_argument("--desk", default="Desk 1", help="this terminal's desk name")
    commands = parser.add_subparsers(dest="command")
    report = commands.add_parser("report", help="figures for a date range, or a CSV per visit")
    report.add_argument("--from", dest="start", required=True, type=dt.date.fromisoformat)
    report.add_argument("--to", dest="end", required=True, type=dt.date.fromisoformat)
    report.add_argument("--csv", metavar="PATH", help="write one row per visit to PATH")
    report.add_argument(
        "--with-personal-data",
        action="store_true",
        help="include names, needs and notes (a supervisor's code and PIN)",
    )
    report.add_argument("--staff", metavar="CODE", help="supervisor's code, with the PIN asked")
    add = commands.add_parser("add-staff", help="create a staff account")
    add.add_argument("--code", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=("receptionist", "supervisor"), default="receptionist")
    add.add_argument(
        "--pin-stdin",
        action="store_true",
        required=True,
        help="read the PIN from standard input (never from the command line)",
    )
    commands.add_parser("purge", help="erase names, needs and notes past the retention days")
    return parser.parse_args(argv)


def _engine(settings: Settings):
    from models.db import make_engine, upgrade

    engine = make_engine(settings.database.url)
    upgrade(engine)
    return engine


def report(settings: Settings, arguments: argparse.Namespace) -> int:
    """Print the figures, or write the per-visit CSV."""
    from models import api
    from models.figures import figures
    from models.report import COLUMNS, PERSONAL_COLUMNS, figures_text, visit_rows

    engine = _engine(settings)
    personal = arguments.with_personal_data
    if personal:
        if not arguments.staff:
            print("--with-personal-data needs --staff CODE (a supervisor).", file=sys.stderr)
            return 2
        pin = sys.stdin.readline().strip() if not sys.stdin.isatty() else getpass.getpass("PIN: ")
        result = api.sign_in(engine, code=arguments.staff, pin=pin)
        if result.staff is None or not result.staff.is_supervisor:
            print(
                f"Not allowed: {result.message if result.staff is None else 'not a supervisor'}",
                file=sys.stderr,
            )
            return 1
    if arguments.csv:
        rows = api.unit(
            engine,
            visit_rows,
            settings=settings,
            start=arguments.start,
            end=arguments.end,
            with_personal_data=personal,
            by=arguments.staff,
        )
        columns = COLUMNS + (PERSONAL_COLUMNS if personal else ())
        with open(arguments.csv, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        print(f"Wrote {len(rows)} visits to {arguments.csv}.")
        return 0
    result_figures = api.unit(
        engine, figures, settings=settings, start=arguments.start, end=arguments.end
    )
    print(figures_text(result_figures, settings))
    return 0


def add_staff(settings: Settings, arguments: argparse.Namespace) -> int:
    """Create an account; the PIN comes from standard input."""
    from models import api, staff
    from models.authority import OPERATOR
    from models.enums import StaffRole
    from models.errors import InvalidRequest

    pin = sys.stdin.readline().strip()
    try:
        created = api.unit(
            _engine(settings),
            staff.add_staff,
            code=arguments.code,
            name=arguments.name,
            role=StaffRole(arguments.role),
            pin=pin,
            by=OPERATOR,  # whoever runs this on the server can read the database anyway
        )
    except InvalidRequest as refused:
        print(str(refused), file=sys.stderr)
        return 1
    print(f"Added {created.role} {created.code} ({created.name}).")
    return 0


def purge(settings: Settings) -> int:
    """Apply the retention rule and say how many visits were erased."""
    from models import api
    from models.retention import purge_personal_data

    erased = api.unit(_engine(settings), purge_personal_data, settings=settings)
    print(f"Erased personal data of {erased} visits older than {settings.retention_days} days.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `staff-console` console script."""
    arguments = parse_arguments(argv)
    settings = load_or_exit(arguments.config)
    if arguments.command == "report":
        return report(settings, arguments)
    if arguments.command == "add-staff":
        return add_staff(settings, arguments)
    if arguments.command == "purge":
        return purge(settings)
    from staff_console.app import make_console_app

    return make_console_app(settings, desk=arguments.desk).run() or 0


if __name__ == "__main__":
    sys.exit(main())
