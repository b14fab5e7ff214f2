"""Real shells for the shell-integration tests: bash --noprofile --norc, zsh -f and
fish --no-config, run either on a script (-c) or interactively on a pseudo-terminal, so
that prompt hooks run exactly as they do for a user."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))

from awsxtest import require_awsx  # noqa: E402

SHELLS = ("bash", "zsh", "fish")

# How each shell is started without any user configuration.
_CLEAN_ARGS = {"bash": ["--noprofile", "--norc"], "zsh": ["-f"], "fish": ["--no-config"]}


def require_program(name: str) -> str:
    """The path of `name`; a missing one fails the test with what to install (never a skip)."""
    path = shutil.which(name)
    if path is None:
        package = {"fish_indent": "fish", "dpkg-deb": "dpkg", "mandoc": "mandoc"}.get(name, name)
        raise AssertionError(f"{name} is missing: install {package} (apt-get install {package})")
    return path


def with_awsx_on_path(env: dict[str, str]) -> dict[str, str]:
    """`env` with the built awsx first on PATH, as an installed one would be."""
    out = dict(env)
    out["PATH"] = os.path.dirname(require_awsx()) + os.pathsep + env.get("PATH", os.defpath)
    return out


def load_hook(shell: str) -> str:
    """The line a user puts in their rc file."""
    return "awsx init fish | source" if shell == "fish" else f'eval "$(awsx init {shell})"'


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_script(shell: str, script: str, env: dict[str, str], timeout: float = 60) -> Run:
    """Runs `script` with `shell -c`, without a controlling terminal."""
    argv = [require_program(shell), *_CLEAN_ARGS[shell], "-c", script]
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=timeout, start_new_session=True)
    return Run(proc.returncode, proc.stdout, proc.stderr)


class PtyShell:
    """An interactive shell on a pseudo-terminal, which is its controlling terminal: any
    prompt for an MFA code would appear there and block, as it would for a user."""

    def __init__(self, shell: str, env: dict[str, str]) -> None:
        self.shell = shell
        self.transcript = ""
        argv = [require_program(shell), *_CLEAN_ARGS[shell], "-i"]
        env = dict(env, TERM="dumb", PS1="$ ", PROMPT="$ ")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the pty is its stdin, stdout, stderr and terminal
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self._counter = 0
        self._pending = ""
        if shell == "fish":
            self.send("function fish_prompt; printf '$ '; end")
        self.command("true")

    def send(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\n")

    def read_until(self, pattern: str, timeout: float) -> str:
        """Reads until the regex `pattern` shows up; returns everything up to the end of
        its match, and keeps what came after it for the next read."""
        deadline = time.monotonic() + timeout
        got, self._pending = self._pending, ""
        while not (match := re.search(pattern, got)):
            left = deadline - time.monotonic()
            if left <= 0:
                self.transcript += got
                raise AssertionError(f"{self.shell}: no {pattern!r} within {timeout}s; "
                                     f"transcript:\n{self.transcript}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{self.shell} exited; transcript:\n{self.transcript + got}")
                got += chunk.decode(errors="replace").replace("\r", "")
        got, self._pending = got[: match.end()], got[match.end():]
        self.transcript += got
        return got

    def command(self, line: str, timeout: float = 30) -> str:
        """Runs `line` and returns everything the shell printed since the last command
        (prompt hooks included) up to a done marker, which the line's echo can't contain."""
        self._counter += 1
        self.send(f"{line}; printf '%s%s\\n' DONE {self._counter}")
        out = self.read_until(rf"(?m)^DONE{self._counter}$", timeout)
        return out[: out.rfind(f"DONE{self._counter}")]

    def value(self, expression: str) -> str:
        """What `printf %s EXPRESSION` prints in this shell, e.g. "$AWS_REGION"."""
        out = self.command(f"printf 'VALUE<%s>\\n' {expression}")
        match = re.findall(r"(?m)^VALUE<(.*)>$", out)
        if not match:
            raise AssertionError(f"{self.shell}: no value for {expression}; got {out!r}")
        return match[-1]

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)
