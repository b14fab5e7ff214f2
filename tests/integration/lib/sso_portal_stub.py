#!/usr/bin/env python3
"""A loopback stand-in for the IAM Identity Center portal, and the token cache of `aws sso login`.

What it gives a test
--------------------
``SsoPortalStub`` answers the one portal call an SSO profile needs, GetRoleCredentials::

    GET /federation/credentials?account_id=<id>&role_name=<name>
    x-amz-sso_bearer_token: <access token from ~/.aws/sso/cache>

with the wire shapes of the real service (rest-json, as in botocore's ``sso`` model):

* the right token, account and role: 200 ``{"roleCredentials": {"accessKeyId",
  "secretAccessKey", "sessionToken", "expiration": <epoch milliseconds>}}``;
* a missing or wrong token: 401 ``{"message": "Session token not found or invalid"}`` with
  ``x-amzn-errortype: UnauthorizedException:http://internal.amazon.com/coral/...``;
* the right token but another account or role: 403 ``ForbiddenException`` ``No access``,
  which is what the portal says for a role that is not assigned to the user;
* a missing query parameter: 400 ``InvalidRequestException``;
* anything queued with ``fail_next()`` first (e.g. 500s, to exercise retries).

With ``refresh_token=`` it also answers IAM Identity Center OIDC's CreateToken with the
refresh grant (``POST /token``, JSON ``clientId``, ``clientSecret``, ``grantType``,
``refreshToken``), as ``aws`` and awsx send it to AWS_ENDPOINT_URL_SSO_OIDC:

* the registered client (``client_id``/``client_secret``, the ones ``write_sso_cache``
  writes) and that refresh token: 200 ``{"accessToken", "tokenType": "Bearer",
  "expiresIn", "refreshToken"}``. The new access token (``new_token``) replaces the old
  one for GetRoleCredentials and the new refresh token (``new_refresh_token``) replaces
  the used one, as the service rotates them;
* anything else: 400 ``{"error": "invalid_grant", "error_description": ...}`` with
  ``x-amzn-errortype: InvalidGrantException`` (or InvalidClientException for a wrong
  client), the shapes of botocore's ``sso-oidc`` model.

``.token_requests()`` lists the recorded CreateToken calls, each with its JSON ``body``.

Every request is recorded in ``.requests`` (method, path, query, headers with
lower-cased names), failed ones too. The credentials are whatever the test hands
in, typically a moto-issued AssumeRole session, so the SSO credentials really work
against moto's STS afterwards.

``write_sso_cache(home, key, token, expires_at)`` writes the file ``aws sso login``
(AWS CLI v2) writes: ``<home>/.aws/sso/cache/<sha1(key)>.json``, mode 0600, where
``key`` is the sso-session name, or the start URL for a legacy profile without one.

Python use::

    from sso_portal_stub import SsoPortalStub, write_sso_cache
    with SsoPortalStub(moto_creds, token="tok", account_id="123456789012",
                       role_name="prod-role") as portal:
        write_sso_cache(home, "my-sso", "tok", datetime.now(timezone.utc) + timedelta(hours=1))
        ... run awsx with AWS_ENDPOINT_URL_SSO=portal.url ...
        assert portal.requests[0]["headers"]["x-amz-sso_bearer_token"] == "tok"

Only the standard library is used.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import http.server
import json
import os
import threading
import urllib.parse
from typing import Any

# The header the portal sends with its errors; botocore takes the part before ':'.
_ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/"


def _epoch_ms(value: Any) -> int:
    """`value` (epoch ms, a datetime or an ISO 8601 string) as epoch milliseconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return int(value.timestamp() * 1000)
    raise TypeError(f"sso_portal_stub: cannot turn {type(value).__name__} into an expiration")


def role_credentials(credentials: dict[str, Any]) -> dict[str, Any]:
    """The portal's roleCredentials for `credentials` in STS/boto3 shape (AccessKeyId,
    SecretAccessKey, SessionToken, Expiration) or already in the portal's shape."""
    if "accessKeyId" in credentials:
        out = dict(credentials)
        out["expiration"] = _epoch_ms(out["expiration"])
        return out
    expiration = credentials.get("Expiration")
    if expiration is None:
        expiration = _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(hours=1)
    return {
        "accessKeyId": credentials["AccessKeyId"],
        "secretAccessKey": credentials["SecretAccessKey"],
        "sessionToken": credentials["SessionToken"],
        "expiration": _epoch_ms(expiration),
    }


