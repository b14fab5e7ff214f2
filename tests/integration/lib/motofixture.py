#!/usr/bin/env python3
"""Local STS/IAM emulator fixture for awsx integration tests, built on moto_server.

What it gives a test
--------------------
A private ``moto_server`` on 127.0.0.1 (a free port), already holding:

* IAM user ``step-user`` with an inline policy that allows ``sts:AssumeRole``
  (plus the self-service calls a CLI may make: ``sts:GetSessionToken``,
  ``iam:GetUser``, ``iam:ListMFADevices``, and for key rotation
  ``iam:ListAccessKeys``, ``iam:CreateAccessKey``, ``iam:DeleteAccessKey``) and
  nothing else;
* a long-term access key for it (``AKIA...``);
* a virtual MFA device ``arn:aws:iam::<acct>:mfa/step-user``, enabled for the
  user (moto never checks MFA codes: any ``TokenCode`` is accepted);
* role ``prod-role`` (MaxSessionDuration=43200) whose trust policy names the
  step user's ARN, with an inline policy allowing ``*`` on ``*``.

Request authentication is ON as soon as the set-up is done: moto is started
with ``INITIAL_NO_AUTH_ACTION_COUNT`` equal to the exact number of set-up
calls (``SETUP_CALL_COUNT``), so every later request must be SigV4-signed with
a key moto knows, and the signature must match (else ``SignatureDoesNotMatch``
/ ``InvalidClientTokenId``). The fixture checks that before it reports ready.

Every request moto receives after set-up is recorded (moto's recorder);
``sts_calls()`` returns the STS ones, parsed.

Python use (unittest)::

    from motofixture import MotoSts
    with MotoSts() as moto:
        moto.reset_recording()
        ... run awsx with AWS_ENDPOINT_URL_STS=moto.url, moto.step_access_key_id ...
        calls = moto.sts_calls()   # [{'action': 'AssumeRole', 'params': {...}, 'access_key_id': 'AKIA...'}, ...]

Shell / CTest use::

    python3 motofixture.py serve --env-file "$tmp/moto.env" >"$tmp/moto.out" &
    fixture=$!; trap 'kill "$fixture" 2>/dev/null; wait "$fixture"' EXIT
    # the env file is written (atomically) before "ready" is printed
    for _ in $(seq 200); do grep -qx ready "$tmp/moto.out" && break
        kill -0 "$fixture" 2>/dev/null || exit 1; sleep 0.1; done
    set -a; . "$tmp/moto.env"; set +a  # MOTO_URL STEP_ACCESS_KEY_ID STEP_SECRET_ACCESS_KEY
                                       # ROLE_ARN MFA_SERIAL MFA_CODE ACCOUNT_ID MOTO_PID FIXTURE_PID ...
    python3 motofixture.py reset --url "$MOTO_URL"    # forget earlier requests
    python3 motofixture.py calls --url "$MOTO_URL"    # JSON: [{action, params, access_key_id}, ...]

    python3 motofixture.py selftest                   # checks the moto behaviours we rely on

``serve`` stops moto and exits on SIGTERM/SIGINT/SIGHUP, when its parent process
dies, and after --max-lifetime seconds (default 3600).

What moto 5.2 does and does not check (see ``selftest``)
-------------------------------------------------------
* Checks: SigV4 signature (wrong secret -> 403 SignatureDoesNotMatch), the key
  id (unknown -> 403 InvalidClientTokenId), the session token of ASIA keys,
  the caller's IAM policies (-> 403 AccessDenied) and, for sts:AssumeRole, the
  role trust policy (principal compared as a plain string with the caller ARN).
* Does not check: MFA SerialNumber/TokenCode, aws:MultiFactorAuthPresent
  conditions, DurationSeconds range or the role's MaxSessionDuration, that the
  role exists (when the caller's policy allows it), clock skew of X-Amz-Date,
  expiry of assumed-role credentials.
* The request is routed to a service by the credential scope in Authorization
  (``.../<region>/sts/aws4_request``); any region works. X-Amz-Date is required
  (missing -> HTTP 500). Sign POST form bodies: a correctly signed GET query
  request is rejected (SignatureDoesNotMatch) because moto re-signs the parsed
  query as a body.
* Expiration comes with microseconds (``2026-11-22T10:35:32.461176Z``); auth
  errors use ``<ErrorResponse><Errors><Error><Code>`` while STS's own errors use
  ``<ErrorResponse xmlns=...><Error><Code>``.

Needs ``moto_server`` on PATH and python modules ``moto`` (5.x) and ``boto3``:
``python3 -m pip install 'moto[server]>=5' boto3``. Missing pieces are an error,
never a skip.
"""

from __future__ import annotations

import argparse
import atexit
import base64
import contextlib
import datetime as _dt
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

