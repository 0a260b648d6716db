"""`kiosk` and `python -m kiosk`: start the check-in kiosk, or test the printer.

kiosk [--config PATH]               run the kiosk full-screen
kiosk --test-print [--config PATH]  print a sample ticket, report the printer's state
"""

from __future__ import annotations

import argparse
import gc
import sys


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="kiosk", description="frontdesk check-in kiosk")
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
        from printing.testprint import run_test_print

        result = run_test_print(settings)
        print(result.message, file=sys.stdout if result.printed else sys.stderr)
        return 0 if result.printed else 1
    from kiosk.app import run_kiosk

    return run_kiosk(settings)


if __name__ == "__main__":
    sys.exit(main())
