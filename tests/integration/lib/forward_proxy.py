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
import threading

from loopback import LoopbackServer, read_head

_LOOPBACK = {"127.0.0.1", "localhost"}


@dataclasses.dataclass
class ProxySeen:
    method: str
    target: str
    headers: dict[str, str]
    status: int = 0


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


class ForwardProxy(LoopbackServer):
    """An HTTP forward proxy on 127.0.0.1; see the module docstring."""

    def __init__(self, username: str | None = None, password: str | None = None,
                 refuse: bool = False) -> None:
        super().__init__()
        self.username = username
        self.password = password
        self.refuse = refuse
        self.seen: list[ProxySeen] = []
        self._lock = threading.Lock()

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

    def serve(self, client: socket.socket) -> None:
        head = read_head(client)
        if head is None:
            return
        method, target, headers, rest = head.method, head.target, head.headers, head.rest
        kept = [line for line in head.lines[1:] if not line.lower().startswith("proxy-")]
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
        body = head.read_body(client)
        request = "\r\n".join([f"{method} /{path} HTTP/1.1", *kept]).encode() + b"\r\n\r\n" + body
        with socket.create_connection(("127.0.0.1", int(port)), timeout=30) as upstream:
            upstream.sendall(request)
            seen.status = 200
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                client.sendall(data)