INSTALL_HINT = (
    "install it with: python3 -m pip install 'moto[server]>=5' boto3 "
    "(moto_server must be on PATH and 'import moto, boto3' must work in this python3)"
)

REGION = "us-east-1"
STEP_USER = "step-user"
ROLE_NAME = "prod-role"
MAX_SESSION_DURATION = 43200
MFA_CODE = "123456"  # moto accepts any code; this is just the one the tests use
SETUP_KEY_ID = "testing"  # dummy credentials for the unauthenticated set-up calls
SETUP_SECRET = "testing"

# The exact number of AWS API calls made by _setup(). moto lets this many
# requests through without authentication and checks every later one.
# Keep in sync with _setup() (it asserts the count).
SETUP_CALL_COUNT = 7

READY_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 5.0


class FixtureError(RuntimeError):
    """The emulator could not be provided as promised."""


# --------------------------------------------------------------------------- #
# prerequisites
# --------------------------------------------------------------------------- #


def check_prerequisites() -> str:
    """Return the path of moto_server; raise FixtureError naming what to install."""
    missing = []
    server = shutil.which("moto_server")
    if server is None:
        missing.append("'moto_server' is not on PATH")
    # find_spec/metadata instead of importing: importing moto costs ~0.5 s
    import importlib.metadata  # noqa: PLC0415
    import importlib.util  # noqa: PLC0415

    for mod in ("moto", "boto3"):
        try:
            found = importlib.util.find_spec(mod) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(f"python module '{mod}' cannot be imported by {sys.executable}")
    if missing:
        raise FixtureError("motofixture: " + "; ".join(missing) + ". " + INSTALL_HINT)
    try:
        version = importlib.metadata.version("moto")
    except importlib.metadata.PackageNotFoundError:
        version = "0"
    major = version.split(".")[0]
    if not major.isdigit() or int(major) < 5:
        raise FixtureError(f"motofixture: moto {version} is too old, 5.x is needed. " + INSTALL_HINT)
    assert server is not None
    return server


# --------------------------------------------------------------------------- #
# process handling
# --------------------------------------------------------------------------- #


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def file_tail(path: str, n: int) -> str:
    """The last `n` lines of the log at `path`, or "(no log)"."""
    try:
        with open(path, "rb") as f:
            return b"\n".join(f.read().splitlines()[-n:]).decode("utf-8", "replace")
    except OSError:
        return "(no log)"


def _child_preexec() -> None:  # pragma: no cover - runs in the child
    """New process group, and (Linux) die with the parent so nothing lingers."""
    os.setsid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes  # noqa: PLC0415

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except Exception:  # noqa: BLE001 - best effort only
            pass


# A direct opener that ignores *_proxy variables: only 127.0.0.1 is contacted.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _http(method: str, url: str, data: bytes | None = None, timeout: float = 5.0) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, method=method)
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


_LIVE: set["MotoServer"] = set()
_LIVE_LOCK = threading.Lock()


@atexit.register
def _stop_all_live() -> None:
    with _LIVE_LOCK:
        servers = list(_LIVE)
    for srv in servers:
        srv.stop()


