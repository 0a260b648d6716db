"""`kiosk` and `python -m kiosk`: start the check-in kiosk, or test the printer.

kiosk [--config PATH]               run the kiosk full-screen
kiosk --test-print [--config PATH]  print a sample ticket, report the printer's state

A wrong command line or configuration is one line on stderr and exit 2; a fault the
kiosk cannot carry on from is one sentence and exit 1 (test print) or 70 (the kiosk),
never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import sys
from typing import NoReturn

EXIT_SOFTWARE = 70
"""The kiosk stopped on an error it could not carry on from (systemd restarts it)."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a mistake is one line on stderr (no usage block) and exit 2."""

    def error(self, message: str) -> NoReturn:
        """Say what is wrong in one line."""
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _fault(error: BaseException, database_url: str | None) -> str:
    # Imported only on the way out: the database libraries are not loaded before Welcome.
    from models.faults import describe_fault

    return describe_fault(error, database_url=database_url)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = OneLineParser(prog="kiosk", description="frontdesk check-in kiosk")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="TOML configuration (default: $FRONTDESK_CONFIG, else built-in)",
    )
    parser.add_argument(
        "--test-print",
        action="store_true",
        help="print a sample ticket and report the printer's state, then exit",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `kiosk` console script."""
    arguments = parse_arguments(argv)
    if not arguments.test_print:
        # Starting makes about 80,000 objects that live as long as the kiosk (modules,
        # styles, widgets); collecting garbage among them again and again costs about
        # 25 ms before Welcome is painted (bench/kiosk.py). The app switches collection
        # back on once Welcome is on the screen.
        gc.disable()
    from config import load_or_exit

    settings = load_or_exit(arguments.config)
    if arguments.test_print:
        try:
            from printing.testprint import run_test_print

            result = run_test_print(settings)
        except KeyboardInterrupt:
            print("kiosk: interrupted.", file=sys.stderr)
            return 130
        except Exception as error:
            print(f"Not printed: {_fault(error, settings.database.url)}", file=sys.stderr)
            return 1
        print(result.message, file=sys.stdout if result.printed else sys.stderr)
        return 0 if result.printed else 1
    try:
        from kiosk.app import run_kiosk

        return run_kiosk(settings)
    except Exception as error:
        print(f"kiosk stopped: {_fault(error, settings.database.url)}", file=sys.stderr)
        return EXIT_SOFTWARE


if __name__ == "__main__":
    sys.exit(main())
