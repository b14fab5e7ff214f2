#!/usr/bin/env python3
"""A loopback STS stand-in that misbehaves on purpose, for the fault tests.

What it gives a test
--------------------
``StsStandin`` listens on 127.0.0.1 (plain HTTP, or HTTPS with a certificate the test
hands in) and answers each connection with the next scripted behaviour, then with
``default`` once the script is used up. Every connection carries one request
(``Connection: close``), so one behaviour is one attempt of the client.

Behaviours (functions of this module):

* ``proxy()``: forwards the request bytes unchanged to ``upstream`` (moto), so moto
  checks the SigV4 signature as if the client had called it, and relays the answer;
* ``throttle()`` (400 ``Throttling``), ``unavailable()`` (503 ``ServiceUnavailable``),
  ``error(code, message, status)``: an STS ``ErrorResponse`` document;
* ``echo(part)``: an ``ErrorResponse`` whose Message repeats the request (or its head or
  body), secrets and all;
* ``garbage()``: bytes that are not HTTP at all, then close;
* ``html(status)``: an HTML page, as a captive portal or a misrouted proxy sends;
* ``junk_body()``: 200 with a body that is not XML;
* ``truncated()``: a Content-Length larger than what is sent, then close;
* ``reset()``: reads the request, then resets the connection (RST);
* ``hang()``: reads the request and never answers; ``silent()`` never even reads (for
  HTTPS: never completes the handshake);
* ``drip(interval, whole)``: a valid-looking answer, one byte every `interval` seconds
  (with `whole`, the status line and headers too).

``requests`` records every request that was read (arrival time on the monotonic
clock, method, path, lower-cased headers, body, the STS Action and form parameters,
and which behaviour answered). ``tls_errors`` records failed handshakes, e.g. a client
that rejected the certificate.

Python use::

    from sts_standin import StsStandin, throttle, proxy
    with StsStandin(upstream=moto.url) as sts:
        sts.script(throttle(), throttle())    # then `default`, which is proxy()
        ... run awsx with AWS_ENDPOINT_URL_STS=sts.url ...
        assert [r.answer for r in sts.requests] == ["throttle", "throttle", "proxy"]

Only the standard library is used. Nothing but 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import dataclasses
import http.client
import socket
import ssl
import struct
import threading
import time
import urllib.parse
from typing import Callable

from loopback import LoopbackServer, read_head

_STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"


@dataclasses.dataclass
class Seen:
    """One request as the stand-in read it."""

    at: float  # time.monotonic() when the request was complete
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: bytes
    action: str
    params: dict[str, str]
    answer: str  # the name of the behaviour that answered


@dataclasses.dataclass
class Behaviour:
    """What to do with one connection; `act` gets the connection and the request (or None)."""

    name: str
    act: Callable[["_Connection", "Seen | None"], None]
    reads_request: bool = True


class _Connection:
    def __init__(self, sock: socket.socket, standin: "StsStandin") -> None:
        self.sock = sock
        self.standin = standin

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def respond(self, status: int, body: bytes, content_type: str = "text/xml",
                extra: list[tuple[str, str]] | None = None) -> None:
        reason = http.client.responses.get(status, "Unknown")
        head = [f"HTTP/1.1 {status} {reason}", f"Content-Type: {content_type}",
                f"Content-Length: {len(body)}", "Connection: close"]
        head += [f"{k}: {v}" for k, v in (extra or [])]
        self.send(("\r\n".join(head) + "\r\n\r\n").encode() + body)


def error_document(code: str, message: str, kind: str = "Sender") -> bytes:
    """An STS ErrorResponse as the real service writes it."""
    return (f'<ErrorResponse xmlns="{_STS_NS}">\n  <Error>\n    <Type>{kind}</Type>\n'
            f"    <Code>{code}</Code>\n    <Message>{message}</Message>\n  </Error>\n"
            f"  <RequestId>0d1f9a2e-standin</RequestId>\n</ErrorResponse>\n").encode()


def proxy() -> Behaviour:
    def act(conn: _Connection, seen: Seen | None) -> None:
        conn.standin._forward(conn, seen)
    return Behaviour("proxy", act)


def error(code: str, message: str, status: int = 403, kind: str = "Sender") -> Behaviour:
    def act(conn: _Connection, _seen: Seen | None) -> None:
        conn.respond(status, error_document(code, message, kind))
    return Behaviour(f"error {code}", act)


def echo(part: str = "request", code: str = "InvalidParameterValue", status: int = 400) -> Behaviour:
    """An ErrorResponse whose Message repeats the request's `part` ("head", "body" or the
    whole "request"), as a careless or hostile endpoint might; the client must not print
    the secrets in it."""
    def act(conn: _Connection, seen: Seen | None) -> None:
        head, _, body = conn.raw_request.partition(b"\r\n\r\n")  # type: ignore[attr-defined]
        raw = {"head": head, "body": body, "request": head + b"\r\n\r\n" + body}[part]
        text = raw.decode("latin-1").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        conn.respond(status, error_document(code, "You sent: " + text))
    return Behaviour(f"echo {part}", act)


def throttle() -> Behaviour:
    b = error("Throttling", "Rate exceeded", 400)
    b.name = "throttle"
    return b


def unavailable() -> Behaviour:
    b = error("ServiceUnavailable", "Service is unavailable", 503, "Receiver")
    b.name = "unavailable"
    return b


HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Hotel WiFi - Please log in</title></head>\n"
             b"<body><h1>Welcome</h1><form>Room number <input name=room></form></body></html>\n")


def html(status: int = 200) -> Behaviour:
    def act(conn: _Connection, _seen: Seen | None) -> None:
        conn.respond(status, HTML_PAGE, "text/html; charset=utf-8")
    return Behaviour(f"html {status}", act)


def junk_body() -> Behaviour:
    def act(conn: _Connection, _seen: Seen | None) -> None:
        conn.respond(200, b'{"not": "xml"}\x00\xff\xfe', "application/octet-stream")
    return Behaviour("junk body", act)


def garbage() -> Behaviour:
    def act(conn: _Connection, _seen: Seen | None) -> None:
        conn.send(b"SSH-2.0-OpenSSH_9.6\r\n\x00\x01\x02 this is not HTTP\r\n\r\n")
    return Behaviour("garbage", act)


def truncated() -> Behaviour:
    def act(conn: _Connection, seen: Seen | None) -> None:
        body = (f'<AssumeRoleResponse xmlns="{_STS_NS}"><AssumeRoleResult><Credentials>'
                "<AccessKeyId>ASIATRUNCATED</AccessKeyId>").encode()
        head = ("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 4096\r\n"
                "Connection: close\r\n\r\n").encode()
        conn.send(head + body)
    return Behaviour("truncated", act)


def _abort(sock: socket.socket) -> None:
    # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def reset() -> Behaviour:
    def act(conn: _Connection, _seen: Seen | None) -> None:
        _abort(conn.sock)
    return Behaviour("reset", act)


def hang(seconds: float = 120.0) -> Behaviour:
    def act(conn: _Connection, _seen: Seen | None) -> None:
        conn.standin.stopping.wait(seconds)
    return Behaviour("hang", act)


def silent(seconds: float = 120.0) -> Behaviour:
    b = hang(seconds)
    return Behaviour("silent", b.act, reads_request=False)


def drip(interval: float = 0.5, whole: bool = False) -> Behaviour:
    """Answers one byte every `interval` seconds: the body only, or with `whole` the status
    line and headers too."""
    def act(conn: _Connection, _seen: Seen | None) -> None:
        body = error_document("Throttling", "x" * 200, "Sender")
        head = f"HTTP/1.1 400 Bad Request\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        data = head + body
        if not whole:
            conn.send(head)
            data = body
        for i in range(len(data)):
            if conn.standin.stopping.wait(interval):
                return
            conn.send(data[i:i + 1])
    return Behaviour("drip" + (" whole" if whole else ""), act)


class StsStandin(LoopbackServer):
    """An STS look-alike on 127.0.0.1 with scripted answers; see the module docstring."""

    def __init__(self, upstream: str | None = None, *, certfile: str | None = None,
                 keyfile: str | None = None) -> None:
        super().__init__()
        self.upstream = upstream
        self.default: Behaviour = proxy() if upstream else error("InternalFailure", "no script", 500)
        self.requests: list[Seen] = []
        self.tls_errors: list[str] = []
        self.connections = 0
        self._script: list[Behaviour] = []
        self._lock = threading.Lock()
        self._tls: ssl.SSLContext | None = None
        if certfile:
            self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._tls.load_cert_chain(certfile, keyfile)
            self.scheme = "https"

    # ---- test controls --------------------------------------------------
    def script(self, *behaviours: Behaviour) -> None:
        """Answers the next connections with `behaviours`, in order, then with `default`."""
        with self._lock:
            self._script.extend(behaviours)

    def reset_recording(self) -> None:
        with self._lock:
            self.requests.clear()
            self.tls_errors.clear()
            self._script.clear()
            self.connections = 0

    def actions(self) -> list[str]:
        with self._lock:
            return [r.action for r in self.requests]

    # ---- serving --------------------------------------------------------
    def _next(self) -> Behaviour:
        with self._lock:
            self.connections += 1
            return self._script.pop(0) if self._script else self.default

    def serve(self, sock: socket.socket) -> None:
        behaviour = self._next()
        try:
            if self._tls is not None:
                if not behaviour.reads_request:
                    behaviour.act(_Connection(sock, self), None)
                    return
                sock.settimeout(10)
                try:
                    sock = self._tls.wrap_socket(sock, server_side=True)
                except (ssl.SSLError, OSError) as exc:
                    with self._lock:
                        self.tls_errors.append(str(exc))
                    return
                sock.settimeout(None)
            conn = _Connection(sock, self)
            if not behaviour.reads_request:
                behaviour.act(conn, None)
                return
            head = read_head(sock)
            if head is None:
                return
            body = head.read_body(sock)
            params = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode("latin-1")).items()}
            seen = Seen(time.monotonic(), head.method, head.target, head.headers, body,
                        params.get("Action", ""), params, behaviour.name)
            with self._lock:
                self.requests.append(seen)
            conn.raw_request = head.raw + b"\r\n\r\n" + body  # type: ignore[attr-defined]
            behaviour.act(conn, seen)
        finally:
            try:
                sock.close()
            except OSError:
                pass

    def _forward(self, conn: _Connection, seen: Seen | None) -> None:
        if not self.upstream or seen is None:
            conn.respond(500, error_document("InternalFailure", "no upstream to proxy to", "Receiver"))
            return
        up = urllib.parse.urlsplit(self.upstream)
        if up.hostname != "127.0.0.1":
            raise ValueError("sts_standin: only a loopback upstream is allowed")
        with socket.create_connection((up.hostname, up.port or 80), timeout=30) as upstream:
            upstream.sendall(conn.raw_request)  # type: ignore[attr-defined]
            response = http.client.HTTPResponse(upstream)
            response.begin()
            body = response.read()
            extra = [(k, v) for k, v in response.getheaders()
                     if k.lower() not in ("content-length", "content-type", "connection",
                                          "transfer-encoding")]
            conn.respond(response.status, body, response.getheader("Content-Type", "text/xml"),
                         extra)
