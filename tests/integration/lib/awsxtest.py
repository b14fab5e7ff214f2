"""Shared pieces of the integration tests: a temporary HOME with AWS config files, a
runner for the built awsx binary that never inherits the developer's AWS state, and the
one moto STS each test module shares."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import tempfile
import textwrap
import unittest
import uuid
from dataclasses import dataclass
from typing import Any

from motofixture import MotoSts

AWSX = os.environ.get("AWSX_BIN", "")

# Variables from the developer's or CI's environment that would change what awsx does.
_SCRUBBED_PREFIXES = ("AWS_", "AWSX_")


@dataclass
class Result:
    code: int
    out: str
    err: str


def require_awsx() -> str:
    if not AWSX or not os.access(AWSX, os.X_OK):
        # A missing binary is a failure, never a skip.
        raise RuntimeError(f"AWSX_BIN={AWSX!r} is not an executable; run the tests through ctest")
    return AWSX


class Home:
    """A temporary HOME with ~/.aws/config and ~/.aws/credentials."""

    def __init__(self) -> None:
        self.path = tempfile.mkdtemp(prefix="awsx-home-")
        self.aws = os.path.join(self.path, ".aws")
        os.makedirs(self.aws, mode=0o700)
        self.config = os.path.join(self.aws, "config")
        self.credentials = os.path.join(self.aws, "credentials")

    def write_config(self, text: str) -> None:
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(text))

    def write_credentials(self, text: str) -> None:
        with open(self.credentials, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(text))
        os.chmod(self.credentials, 0o600)

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED_PREFIXES)}
        env.update(HOME=self.path, XDG_CACHE_HOME=os.path.join(self.path, ".cache"),
                   XDG_DATA_HOME=os.path.join(self.path, ".local", "share"),
                   AWS_CONFIG_FILE=self.config,
                   AWS_SHARED_CREDENTIALS_FILE=self.credentials,
                   AWS_EC2_METADATA_DISABLED="true", SHELL="/bin/sh",
                   # Keep every test's cache inside its own HOME: the default keyring
                   # (keyctl) is shared by all processes of the user.
                   AWSX_BACKEND="file", AWSX_FILE_PASSPHRASE="integration-test",
                   # moto refuses the credentials its own GetSessionToken hands out, so
                   # the tests against moto keep roles of 1 h direct; test_mfa_session.py
                   # tests the default (auto) through a stand-in for GetSessionToken.
                   AWSX_MFA_SESSION="off")
        env.update(extra)
        return env

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def start_awsx(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    """Starts awsx in the background, in a new session (no controlling terminal)."""
    return subprocess.Popen([require_awsx(), *args], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def files_under(root: str) -> list[str]:
    """Every file and folder below `root`."""
    out = []
    for folder, dirs, files in os.walk(root):
        out.extend(os.path.join(folder, d) for d in dirs)
        out.extend(os.path.join(folder, f) for f in files)
    return out


def grep_tree(root: str, needle: str) -> list[str]:
    """The files below `root` whose bytes contain `needle`."""
    hits = []
    for path in files_under(root):
        if os.path.isfile(path) and not os.path.islink(path):
            with open(path, "rb") as f:
                if needle.encode() in f.read():
                    hits.append(path)
    return hits


def run_detached(argv: list[str], env: dict[str, str], timeout: float = 60,
                 stdin: int | None = subprocess.DEVNULL, **popen: Any) -> Result:
    """Runs `argv` without a controlling terminal (new session), so a prompt can't block;
    `popen` are further subprocess.run arguments (pass_fds, cwd, preexec_fn)."""
    proc = subprocess.run(argv, env=env, stdin=stdin, capture_output=True, text=True,
                          timeout=timeout, start_new_session=True, **popen)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def run_awsx(args: list[str], env: dict[str, str], timeout: float = 60,
             stdin: int | None = subprocess.DEVNULL, **popen: Any) -> Result:
    """Runs the built awsx with `args` as run_detached runs a command."""
    return run_detached([require_awsx(), *args], env, timeout, stdin, **popen)


_shared_moto: MotoSts | None = None


def next_mfa_step(env: dict[str, str]) -> None:
    """Moves the times awsx recorded for accepted MFA codes 30 s back, as if the device
    now showed its next code. The tests send one fake code again and again, which awsx
    refuses inside the step STS accepted it in (real STS would reject it)."""
    cache = env.get("XDG_CACHE_HOME") or os.path.join(env["HOME"], ".cache")
    folder = os.path.join(cache, "awsx", "mfa")
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        if name.endswith(".time"):
            path = os.path.join(folder, name)
            with open(path, encoding="ascii") as f:
                when = datetime.datetime.fromisoformat(f.read().strip())
            earlier = when - datetime.timedelta(seconds=30)
            with open(path, "w", encoding="ascii") as f:
                f.write(earlier.isoformat() + "\n")


def shared_moto() -> MotoSts:
    """The running test module's moto STS, started by the first call. It stops once the
    module's tests are done (a module cleanup, after any tearDownModule), so every module
    gets one of its own even when several run in one process."""
    global _shared_moto
    if _shared_moto is None:
        _shared_moto = MotoSts().start()
        unittest.addModuleCleanup(_stop_shared_moto)
    return _shared_moto


def _stop_shared_moto() -> None:
    global _shared_moto
    moto, _shared_moto = _shared_moto, None
    if moto is not None:
        moto.stop()


def use_shared_moto(module: dict[str, Any]) -> None:
    """Gives the test module whose globals are `module` a setUpModule that sets its MOTO to
    shared_moto(); a module that needs more set-up writes its own, calling shared_moto()."""
    def setUpModule() -> None:  # noqa: N802 - the name unittest looks for
        module["MOTO"] = shared_moto()

    module["setUpModule"] = setUpModule


def write_moto_profiles(home: Home, moto, *, mfa: bool = False, extra: str = "",
                        step: str = "step", prod: str = "prod") -> None:
    """Profile `step` holds `moto`'s step-user keys (region eu-west-1; its MFA device when
    `mfa`) and profile `prod` assumes moto's role from it; `extra` is appended to the config,
    so its first lines still belong to [profile prod]."""
    mfa_line = f"mfa_serial = {moto.mfa_serial}\n" if mfa else ""
    home.write_config(f"[profile {step}]\nregion = eu-west-1\n{mfa_line}\n"
                      f"[profile {prod}]\nrole_arn = {moto.role_arn}\nsource_profile = {step}\n"
                      + textwrap.dedent(extra))
    home.write_credentials(f"[{step}]\naws_access_key_id = {moto.step_access_key_id}\n"
                           f"aws_secret_access_key = {moto.step_secret_access_key}\n")


def write_unique_moto_profiles(home: Home, moto, *, prefix: str = "", mfa: bool = False,
                               extra: str = "") -> tuple[str, str]:
    """write_moto_profiles under fresh names, returned as (step, prod): kernel keys are
    shared by every process of this user, so unique names keep parallel tests (and earlier
    runs) apart."""
    step = f"{prefix}step-{uuid.uuid4().hex[:8]}"
    prod = f"{prefix}prod-{uuid.uuid4().hex[:8]}"
    write_moto_profiles(home, moto, mfa=mfa, extra=extra, step=step, prod=prod)
    return step, prod
