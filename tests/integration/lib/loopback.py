"""What the loopback peers of the tests share: a threaded TCP server on 127.0.0.1 that
hands each connection to `serve()` and stops quickly, and a port nothing listens on.

Only the standard library is used.
"""

from __future__ import annotations

import socket
import socketserver
import threading


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RequestHead:
    """The start of an HTTP request as read off a socket."""

    def __init__(self, raw: bytes, rest: bytes) -> None:
        self.raw = raw    # request line and headers, up to and without the blank line
        self.rest = rest  # what arrived after the blank line: the start of the body
        self.lines = raw.decode("latin-1").split("\r\n")
        self.method, self.target, _ = (self.lines[0].split(" ", 2) + ["", ""])[:3]
        self.headers: dict[str, str] = {}  # names lower-cased
        for line in self.lines[1:]:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()

    def read_body(self, sock: socket.socket) -> bytes:
        """The body, Content-Length bytes of it (fewer if the client stops sending)."""
        body = self.rest
        length = int(self.headers.get("content-length") or 0)
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        return body


def read_head(sock: socket.socket) -> RequestHead | None:
    """Reads a request's line and headers; None when the client closes first or sends
    more than 1 MiB without a blank line."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk or len(data) > 1 << 20:
            return None
        data += chunk
    raw, _, rest = data.partition(b"\r\n\r\n")
    return RequestHead(raw, rest)


class LoopbackServer:
    """Calls `serve(sock)` for every connection to 127.0.0.1:<free port>, each in a thread;
    `url` is `scheme`://127.0.0.1:`port`. A context manager: stops on exit."""

    scheme = "http"

    def __init__(self) -> None:
        self.stopping = threading.Event()  # set by stop(), for peers that wait
        self._server: socketserver.ThreadingTCPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.url = ""

    def serve(self, sock: socket.socket) -> None:
        raise NotImplementedError

    def start(self) -> "LoopbackServer":
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                try:
                    owner.serve(self.request)
                except OSError:
                    pass  # the client went away

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = int(self._server.server_address[1])
        self.url = f"{self.scheme}://127.0.0.1:{self.port}"
        # A short poll interval: stop() waits for it, once per test.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name=type(self).__name__, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self):  # noqa: ANN204 - returns the subclass
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