class MotoServer:
    """One moto_server process on 127.0.0.1:<free port>, in its own process group."""

    def __init__(self, initial_no_auth_action_count: int, workdir: str) -> None:
        self.moto_server = check_prerequisites()
        self.count = initial_no_auth_action_count
        self.workdir = workdir
        self.recording_path = os.path.join(workdir, "moto_recording.jsonl")
        self.log_path = os.path.join(workdir, "moto_server.log")
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.url = ""

    # ---- start ----------------------------------------------------------
    def start(self, timeout: float = READY_TIMEOUT_S, while_booting: Any = None) -> None:
        """Spawn moto_server and wait until it answers; `while_booting()` runs meanwhile."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MOTO_", "TEST_SERVER_MODE"))}
        env.pop("INITIAL_NO_AUTH_ACTION_COUNT", None)
        env["INITIAL_NO_AUTH_ACTION_COUNT"] = str(self.count)
        env["MOTO_ENABLE_RECORDING"] = "True"
        env["MOTO_RECORDER_FILEPATH"] = self.recording_path  # default is ./moto_recording in cwd
        env["PYTHONUNBUFFERED"] = "1"
        deadline = time.monotonic() + timeout
        last_err = ""
        for _attempt in range(3):  # a port picked by bind(0) can be stolen; retry then
            self.port = _free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child
            try:
                self.proc = subprocess.Popen(
                    [self.moto_server, "-H", "127.0.0.1", "-p", str(self.port)],
                    env=env,
                    cwd=self.workdir,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    preexec_fn=_child_preexec,  # noqa: PLW1509
                )
            finally:
                log.close()
            with _LIVE_LOCK:
                _LIVE.add(self)
            if while_booting is not None:
                while_booting()
                while_booting = None
            status = self._wait_ready(deadline)
            if status == "ready":
                return
            last_err = status
            self.stop()
            if "Address already in use" not in self.log_tail():
                break
        raise FixtureError(
            f"motofixture: moto_server ({self.moto_server}) did not come up on {self.url}: {last_err} "
            f"(waited up to {timeout:.0f}s)\n--- moto_server output (tail) ---\n{self.log_tail()}"
        )

    def _wait_ready(self, deadline: float) -> str:
        assert self.proc is not None
        while time.monotonic() < deadline:
            rc = self.proc.poll()
            if rc is not None:
                return f"moto_server exited with status {rc}"
            try:
                # Any HTTP answer means the server is serving. A GET here changes
                # nothing (moto answers 400 "Need to POST to reset Moto Auth").
                _http("GET", self.url + "/moto-api/reset-auth", timeout=1.0)
                return "ready"
            except (OSError, urllib.error.URLError):
                time.sleep(0.05)
        return "timed out"

    def log_tail(self, n: int = 40) -> str:
        return file_tail(self.log_path, n)

    # ---- stop -----------------------------------------------------------
    def stop(self) -> None:
        proc, self.proc = self.proc, None
        with _LIVE_LOCK:
            _LIVE.discard(self)
        if proc is None:
            return
        for sig, wait in ((signal.SIGTERM, STOP_TIMEOUT_S), (signal.SIGKILL, STOP_TIMEOUT_S)):
            try:
                os.killpg(proc.pid, sig)  # setsid() made pgid == pid
            except ProcessLookupError:
                pass
            except PermissionError:
                proc.send_signal(sig)
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # the group may still hold stragglers after the leader exited
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc else 0


# --------------------------------------------------------------------------- #
# boto3 helpers
# --------------------------------------------------------------------------- #


def _boto_session(access_key: str, secret: str, token: str | None = None, region: str = REGION) -> Any:
    """A boto3 session isolated from ~/.aws and AWS_PROFILE."""
    import boto3  # noqa: PLC0415
    import botocore.session  # noqa: PLC0415

    # no profile from AWS_PROFILE / AWS_DEFAULT_PROFILE, no ~/.aws files
    core = botocore.session.Session(session_vars={"profile": (None, None, None, None)})
    core.set_config_variable("config_file", os.devnull)
    core.set_config_variable("credentials_file", os.devnull)
    return boto3.session.Session(
        aws_access_key_id=access_key,
        aws_secret_access_key=secret,
        aws_session_token=token,
        region_name=region,
        botocore_session=core,
    )


def client(service: str, url: str, access_key: str, secret: str, token: str | None = None, region: str = REGION) -> Any:
    """A boto3 client for `service` at moto `url` that never retries (each call = one request)."""
    from botocore.config import Config  # noqa: PLC0415

    cfg = Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=15,
                 proxies={"http": "", "https": ""})
    return _boto_session(access_key, secret, token, region).client(service, endpoint_url=url, config=cfg)


def _setup(url: str) -> dict[str, str]:
    """Create the step user, its key and MFA device, and prod-role. Exactly SETUP_CALL_COUNT calls."""
    iam = client("iam", url, SETUP_KEY_ID, SETUP_SECRET)
    calls = 0

    def call(fn: Any, **kw: Any) -> Any:
        nonlocal calls
        calls += 1
        return fn(**kw)

    user = call(iam.create_user, UserName=STEP_USER)["User"]
    user_arn = user["Arn"]
    account_id = user_arn.split(":")[4]
    call(
        iam.put_user_policy,
        UserName=STEP_USER,
        PolicyName="step-account",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        # The self-service key calls are for `awsx rotate`.
                        "Action": ["sts:AssumeRole", "sts:GetSessionToken", "iam:GetUser", "iam:ListMFADevices",
                                   "iam:ListAccessKeys", "iam:CreateAccessKey", "iam:DeleteAccessKey"],
                        "Resource": "*",
                    }
                ],
            }
        ),
    )
    key = call(iam.create_access_key, UserName=STEP_USER)["AccessKey"]
    mfa = call(iam.create_virtual_mfa_device, VirtualMFADeviceName=STEP_USER)["VirtualMFADevice"]
    mfa_serial = mfa["SerialNumber"]
    call(
        iam.enable_mfa_device,
        UserName=STEP_USER,
        SerialNumber=mfa_serial,
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
    # moto compares the trust principal with the caller's ARN as a plain string:
    # the account root ("arn:aws:iam::<acct>:root") would NOT match the user.
    # The MFA condition is realistic but ignored by moto (it only evaluates StringEquals).
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": user_arn},
                "Action": "sts:AssumeRole",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            }
        ],
    }
    role = call(
        iam.create_role,
        RoleName=ROLE_NAME,
        AssumeRolePolicyDocument=json.dumps(trust),
        MaxSessionDuration=MAX_SESSION_DURATION,
    )["Role"]
    call(
        iam.put_role_policy,
        RoleName=ROLE_NAME,
        PolicyName="admin",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        ),
    )
    if calls != SETUP_CALL_COUNT:  # pragma: no cover - programming error
        raise FixtureError(f"motofixture: set-up made {calls} calls, SETUP_CALL_COUNT says {SETUP_CALL_COUNT}")
    return {
        "account_id": account_id,
        "user_arn": user_arn,
        "step_access_key_id": key["AccessKeyId"],
        "step_secret_access_key": key["SecretAccessKey"],
        "mfa_serial": mfa_serial,
        "role_arn": role["Arn"],
    }


def _error_code(exc: BaseException) -> str:
    resp = getattr(exc, "response", None) or {}
    return str(resp.get("Error", {}).get("Code", type(exc).__name__))


def _error_message(exc: BaseException) -> str:
    resp = getattr(exc, "response", None) or {}
    return str(resp.get("Error", {}).get("Message", exc))


def _check_auth_enforced(url: str, access_key: str, secret: str) -> None:
    """After set-up, a wrong secret must be rejected; otherwise the count is off."""
    sts = client("sts", url, access_key, secret[:-4] + "XXXX")
    try:
        sts.get_caller_identity()
    except Exception as exc:  # noqa: BLE001
        if _error_code(exc) == "SignatureDoesNotMatch":
            return
        raise FixtureError(f"motofixture: auth probe got {_error_code(exc)}: {_error_message(exc)}") from exc
    raise FixtureError(
        "motofixture: moto accepted a request signed with a wrong secret after set-up: "
        "request authentication is not on (INITIAL_NO_AUTH_ACTION_COUNT does not match the set-up calls)"
    )


# --------------------------------------------------------------------------- #
# recorder
# --------------------------------------------------------------------------- #


def reset_recording(base_url: str) -> None:
    """Erase moto's recording and make sure recording is on."""
    for path in ("/moto-api/recorder/reset-recording", "/moto-api/recorder/start-recording"):
        status, body = _http("POST", base_url.rstrip("/") + path, data=b"")
        if status != 200:
            raise FixtureError(f"motofixture: POST {path} -> HTTP {status}: {body[:200]!r}")


