#!/usr/bin/env python3
"""A loopback forward proxy that records what it was asked, for the proxy tests.

``ForwardProxy`` listens on 127.0.0.1 and handles the two ways a client uses a proxy:

* ``CONNECT host:port`` (https through a proxy): answers 200 and then pipes bytes
  both ways, so TLS runs end to end between the client and the server;
* an absolute-URI request such as ``POST http://127.0.0.1:5000/ HTTP/1.1`` (plain
  http through a proxy): sends it on in origin form without the ``Proxy-*`` headers
  and relays the answer.

With ``username``/``password`` it demands ``Proxy-Authorization: Basic ...`` and answers
407 otherwise; with ``refuse=True`` it answers 403 to everything. It only ever connects
to 127.0.0.1 or localhost: any other target gets 502 and is recorded, never contacted.

``seen`` records every request: method, target, lower-cased headers, and the status
the proxy answered with.

Only the standard library is used.
"""

from __future__ import annotations

import base64
import dataclasses
import select
import socket
import socketserver
import threading

_LOOPBACK = {"127.0.0.1", "localhost"}


@dataclasses.dataclass
class ProxySeen:
    method: str
    target: str
    headers: dict[str, str]
    status: int = 0


def _read_head(sock: socket.socket) -> tuple[bytes, bytes] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def _pipe(a: socket.socket, b: socket.socket) -> None:
    socks = [a, b]
    while True:
        readable, _, _ = select.select(socks, [], [], 60)
        if not readable:
            return
        for s in readable:
            data = s.recv(65536)
            if not data:
                return
            (b if s is a else a).sendall(data)


class ForwardProxy:
    """An HTTP forward proxy on 127.0.0.1; see the module docstring."""

    def __init__(self, username: str | None = None, password: str | None = None,
                 refuse: bool = False) -> None:
        self.username = username
        self.password = password
        self.refuse = refuse
        self.seen: list[ProxySeen] = []
        self._lock = threading.Lock()
        self._server: socketserver.ThreadingTCPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.url = ""

    def start(self) -> "ForwardProxy":
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                try:
                    proxy._serve(self.request)
                except OSError:
                    pass

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        # A short poll interval: stop() waits for it, once per test.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name="forward-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "ForwardProxy":
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def expected_authorization(self) -> str | None:
        if self.username is None:
            return None
        raw = f"{self.username}:{self.password or ''}".encode()
        return "Basic " + base64.b64encode(raw).decode()

    # ---- serving --------------------------------------------------------
    def _answer(self, sock: socket.socket, seen: ProxySeen, status: int, reason: str,
                extra: str = "") -> None:
        seen.status = status
        body = f"{status} {reason}\n".encode()
        sock.sendall(f"HTTP/1.1 {status} {reason}\r\nContent-Length: {len(body)}\r\n"
                     f"Connection: close\r\n{extra}\r\n".encode() + body)

    def _serve(self, client: socket.socket) -> None:
        got = _read_head(client)
        if got is None:
            return
        head, rest = got
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = (lines[0].split(" ", 2) + ["", ""])[:3]
        headers: dict[str, str] = {}
        kept: list[str] = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
            if not name.strip().lower().startswith("proxy-"):
                kept.append(line)
        seen = ProxySeen(method, target, headers)
        with self._lock:
            self.seen.append(seen)
        if self.refuse:
            self._answer(client, seen, 403, "Forbidden")
            return
        wanted = self.expected_authorization()
        if wanted is not None and headers.get("proxy-authorization") != wanted:
            self._answer(client, seen, 407, "Proxy Authentication Required",
                         'Proxy-Authenticate: Basic realm="awsx-test"\r\n')
            return
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            if host not in _LOOPBACK or not port.isdigit():
                self._answer(client, seen, 502, "Bad Gateway")
                return
            with socket.create_connection(("127.0.0.1", int(port)), timeout=30) as upstream:
                seen.status = 200
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                if rest:
                    upstream.sendall(rest)
                _pipe(client, upstream)
            return
        if not target.startswith("http://"):
            self._answer(client, seen, 400, "Bad Request")
            return
        authority, _, path = target[len("http://"):].partition("/")
        host, _, port = authority.rpartition(":") if ":" in authority else (authority, "", "80")
        if host not in _LOOPBACK or not port.isdigit():
            self._answer(client, seen, 502, "Bad Gateway")
            return
        length = int(headers.get("content-length") or 0)
        while len(rest) < length:
            chunk = client.recv(65536)
            if not chunk:
                break
            rest += chunk
        request = "\r\n".join([f"{method} /{path} HTTP/1.1", *kept]).encode() + b"\r\n\r\n" + rest
        with socket.create_connection(("127.0.0.1", int(port)), timeout=30) as upstream:
            upstream.sendall(request)
            seen.status = 200
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                client.sendall(data)
