#!/usr/bin/env python3
"""A loopback stand-in for AWS CloudShell's container credential endpoint.

CloudShell (like ECS and EKS Pod Identity) sets ``AWS_CONTAINER_CREDENTIALS_FULL_URI``
and ``AWS_CONTAINER_AUTHORIZATION_TOKEN``; a GET to that URL with the token in the
``Authorization`` header answers::

    {"Type":"","AccessKeyId":"ASIA...","SecretAccessKey":"...","Token":"...",
     "Expiration":"2026-11-22T10:40:50Z","Code":"Success","LastUpdated":"..."}

The stub answers that way only when the header equals the token; a missing header gets
401 and a wrong one 403, each with a JSON ``message``. Times are whole seconds with a
``Z``, as the real endpoints write them.

Python use::

    from motofixture import MotoSts
    from cloudshell_stub import CloudShellStub, moto_session_credentials
    with MotoSts() as moto, CloudShellStub(moto_session_credentials(moto), "tok") as stub:
        env = {"AWS_CONTAINER_CREDENTIALS_FULL_URI": stub.url,
               "AWS_CONTAINER_AUTHORIZATION_TOKEN": "tok"}
        ...
        assert stub.requests == [("/", "tok")]

``credentials`` is a dict in boto3's shape (``AccessKeyId``, ``SecretAccessKey``,
``SessionToken`` or ``Token``, ``Expiration`` as a datetime or string), or a callable
returning one, called on every authorised request.

Shell use (prints the two variables, then serves fixed fake credentials until killed)::

    python3 cloudshell_stub.py [--token TOKEN]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hmac
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Union

Credentials = dict[str, Any]
CredentialSource = Union[Credentials, Callable[[], Credentials]]


def format_time(value: _dt.datetime | str) -> str:
    """`value` as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC, the container endpoints' format."""
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    return value.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def response_document(creds: Credentials) -> dict[str, str]:
    """The JSON body CloudShell sends for `creds` (boto3-shaped)."""
    now = _dt.datetime.now(_dt.timezone.utc)
    expiration = creds.get("Expiration") or now + _dt.timedelta(hours=1)
    return {
        "Type": "",
        "AccessKeyId": creds["AccessKeyId"],
        "SecretAccessKey": creds["SecretAccessKey"],
        "Token": creds.get("SessionToken") or creds.get("Token") or "",
        "Expiration": format_time(expiration),
        "Code": "Success",
        "LastUpdated": format_time(now),
    }


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        stub = self.server.stub
        auth = self.headers.get("Authorization")
        stub._record(self.path, auth)
        if auth is None:
            self._send(401, {"message": "Missing Authorization header"})
        elif not hmac.compare_digest(auth.encode(), stub.token.encode()):
            self._send(403, {"message": "Authorization token is invalid"})
        else:
            try:
                self._send(200, response_document(stub.current_credentials()))
            except Exception as exc:  # noqa: BLE001 - a broken provider is a 500, not a hang
                self._send(500, {"message": f"credential provider failed: {type(exc).__name__}"})

    def _refuse_method(self) -> None:
        self.server.stub._record(self.path, self.headers.get("Authorization"))
        self._send(405, {"message": f"method {self.command} not allowed"})

    do_POST = do_PUT = do_DELETE = do_HEAD = _refuse_method  # noqa: N815

    def _send(self, status: int, document: dict[str, str]) -> None:
        body = json.dumps(document, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output clean
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stub: "CloudShellStub"


class CloudShellStub:
    """Context manager: the credential endpoint on 127.0.0.1:<free port>.

    Attributes: url (``http://127.0.0.1:PORT/``), port, token, requests (a list of
    ``(path, Authorization header or None)``, one per request received).
    """

    def __init__(self, credentials: CredentialSource, token: str) -> None:
        self._credentials = credentials
        self.token = token
        self.requests: list[tuple[str, str | None]] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.url = ""

    def current_credentials(self) -> Credentials:
        """The credentials to hand out now."""
        source = self._credentials
        return source() if callable(source) else source

    def _record(self, path: str, authorization: str | None) -> None:
        with self._lock:
            self.requests.append((path, authorization))

    def start(self) -> "CloudShellStub":
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.stub = self
        self.port = int(self._server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}/"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="cloudshell-stub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "CloudShellStub":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def moto_session_credentials(moto: Any, duration_seconds: int = 3600) -> Credentials:
    """Temporary credentials issued by `moto` (a running motofixture.MotoSts): the step
    user assumes prod-role, so the session is one moto accepts on later STS calls."""
    from motofixture import client  # noqa: PLC0415 - only the moto-backed tests need it

    sts = client("sts", moto.url, moto.step_access_key_id, moto.step_secret_access_key)
    response = sts.assume_role(RoleArn=moto.role_arn, RoleSessionName="cloudshell",
                               DurationSeconds=duration_seconds)
    return dict(response["Credentials"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="cloudshell_stub.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--token", default="cloudshell-stub-token")
    args = ap.parse_args(argv)
    fake = {"AccessKeyId": "ASIASTUBEXAMPLE00000", "SecretAccessKey": "stub/secret/key",
            "SessionToken": "stub-session-token",
            "Expiration": _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(hours=1)}
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: stop.set())
    with CloudShellStub(fake, args.token) as stub:
        print(f"AWS_CONTAINER_CREDENTIALS_FULL_URI={stub.url}")
        print(f"AWS_CONTAINER_AUTHORIZATION_TOKEN={args.token}", flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