class SsoPortalStub:
    """GetRoleCredentials on http://127.0.0.1:<free port>, for one token, account and role."""

    def __init__(self, credentials: dict[str, Any], token: str, account_id: str, role_name: str, *,
                 refresh_token: str | None = None, new_token: str = "refreshed-access-token",
                 new_refresh_token: str = "rotated-refresh-token", expires_in: int = 8 * 3600,
                 client_id: str = "stub-client-id", client_secret: str = "stub-client-secret") -> None:
        self.credentials = role_credentials(credentials)
        self.token = token
        self.refresh_token = refresh_token
        self.new_token = new_token
        self.new_refresh_token = new_refresh_token
        self.expires_in = expires_in
        self.client_id = client_id
        self.client_secret = client_secret
        self.account_id = account_id
        self.role_name = role_name
        self.requests: list[dict[str, Any]] = []
        self._failures: list[tuple[int, str, str]] = []
        self._lock = threading.Lock()
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # ---- lifecycle ------------------------------------------------------
    def start(self) -> "SsoPortalStub":
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                stub._handle(self)

            def do_POST(self) -> None:  # noqa: N802
                stub._handle(self)

            def log_message(self, *_args: Any) -> None:  # keep test output clean
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="sso-portal-stub",
                                        daemon=True)
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

    def __enter__(self) -> "SsoPortalStub":
        return self.start()

    def __exit__(self, *_exc: Any) -> None:
        self.stop()

    # ---- test controls --------------------------------------------------
    def fail_next(self, status: int, count: int = 1, error_type: str = "InternalServerException",
                  message: str = "Internal error") -> None:
        """Answers the next `count` requests with `status` and an error document of `error_type`."""
        with self._lock:
            self._failures.extend([(status, error_type, message)] * count)

    def reset(self) -> None:
        """Forgets recorded requests and queued failures."""
        with self._lock:
            self.requests.clear()
            self._failures.clear()

    # ---- the portal -----------------------------------------------------
    def _handle(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        parsed = urllib.parse.urlsplit(handler.path)
        query = {k: v[0] for k, v in urllib.parse.parse_qs(parsed.query, keep_blank_values=True).items()}
        headers = {k.lower(): v for k, v in handler.headers.items()}
        length = int(headers.get("content-length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            sent = json.loads(raw) if raw else None
        except ValueError:
            sent = None
        with self._lock:
            self.requests.append({"method": handler.command, "path": parsed.path, "raw_query": parsed.query,
                                  "query": query, "headers": headers, "body": sent})
            failure = self._failures.pop(0) if self._failures else None
            if failure is None and handler.command == "POST" and parsed.path == "/token":
                status, body, error_type = self._create_token(sent)
            else:
                status, body, error_type = self._answer(handler.command, parsed.path, query, headers, failure)
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        if error_type:
            handler.send_header("x-amzn-errortype", error_type + _ERROR_TYPE_SUFFIX)
        handler.end_headers()
        handler.wfile.write(data)

    def token_requests(self) -> list[dict[str, Any]]:
        """The CreateToken requests received so far."""
        with self._lock:
            return [r for r in self.requests if r["method"] == "POST" and r["path"] == "/token"]

    def _create_token(self, sent: Any) -> tuple[int, dict[str, Any], str]:
        """CreateToken with the refresh grant; called with the lock held."""
        if not isinstance(sent, dict) or sent.get("grantType") != "refresh_token":
            return 400, {"error": "unsupported_grant_type",
                         "error_description": "Only refresh_token is served here"}, "UnsupportedGrantTypeException"
        if sent.get("clientId") != self.client_id or sent.get("clientSecret") != self.client_secret:
            return 400, {"error": "invalid_client",
                         "error_description": "Invalid client provided"}, "InvalidClientException"
        if self.refresh_token is None or sent.get("refreshToken") != self.refresh_token:
            return 400, {"error": "invalid_grant",
                         "error_description": "Invalid refresh token provided"}, "InvalidGrantException"
        self.token, self.refresh_token = self.new_token, self.new_refresh_token
        return 200, {"accessToken": self.token, "tokenType": "Bearer", "expiresIn": self.expires_in,
                     "refreshToken": self.refresh_token}, ""

    def _answer(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
                failure: tuple[int, str, str] | None) -> tuple[int, dict[str, Any], str]:
        if failure is not None:
            status, error_type, message = failure
            return status, {"message": message}, error_type
        if method != "GET" or path != "/federation/credentials":
            return 404, {"message": f"No route for {method} {path}"}, "NotFoundException"
        if headers.get("x-amz-sso_bearer_token") != self.token:
            return 401, {"message": "Session token not found or invalid"}, "UnauthorizedException"
        if not query.get("account_id") or not query.get("role_name"):
            return 400, {"message": "account_id and role_name are required"}, "InvalidRequestException"
        if query["account_id"] != self.account_id or query["role_name"] != self.role_name:
            return 403, {"message": "No access"}, "ForbiddenException"
        return 200, {"roleCredentials": self.credentials}, ""


# Where the AWS CLI v2 at /usr/bin/aws keeps its botocore data.
_CLI_DATA = "/usr/lib/python3/dist-packages/awscli/botocore/data"


def cli_data_path(url: str, folder: str) -> str:
    """Writes into `folder`, and returns it for AWS_DATA_PATH, endpoint rule sets that send
    the AWS CLI v2's ``sso`` and ``sso-oidc`` clients to `url`.

    The CLI 2.9 installed here predates AWS_ENDPOINT_URL_<SERVICE>, and its SSO credential
    and token providers make their clients without an endpoint_url, so the only way to point
    them at loopback is its data loader, which reads AWS_DATA_PATH before its own files. The
    rule sets keep the CLI's parameters and answer every request with one endpoint."""
    for service in ("sso", "sso-oidc"):
        source = os.path.join(_CLI_DATA, service, "2019-06-10", "endpoint-rule-set-1.json")
        if not os.path.exists(source):
            raise RuntimeError(f"sso_portal_stub: {source} is missing; install the AWS CLI v2 "
                               "(apt-get install awscli) whose botocore data this overrides")
        with open(source, encoding="utf-8") as f:
            rules = json.load(f)
        rules["rules"] = [{"conditions": [], "type": "endpoint",
                           "endpoint": {"url": url, "properties": {}, "headers": {}}}]
        target = os.path.join(folder, service, "2019-06-10")
        os.makedirs(target, exist_ok=True)
        with open(os.path.join(target, "endpoint-rule-set-1.json"), "w", encoding="utf-8") as f:
            json.dump(rules, f)
    return folder


def sso_cache_path(home: str, key: str) -> str:
    """Where `aws sso login` keeps the token for `key` (sso-session name or legacy start URL)."""
    name = hashlib.sha1(key.encode("utf-8")).hexdigest()  # noqa: S324 - the CLI's file naming
    return os.path.join(home, ".aws", "sso", "cache", name + ".json")


def _utc_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value.tzinfo is not None:
        value = value.astimezone(_dt.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_sso_cache(home: str, key: str, token: str, expires_at: Any, *,
                    start_url: str | None = None, region: str = "us-east-1",
                    refresh_token: str | None = None, registration_expires_at: Any = None) -> str:
    """Writes the token file `aws sso login` would write for `key` and returns its path.

    The document has the CLI's fields in its order (startUrl, region, accessToken,
    expiresAt as ``YYYY-MM-DDTHH:MM:SSZ``, then the client registration), serialized
    by json.dumps as the CLI does; the file is created with mode 0600. `expires_at`
    is a datetime (naive means UTC) or a string written as given, as is
    `registration_expires_at` (default: in 90 days). `start_url` defaults to `key` when
    `key` is a URL."""
    if start_url is None:
        start_url = key if "://" in key else "https://d-0000000000.awsapps.com/start"
    expires_text = _utc_text(expires_at)
    registration_expires = registration_expires_at
    if registration_expires is None:
        registration_expires = _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(days=90)
    document: dict[str, Any] = {
        "startUrl": start_url,
        "region": region,
        "accessToken": token,
        "expiresAt": expires_text,
        "clientId": "stub-client-id",
        "clientSecret": "stub-client-secret",
        "registrationExpiresAt": _utc_text(registration_expires),
    }
    if refresh_token is not None:
        document["refreshToken"] = refresh_token
    path = sso_cache_path(home, key)
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(json.dumps(document))
    os.chmod(path, 0o600)  # an existing file keeps its mode through os.open
    return path
