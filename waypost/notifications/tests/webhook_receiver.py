"""A real HTTP server on 127.0.0.1 that receives webhooks in a thread and records each request.

``receiver.answer(500, 200)`` queues the status codes of the next answers (then 200 for good);
``receiver.wait_for(n)`` blocks until n requests arrived, on a threading.Event with a timeout
that is only a safety net.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SAFETY_NET_SECONDS = 10


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._answers: list[int] = []
        self._lock = threading.Lock()
        self._arrived = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/hooks/waypost"

    def answer(self, *codes: int) -> None:
        with self._lock:
            self._answers.extend(codes)

    def wait_for(self, count: int) -> list[Received]:
        while True:
            with self._lock:
                if len(self.requests) >= count:
                    return list(self.requests)
            if not self._arrived.wait(SAFETY_NET_SECONDS):
                raise AssertionError(f"expected {count} requests, received {len(self.requests)}")
            self._arrived.clear()

    def _next_code(self) -> int:
        with self._lock:
            return self._answers.pop(0) if self._answers else 200

    def _record(self, received: Received) -> None:
        with self._lock:
            self.requests.append(received)
        self._arrived.set()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                code = receiver._next_code()
                receiver._record(
                    Received(
                        "POST", self.path, {key.lower(): value for key, value in self.headers.items()}, body
                    )
                )
                self.send_response(code)
                if 300 <= code < 400:
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                answer = b"ok" if code < 300 else b"not now"
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet

        return Handler

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(SAFETY_NET_SECONDS)


def running_receiver() -> Iterator[Receiver]:
    """For a fixture: ``yield from running_receiver()`` serves until the test ends."""
    running = Receiver()
    running.start()
    try:
        yield running
    finally:
        running.stop()


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens (the connection is refused at once)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks"
