"""A loopback stand-in for the AWS federation endpoint (signin.aws.amazon.com/federation):
it records every request and answers getSigninToken with {"SigninToken": TOKEN}, or with
the status the test sets. Only the standard library is used."""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "stand-in/signin+token=="


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)

    def session(self) -> dict[str, str]:
        """The Session JSON of a getSigninToken request."""
        return json.loads(self.form["Session"])


class FederationStandIn:
    """Context manager: a federation endpoint on 127.0.0.1; `url` is its full URL."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.status = 200  # what getSigninToken answers
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, body: bytes) -> None:
                split = urllib.parse.urlsplit(self.path)
                form = dict(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))
                outer.requests.append(Recorded(self.command, split.path,
                                               dict(urllib.parse.parse_qsl(split.query)), form,
                                               {k.lower(): v for k, v in self.headers.items()}))
                if outer.status == 200:
                    out = json.dumps({"SigninToken": TOKEN}).encode()
                else:
                    out = b"<html>Bad Request</html>"
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                self._answer(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def do_GET(self) -> None:  # noqa: N802
                self._answer(b"")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/federation"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FederationStandIn":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
