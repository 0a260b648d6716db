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
from typing import NoReturn

EXIT_USAGE = 2
"""A mistake on the command line, or a port that cannot be served on."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a mistake is one line on stderr (no usage block) and exit 2."""

    def error(self, message: str) -> NoReturn:
        """Say what is wrong in one line."""
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see --help)\n")


def port_number(text: str) -> int:
    """A TCP port, 1 to 65535 (argparse names the option when this raises)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1 to 65535)")
    return port


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = OneLineParser(prog="waiting-board", description="frontdesk waiting-room board")
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
    parser.add_argument("--port", type=port_number, default=8000, help="port to serve on (--serve)")
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


def cannot_listen(host: str, port: int) -> str:
    """Why `host:port` cannot be listened on ("Address already in use"), or "" if it can.

    Bound and let go at once, as the server will bind it (SO_REUSEADDR, like aiohttp).
    """
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        return error.strerror or type(error).__name__
    return ""


def serve(arguments: argparse.Namespace, board: str) -> int:
    """Serve the board with textual-serve: each browser gets its own board process.

    Each board is told this server's pid and ends when the server goes away, even when
    the server is killed hard (`display.served`). textual-serve runs the command through
    a shell: `exec` makes the board the server's own child, not the shell's.
    """
    import tempfile

    problem = cannot_listen(arguments.host, arguments.port)
    if problem:
        # Before textual-serve prints "Serving … on" for a port it will not get.
        print(
            f"waiting-board: cannot serve on {arguments.host} port {arguments.port}: {problem}.",
            file=sys.stderr,
        )
        return EXIT_USAGE

    from textual_serve.server import Server

    from display.served import page_templates

    command = [sys.executable, "-m", "display", "--board", board, "--served-by", str(os.getpid())]
    if arguments.config:
        command += ["--config", os.path.abspath(arguments.config)]
    with tempfile.TemporaryDirectory(prefix="frontdesk-board-") as folder:
        try:
            Server(
                "exec " + shlex.join(command),
                host=arguments.host,
                port=arguments.port,
                title="frontdesk waiting-room board",
                templates_path=page_templates(Path(folder)),
            ).serve()
        except OSError as error:
            # A port in use or not ours to take, an address this machine does not have:
            # said in one sentence, as any other mistake on the command line.
            reason = (error.strerror or str(error)).rstrip(".")
            where = f"{arguments.host} port {arguments.port}"
            print(f"waiting-board: cannot serve on {where}: {reason}.", file=sys.stderr)
            return EXIT_USAGE
    return 0


if __name__ == "__main__":
    sys.exit(main())