def download_recording(base_url: str) -> str:
    status, body = _http("GET", base_url.rstrip("/") + "/moto-api/recorder/download-recording")
    if status != 200:
        raise FixtureError(f"motofixture: download-recording -> HTTP {status}: {body[:200]!r}")
    return body.decode("utf-8")


_CRED_RE = re.compile(r"Credential=([^,\s]+)")


def _header(headers: dict[str, str], name: str) -> str | None:
    lname = name.lower()
    for k, v in headers.items():
        if k.lower() == lname:
            return v
    return None


def parse_recording(text: str) -> list[dict[str, Any]]:
    """Parse moto's JSON-lines recording into one dict per request.

    Each recorded line is ``{"headers": {...}, "method": ..., "url": ..., "body": str,
    "body_encoded": bool}`` (body base64 when body_encoded). Returned dicts:
    ``action``, ``params`` (query string + form body; a repeated key gives a list),
    ``access_key_id``, ``region``, ``service`` (from the SigV4 credential scope; None
    when unsigned), ``security_token`` (X-Amz-Security-Token or None), ``method``,
    ``url``, ``headers``.
    """
    out: list[dict[str, Any]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        headers = entry.get("headers") or {}
        body = entry.get("body") or ""
        if entry.get("body_encoded"):
            body_bytes = base64.b64decode(body)
        else:
            body_bytes = body.encode("utf-8") if isinstance(body, str) else b""
        url = entry.get("url", "")
        pairs = urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, keep_blank_values=True)
        ctype = (_header(headers, "Content-Type") or "").lower()
        if body_bytes and (not ctype or "x-www-form-urlencoded" in ctype):
            pairs += urllib.parse.parse_qsl(body_bytes.decode("utf-8", "replace"), keep_blank_values=True)
        params: dict[str, Any] = {}
        for k, v in pairs:
            if k in params:
                prev = params[k]
                params[k] = (prev if isinstance(prev, list) else [prev]) + [v]
            else:
                params[k] = v
        auth = _header(headers, "Authorization") or ""
        access_key_id = region = service = None
        m = _CRED_RE.search(auth)
        if m:
            scope = m.group(1).split("/")
            access_key_id = scope[0]
            if len(scope) >= 4:
                region, service = scope[2], scope[3]
        elif "X-Amz-Credential" in params:  # presigned URL
            scope = str(params["X-Amz-Credential"]).split("/")
            access_key_id = scope[0]
            if len(scope) >= 4:
                region, service = scope[2], scope[3]
        action = params.get("Action")
        out.append(
            {
                "action": action if isinstance(action, str) else None,
                "params": params,
                "access_key_id": access_key_id,
                "region": region,
                "service": service,
                "security_token": _header(headers, "X-Amz-Security-Token"),
                "method": entry.get("method"),
                "url": url,
                "headers": headers,
            }
        )
    return out


