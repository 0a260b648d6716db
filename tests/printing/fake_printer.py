"""A TCP server on 127.0.0.1 standing in for a network receipt printer (port 9100).

It answers DLE EOT 1 (printer status), 2 (offline cause) and 4 (paper sensor) as an
Epson does, keeps every other byte it receives, and can be switched between modes while
running: "ok", "paper_low", "paper_out", "offline" (answers with the offline bit and an
error cause), "cover_open", "silent" (accepts connections, never reads, never answers:
a hung printer), "stall_after_status" (answers status, then stops reading as soon as
ticket bytes arrive: a jammed printer whose buffer is full) and "not_a_printer" (a web
server on the port: answers anything with an HTTP error and hangs up).
"""

from __future__ import annotations

import re
import socket
import threading
from types import TracebackType

STATUS_QUERY = re.compile(rb"\x10\x04([\x01-\x04])")
ANSWERS = {
    # mode: (DLE EOT 1 reply, DLE EOT 4 reply, DLE EOT 2 reply)
    "ok": (0x12, 0x12, 0x12),
    "paper_low": (0x12, 0x1E, 0x12),
    "paper_out": (0x1A, 0x72, 0x32),
    "offline": (0x1A, 0x12, 0x52),
    "cover_open": (0x1A, 0x12, 0x16),
    "stall_after_status": (0x12, 0x12, 0x12),
}
NOT_A_PRINTER_REPLY = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"


class FakeNetworkPrinter:
    """A printer you can point `printer.host`/`printer.port` at."""

    def __init__(self, mode: str = "ok") -> None:
        self.mode = mode
        self.received = bytearray()
        self.connections = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port: int = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._lock = threading.Lock()

    def __enter__(self) -> FakeNetworkPrinter:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for held in self._held:
            held.close()
        self._server.close()

    @property
    def tickets(self) -> bytes:
        """Everything received except the status queries."""
        with self._lock:
            return STATUS_QUERY.sub(b"", bytes(self.received))

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            if self.mode == "silent":
                self._held.append(client)  # never read, never answer
                continue
            threading.Thread(target=self._talk, args=(client,), daemon=True).start()

    def _talk(self, client: socket.socket) -> None:
        client.settimeout(0.2)
        with client:
            while not self._stop.is_set():
                try:
                    chunk = client.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                with self._lock:
                    self.received += chunk
                if self.mode == "not_a_printer":
                    client.sendall(NOT_A_PRINTER_REPLY)
                    return
                for match in STATUS_QUERY.finditer(chunk):
                    online, paper, cause = ANSWERS[self.mode]
                    reply = {b"\x01": online, b"\x02": cause}.get(match.group(1), paper)
                    client.sendall(bytes([reply]))
                if self.mode == "stall_after_status" and STATUS_QUERY.sub(b"", chunk):
                    self._stop.wait()  # never read again while the connection lasts
                    return
