"""A served board and its server: the board ends with the server; the page comes back.

**The page starts again by itself.** When a board's session ends (the board restarted
after an unexpected error, which closes its session; the server was restarted),
textual-serve's page shows "Session ended" and a Restart button, and a TV in a waiting
room has nobody to press it. `page_templates` serves textual-serve's own page with a
few lines added that wait until the server answers and then load the page again.

**A board ends with its server.**
textual-serve starts one board process per browser connection and stops it when the
connection closes. If the server itself is killed hard (SIGKILL, an out-of-memory kill,
a crash) nobody stops its boards: they would run on for ever, each holding its database
connections, with no screen. So a served board watches its server and ends itself.

How it notices, and why this way:

- **Its parent changes.** The server starts the board through `exec` (see
  `display.__main__.serve`), so the board's parent is the server itself; when the
  server dies the kernel hands the board to init (or a subreaper) and `os.getppid()`
  changes. That is POSIX, needs no cooperation from the server, and cannot be fooled by
  the server's pid being reused, because a reparented process never gets its old
  parent back.
- **The server's pid is gone**, as a second check for a shell that did not `exec` (the
  parent would then be that shell, which may outlive the server).

Not chosen: Linux's PR_SET_PDEATHSIG fires when the *thread* that forked the child
ends, not the process (a server forking from a worker thread would end its boards
whenever that thread ended), and only for the direct parent; reading stdin to its end
is not possible here, because Textual's web driver owns stdin. A check four times a
second costs next to nothing.

When the server is gone the board exits at once (`os._exit`), without closing the app:
its screen went with the server (its output is a pipe to it, and every write now fails),
so there is nothing left to close gracefully, and a graceful exit can be overtaken by the
launcher starting a new board after the broken pipe. The log is written line by line;
the database connections end with the process.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

log = logging.getLogger("frontdesk.board")

RELOAD_SCRIPT = """
<script>
  // frontdesk: on a TV nobody presses "Restart". When the session ends, wait until
  // the server answers, then load the page again (a new board).
  new MutationObserver((_, observer) => {
    if (!document.body.classList.contains("-closed")) return;
    observer.disconnect();
    (async () => {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 3000));
        try {
          await fetch(window.location.href, { method: "HEAD", cache: "no-store" });
          break;
        } catch (error) {}
      }
      window.location.reload();
    })();
  }).observe(document.body, { attributes: true, attributeFilter: ["class"] });
</script>
"""
"""Added to textual-serve's page before `</body>`."""
CHECK_SECONDS = 0.25
"""How often the board looks for its server."""


def page_templates(folder: Path) -> Path:
    """A templates folder for textual-serve: its own page, which starts again by itself.

    The page is read from the installed textual-serve, so it stays the one that matches
    the server's code; only `RELOAD_SCRIPT` is added. Should the page ever lack a
    `</body>`, textual-serve's own folder is used unchanged.
    """
    from textual_serve import server

    own = Path(server.__file__).parent / "templates"
    page = (own / "app_index.html").read_text(encoding="utf-8")
    if "</body>" not in page:
        log.warning("textual-serve's page has no </body>: served without reloading")
        return own
    (folder / "app_index.html").write_text(
        page.replace("</body>", RELOAD_SCRIPT + "</body>", 1), encoding="utf-8"
    )
    return folder


def process_alive(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie, killed but not yet reaped, is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    stat = Path(f"/proc/{pid}/stat")
    try:
        # The state follows the command's closing parenthesis: "Z" is a zombie.
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True  # no /proc (not Linux): kill(pid, 0) is the best there is


def server_present(server_pid: int, parent: int) -> bool:
    """The server that started this board is still there."""
    return os.getppid() == parent and process_alive(server_pid)


def end_with_server(server_pid: int) -> bool:
    """Watch the server from a daemon thread; end this process when it goes away.

    Returns False when the server is already gone (the board should not start at all).
    """
    parent = os.getppid()
    if not server_present(server_pid, parent):
        return False

    def watch() -> None:
        while server_present(server_pid, parent):
            time.sleep(CHECK_SECONDS)
        log.info("the server (pid %d) went away: this served board ends", server_pid)
        os._exit(0)

    threading.Thread(target=watch, name="server-watch", daemon=True).start()
    return True