def recorded_requests(base_url: str) -> list[dict[str, Any]]:
    """Every request moto recorded since the last reset, parsed (see parse_recording)."""
    return parse_recording(download_recording(base_url))


def sts_calls(base_url: str) -> list[dict[str, Any]]:
    """The recorded STS requests: signed for service 'sts', or unsigned with an STS Action."""
    unsigned_sts = {"AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"}
    return [
        r
        for r in recorded_requests(base_url)
        if r["service"] == "sts" or (r["service"] is None and r["action"] in unsigned_sts)
    ]


# --------------------------------------------------------------------------- #
# the fixture
# --------------------------------------------------------------------------- #


class MotoSts:
    """Context manager: a running, set-up, auth-enforcing moto with recording reset.

    Attributes: url, port, pid, account_id, user_arn, step_access_key_id,
    step_secret_access_key, role_arn, mfa_serial, mfa_code, region, startup_seconds.

    moto_server runs in its own process group and is killed on __exit__/stop(), at
    interpreter exit, and (Linux, PR_SET_PDEATHSIG) when the thread that started it
    dies, even by SIGKILL: start it from a thread that outlives the tests (the main one).
    """

    def __init__(self, workdir: str | None = None) -> None:
        self._own_workdir = workdir is None
        self.workdir = workdir or ""
        self.server: MotoServer | None = None
        self.url = ""
        self.port = 0
        self.account_id = self.user_arn = ""
        self.step_access_key_id = self.step_secret_access_key = ""
        self.role_arn = self.mfa_serial = ""
        self.mfa_code = MFA_CODE
        self.region = REGION
        self.startup_seconds = 0.0

    def start(self) -> "MotoSts":
        t0 = time.monotonic()
        if self._own_workdir:
            self.workdir = tempfile.mkdtemp(prefix="motofixture-")
        try:
            self.server = MotoServer(SETUP_CALL_COUNT, self.workdir)
            # import boto3 and load the IAM/STS models while moto boots
            self.server.start(while_booting=lambda: [client(svc, "http://127.0.0.1:1", SETUP_KEY_ID, SETUP_SECRET)
                                                   for svc in ("iam", "sts")])
            self.url, self.port = self.server.url, self.server.port
            info = _setup(self.url)
            for k, v in info.items():
                setattr(self, k, v)
            _check_auth_enforced(self.url, self.step_access_key_id, self.step_secret_access_key)
            self.reset_recording()
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - t0
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
        if self._own_workdir and self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = ""

    def __enter__(self) -> "MotoSts":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        return self.server.pid if self.server else 0

    def reset_recording(self) -> None:
        reset_recording(self.url)

    def step_client(self, service: str = "sts", region: str = REGION) -> Any:
        """boto3 client signed with the step user's long-term key."""
        return client(service, self.url, self.step_access_key_id, self.step_secret_access_key, region=region)

    def sts_calls(self) -> list[dict[str, Any]]:
        return sts_calls(self.url)

    def recorded_requests(self) -> list[dict[str, Any]]:
        return recorded_requests(self.url)

    def env(self) -> dict[str, str]:
        """The variables `serve` writes to its env file."""
        return {
            "MOTO_URL": self.url,
            "MOTO_PORT": str(self.port),
            "MOTO_PID": str(self.pid),
            "MOTO_REGION": self.region,
            "ACCOUNT_ID": self.account_id,
            "STEP_USER_ARN": self.user_arn,
            "STEP_ACCESS_KEY_ID": self.step_access_key_id,
            "STEP_SECRET_ACCESS_KEY": self.step_secret_access_key,
            "ROLE_ARN": self.role_arn,
            "MFA_SERIAL": self.mfa_serial,
            "MFA_CODE": self.mfa_code,
        }

    def log_tail(self) -> str:
        return self.server.log_tail() if self.server else ""


# --------------------------------------------------------------------------- #
# CLI
# --------------------------------------------------------------------------- #


