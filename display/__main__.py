"""`waiting-board` and `python -m display`: the waiting-room board.

waiting-board [--config PATH] [--board NAME]            full-screen in this terminal
waiting-board --serve [--host H] [--port P] [...]       in a web browser (textual-serve)
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="waiting-board", description="frontdesk waiting-room board"
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="TOML configuration (default: $FRONTDESK_CONFIG, else built-in)",
    )
    parser.add_argument(
        "--board", metavar="NAME", help="which [[boards]] entry to show (default: the first)"
    )
    parser.add_argument(
        "--serve", action="store_true", help="serve the board to web browsers instead"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on (--serve)")
    parser.add_argument("--port", type=int, default=8000, help="port to serve on (--serve)")
    # Given by --serve to each board it starts: the board ends when that server is gone.
    parser.add_argument("--served-by", type=int, metavar="PID", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `waiting-board` console script."""
    arguments = parse_arguments(argv)
    from config import load_or_exit

    settings = load_or_exit(arguments.config)
    try:
        board = settings.board(arguments.board)
    except KeyError:
        names = ", ".join(b.name for b in settings.boards) or "none configured"
        print(f"waiting-board: no board named {arguments.board!r} ({names})", file=sys.stderr)
        return 2
    if arguments.serve:
        return serve(arguments, board.name)
    if arguments.served_by is not None:
        from display.served import end_with_server

        if not end_with_server(arguments.served_by):
            return 0  # the server went away before this board started: nobody to show
    from display.app import run_board

    os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)
    if "web_driver" not in os.environ.get("TEXTUAL_DRIVER", ""):
        # Stale COLUMNS/LINES would win over the real terminal's size: fill the screen.
        # (Served to a browser, they are the browser's size: keep them.)
        os.environ.pop("COLUMNS", None)
        os.environ.pop("LINES", None)
    return run_board(settings, board)


def serve(arguments: argparse.Namespace, board: str) -> int:
    """Serve the board with textual-serve: each browser gets its own board process.

    Each board is told this server's pid and ends when the server goes away, even when
    the server is killed hard (`display.served`). textual-serve runs the command through
    a shell: `exec` makes the board the server's own child, not the shell's.
    """
    import tempfile

    from textual_serve.server import Server

    from display.served import page_templates

    command = [sys.executable, "-m", "display", "--board", board, "--served-by", str(os.getpid())]
    if arguments.config:
        command += ["--config", os.path.abspath(arguments.config)]
    with tempfile.TemporaryDirectory(prefix="frontdesk-board-") as folder:
        Server(
            "exec " + shlex.join(command),
            host=arguments.host,
            port=arguments.port,
            title="frontdesk waiting-room board",
            templates_path=page_templates(Path(folder)),
        ).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