def _write_env_file(path: str, values: dict[str, str]) -> None:
    text = "".join(f"{k}={shlex.quote(v)}\n" for k, v in values.items())
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".motofixture-", dir=d)  # created 0600
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)  # atomic: a reader never sees half a file
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def cmd_serve(args: argparse.Namespace) -> int:
    stop = threading.Event()
    got: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        got.append(signum)
        stop.set()

    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, on_signal)
    parent = os.getppid()
    t0 = time.monotonic()
    with MotoSts() as moto:
        values = moto.env()
        values["FIXTURE_PID"] = str(os.getpid())
        _write_env_file(args.env_file, values)
        print(f"motofixture: moto at {moto.url} ready in {time.monotonic() - t0:.2f}s", file=sys.stderr)
        print("ready", flush=True)
        deadline = time.monotonic() + args.max_lifetime
        while not stop.wait(0.2):
            if args.max_lifetime > 0 and time.monotonic() > deadline:
                print(f"motofixture: --max-lifetime {args.max_lifetime}s reached, stopping", file=sys.stderr)
                break
            if os.getppid() != parent:
                print("motofixture: parent process died, stopping", file=sys.stderr)
                break
            if moto.server is None or moto.server.proc is None or moto.server.proc.poll() is not None:
                print("motofixture: moto_server died:\n" + moto.log_tail(), file=sys.stderr)
                return 1
    return 0


def cmd_calls(args: argparse.Namespace) -> int:
    calls = sts_calls(args.url) if not args.all else recorded_requests(args.url)
    if not args.full:
        calls = [{"action": c["action"], "params": c["params"], "access_key_id": c["access_key_id"]} for c in calls]
    json.dump(calls, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    reset_recording(args.url)
    return 0


# ---- selftest --------------------------------------------------------------


class _Check:
    def __init__(self) -> None:
        self.failed = 0
        self.passed = 0

    def __call__(self, ok: bool, what: str, detail: str = "") -> None:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"  [{'ok' if ok else 'FAIL'}] {what}" + (f": {detail}" if detail else ""), flush=True)


def _expect_error(fn: Any, **kw: Any) -> tuple[str, str, int]:
    try:
        fn(**kw)
    except Exception as exc:  # noqa: BLE001
        status = int(getattr(exc, "response", {}).get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        return _error_code(exc), _error_message(exc), status
    return "", "(no error)", 200


def _raw_sts(url: str, key: str, secret: str, params: dict[str, str], method: str = "POST",
             region: str = REGION, service: str = "sts", token: str | None = None) -> tuple[int, str]:
    """Send a hand-signed STS Query request (bypasses botocore's parameter validation)."""
    from botocore.auth import SigV4Auth  # noqa: PLC0415
    from botocore.awsrequest import AWSRequest  # noqa: PLC0415
    from botocore.credentials import Credentials  # noqa: PLC0415

    body = urllib.parse.urlencode(params)
    if method == "POST":
        req = AWSRequest(method="POST", url=url + "/", data=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    else:
        req = AWSRequest(method="GET", url=url + "/?" + body)
    SigV4Auth(Credentials(key, secret, token), service, region).add_auth(req)
    p = req.prepare()
    data = p.body.encode() if isinstance(p.body, str) else p.body
    r = urllib.request.Request(p.url, data=data if method == "POST" else None, method=method,
                               headers=dict(p.headers.items()))
    try:
        with _OPENER.open(r, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _xml_error(text: str) -> str:
    code = re.search(r"<Code>(.*?)</Code>", text)
    msg = re.search(r"<Message>(.*?)</Message>", text, re.S)
    if not code:
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        return f"(no AWS error body) {title.group(1) if title else ' '.join(text.split())[:120]}"
    return f"{code.group(1)}: {msg.group(1) if msg else ''}"


def cmd_selftest(_args: argparse.Namespace) -> int:
    import importlib.metadata  # noqa: PLC0415

    check = _Check()
    print(f"motofixture selftest: moto {importlib.metadata.version('moto')}, "
          f"boto3 {importlib.metadata.version('boto3')}, {check_prerequisites()}")
    t0 = time.monotonic()
    with MotoSts() as m:
        print(f"  started + set up in {m.startup_seconds:.2f}s at {m.url} "
              f"(INITIAL_NO_AUTH_ACTION_COUNT={SETUP_CALL_COUNT})")
        check(m.step_access_key_id.startswith("AKIA"), "step key is AKIA...", m.step_access_key_id)
        check(m.mfa_serial == f"arn:aws:iam::{m.account_id}:mfa/{STEP_USER}", "MFA serial", m.mfa_serial)
        check(m.role_arn == f"arn:aws:iam::{m.account_id}:role/{ROLE_NAME}", "role ARN", m.role_arn)
        iam_admin = client("iam", m.url, SETUP_KEY_ID, SETUP_SECRET)
        code, msg, _ = _expect_error(iam_admin.get_role, RoleName=ROLE_NAME)
        check(code == "InvalidClientTokenId", "set-up credentials rejected after set-up (auth on)", f"{code}: {msg}")

        m.reset_recording()
        step = client("sts", m.url, m.step_access_key_id, m.step_secret_access_key)
        before = _dt.datetime.now(_dt.timezone.utc)
        resp = step.assume_role(RoleArn=m.role_arn, RoleSessionName="awsx-selftest", DurationSeconds=43200,
                                SerialNumber=m.mfa_serial, TokenCode=MFA_CODE)
        creds = resp["Credentials"]
        check(creds["AccessKeyId"].startswith("ASIA"), "a. AssumeRole -> ASIA credentials", creds["AccessKeyId"])
        exp = creds["Expiration"]
        delta = (exp - before).total_seconds()
        check(abs(delta - 43200) < 60, "a. Expiration ~ now+12h for DurationSeconds=43200",
              f"{exp.isoformat()} (now+{delta:.0f}s)")
        check(resp["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{m.account_id}:assumed-role/{ROLE_NAME}/awsx-selftest",
              "a. AssumedRoleUser.Arn", resp["AssumedRoleUser"]["Arn"])
        sess = client("sts", m.url, creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        ident = sess.get_caller_identity()
        check(ident["Arn"] == f"arn:aws:sts::{m.account_id}:assumed-role/{ROLE_NAME}/awsx-selftest",
              "a. GetCallerIdentity with the session", ident["Arn"])
        check(ident["Account"] == m.account_id, "a. GetCallerIdentity Account", ident["Account"])
        sess_iam = client("iam", m.url, creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        n_roles = len(sess_iam.list_roles()["Roles"])
        check(n_roles >= 1, "a. session may call iam:ListRoles (role policy *)", f"{n_roles} roles")
        sess_bad_token = client("sts", m.url, creds["AccessKeyId"], creds["SecretAccessKey"], "WRONG" + creds["SessionToken"][5:])
        code, msg, st = _expect_error(sess_bad_token.get_caller_identity)
        check(code == "InvalidClientTokenId", "a. session with wrong session token rejected", f"HTTP {st} {code}: {msg}")

        # b. signatures
        wrong = client("sts", m.url, m.step_access_key_id, m.step_secret_access_key[:-4] + "XXXX")
        code, msg, st = _expect_error(wrong.assume_role, RoleArn=m.role_arn, RoleSessionName="wrong-secret",
                                      DurationSeconds=43200, SerialNumber=m.mfa_serial, TokenCode=MFA_CODE)
        check(code == "SignatureDoesNotMatch", "b. AssumeRole with wrong secret", f"HTTP {st} {code}: {msg}")
        code, msg, st = _expect_error(wrong.get_caller_identity)
        check(code == "SignatureDoesNotMatch", "b. GetCallerIdentity with wrong secret", f"HTTP {st} {code}: {msg}")
        unknown = client("sts", m.url, "AKIAUNKNOWNKEY000000", "x" * 40)
        code, msg, st = _expect_error(unknown.get_caller_identity)
        check(code == "InvalidClientTokenId", "b. unknown access key id", f"HTTP {st} {code}: {msg}")
        other_region = client("sts", m.url, m.step_access_key_id, m.step_secret_access_key, region="eu-west-1")
        try:
            ok = other_region.get_caller_identity()["Arn"] == m.user_arn
            check(ok, "b. signing region eu-west-1 accepted (moto re-signs with the scope's region)")
        except Exception as exc:  # noqa: BLE001
            check(False, "b. signing region eu-west-1", f"{_error_code(exc)}: {_error_message(exc)}")
        st, body = _raw_sts(m.url, m.step_access_key_id, m.step_secret_access_key,
                            {"Action": "GetCallerIdentity", "Version": "2011-06-15"}, method="GET")
        print("  [info] hand-signed GET query request (moto re-signs the parsed query as a form body): "
              f"HTTP {st} " + (_xml_error(body) if st != 200 else "accepted"))
        st, body = _raw_sts(m.url, m.step_access_key_id, m.step_secret_access_key,
                            {"Action": "GetCallerIdentity", "Version": "2011-06-15"}, method="POST")
        check(st == 200, "b. hand-signed POST form request", f"HTTP {st} " + (_xml_error(body) if st != 200 else "ok"))
        st, body = _raw_sts(m.url, m.step_access_key_id, m.step_secret_access_key,
                            {"Action": "GetCallerIdentity", "Version": "2011-06-15"}, service="iam")
        print(f"  [info] POST signed with service 'iam' instead of 'sts': HTTP {st} "
              + (_xml_error(body) if st != 200 else "accepted (routed to IAM by the scope)"))

        # authorization (beyond signatures)
        step_iam = client("iam", m.url, m.step_access_key_id, m.step_secret_access_key)
        code, msg, st = _expect_error(step_iam.list_roles)
        check(code == "AccessDenied", "step user denied iam:ListRoles (not in its policy)", f"HTTP {st} {code}: {msg}")
        code, msg, st = _expect_error(sess.assume_role, RoleArn=m.role_arn, RoleSessionName="chain")
        print(f"  [info] role chaining (session assumes prod-role, trust names only step-user): "
              + (f"HTTP {st} {code}: {msg}" if code else "allowed"))

        # limits moto does or does not enforce (hand-signed to bypass botocore validation)
        for dur in ("900", "43200", "43201", "129600", "899"):
            st, body = _raw_sts(m.url, m.step_access_key_id, m.step_secret_access_key, {
                "Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": m.role_arn,
                "RoleSessionName": "dur" + dur, "DurationSeconds": dur,
                "SerialNumber": m.mfa_serial, "TokenCode": MFA_CODE})
            print(f"  [info] DurationSeconds={dur}: HTTP {st} "
                  + (re.search(r"<Expiration>(.*?)</Expiration>", body).group(1) if st == 200 else _xml_error(body)))
        resp = step.assume_role(RoleArn=m.role_arn, RoleSessionName="no-mfa")
        print(f"  [info] AssumeRole without SerialNumber/TokenCode (trust requires MFA): "
              f"allowed, {resp['Credentials']['AccessKeyId']}")
        resp = step.assume_role(RoleArn=m.role_arn, RoleSessionName="bad-mfa", SerialNumber=m.mfa_serial, TokenCode="000000")
        print(f"  [info] AssumeRole with TokenCode=000000: allowed, {resp['Credentials']['AccessKeyId']}")
        resp = step.assume_role(RoleArn=m.role_arn, RoleSessionName="bad-serial",
                                SerialNumber="arn:aws:iam::123456789012:mfa/nobody", TokenCode=MFA_CODE)
        print(f"  [info] AssumeRole with an unknown SerialNumber: allowed, {resp['Credentials']['AccessKeyId']}")
        other_role = f"arn:aws:iam::{m.account_id}:role/does-not-exist"
        code, msg, st = _expect_error(step.assume_role, RoleArn=other_role, RoleSessionName="ghost")
        print(f"  [info] AssumeRole of a role that does not exist: " + (f"HTTP {st} {code}: {msg}" if code else "allowed (!)"))

        # c. recorder
        calls = m.sts_calls()
        first = calls[0] if calls else {}
        check(bool(calls) and first.get("action") == "AssumeRole", "c. first recorded STS call is AssumeRole",
              str(first.get("action")))
        want = {"RoleArn": m.role_arn, "RoleSessionName": "awsx-selftest", "DurationSeconds": "43200",
                "SerialNumber": m.mfa_serial, "TokenCode": MFA_CODE}
        got = {k: first.get("params", {}).get(k) for k in want}
        check(got == want, "c. recorded AssumeRole params", json.dumps(got))
        check(first.get("access_key_id") == m.step_access_key_id, "c. recorded access key id", str(first.get("access_key_id")))
        check(any(c["action"] == "GetCallerIdentity" and c["access_key_id"] == creds["AccessKeyId"]
                  and c["security_token"] == creds["SessionToken"] for c in calls),
              "c. recorded GetCallerIdentity with the ASIA key and its session token")
        check(any(c["params"].get("RoleSessionName") == "wrong-secret" for c in calls),
              "c. rejected requests are recorded too")
        check(all(c["service"] == "sts" or c["service"] is None for c in calls), "c. sts_calls() holds only STS")
        m.reset_recording()
        check(m.sts_calls() == [], "c. reset_recording() empties the recording")
        pid = m.pid
    time.sleep(0.1)
    alive = os.path.exists(f"/proc/{pid}") and not open(f"/proc/{pid}/stat").read().split()[2] == "Z"
    check(not alive, "moto_server gone after the context manager exits", f"pid {pid}")
    print(f"selftest: {check.passed} passed, {check.failed} failed ({time.monotonic() - t0:.2f}s)")
    return 1 if check.failed else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="motofixture.py", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("serve", help="start moto, set up, write the env file, print 'ready', run until SIGTERM/SIGINT")
    p.add_argument("--env-file", required=True)
    p.add_argument("--max-lifetime", type=float, default=3600.0,
                   help="stop by itself after this many seconds (0: never); default 3600")
    p.set_defaults(fn=cmd_serve)
    p = sub.add_parser("calls", help="print the recorded STS calls as JSON")
    p.add_argument("--url", required=True)
    p.add_argument("--all", action="store_true", help="every recorded request, not only STS")
    p.add_argument("--full", action="store_true", help="also region, service, security_token, method, url, headers")
    p.set_defaults(fn=cmd_calls)
    p = sub.add_parser("reset", help="erase the recording")
    p.add_argument("--url", required=True)
    p.set_defaults(fn=cmd_reset)
    p = sub.add_parser("selftest", help="verify the moto behaviours the integration tests rely on")
    p.set_defaults(fn=cmd_selftest)
    args = ap.parse_args(argv)
    try:
        return int(args.fn(args))
    except FixtureError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. `calls --url` when nothing listens there
        print(f"motofixture: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
