"""A private Docker engine for the tests: its own socket, data root, exec root and pid
file, no bridge, no NAT rules and no ip_forward change, and an offline busybox image.

The machine's docker.io supplies dockerd and containerd; /bin/busybox (busybox-static)
becomes the image through `docker import`, since no registry is reachable. A missing
piece, or a dockerd that can't start (no privileges, no cgroups), raises DockerdError
with what to do: the tests fail, they never skip.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

from motofixture import _child_preexec, file_tail

START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 20.0
BUSYBOX = "/bin/busybox"
# The applets the tests call inside containers; busybox runs them by their argv[0].
APPLETS = ("sh", "env", "cat", "wget", "kill", "sleep", "echo", "ls", "grep", "true", "tr",
           "sort", "stat")


class DockerdError(RuntimeError):
    pass


def _need(program: str, package: str) -> str:
    path = shutil.which(program, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    if not path:
        raise DockerdError(f"{program} not found: install it with `apt-get install {package}` "
                           "(make test does)")
    return path


def _mounts_under(root: str) -> list[str]:
    with open("/proc/self/mounts", encoding="utf-8") as f:
        points = [line.split()[1].replace("\\040", " ") for line in f]
    return sorted((p for p in points if p == root or p.startswith(root + "/")), reverse=True)


_LIVE: list["PrivateDockerd"] = []


@atexit.register
def _stop_all() -> None:
    for daemon in list(_LIVE):
        daemon.stop()


class PrivateDockerd:
    """Context manager: a dockerd of the tests' own, stopped by pid at the end.

    Attributes: root (its temporary folder), host (the DOCKER_HOST value), docker (the
    client's path), image (the busybox image's tag, once `import_busybox` ran)."""

    def __init__(self) -> None:
        self.dockerd = _need("dockerd", "docker.io")
        _need("containerd", "docker.io")
        _need("runc", "docker.io")
        self.docker = _need("docker", "docker.io")
        if not os.access(BUSYBOX, os.X_OK):
            raise DockerdError(f"{BUSYBOX} not found: install it with `apt-get install busybox-static`")
        self.root = ""
        self.host = ""
        self.image = ""
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "PrivateDockerd":
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # ---- start ----------------------------------------------------------
    def start(self) -> "PrivateDockerd":
        if os.geteuid() != 0:
            raise DockerdError("the Docker tests start a private dockerd, which needs root: "
                               "run make test as root (CI does)")
        # A short path: containerd's socket lives below the exec root, and a unix socket
        # path can't exceed 107 bytes.
        self.root = tempfile.mkdtemp(prefix="awsx-dockerd-", dir="/tmp")
        self.host = f"unix://{self.root}/sock"
        config = os.path.join(self.root, "daemon.json")
        with open(config, "w", encoding="utf-8") as f:
            json.dump({}, f)  # not the machine's /etc/docker/daemon.json
        args = [self.dockerd, "-H", self.host, "--config-file", config,
                "--data-root", f"{self.root}/data", "--exec-root", f"{self.root}/exec",
                "--pidfile", f"{self.root}/dockerd.pid",
                "--bridge=none", "--iptables=false", "--ip6tables=false",
                "--ip-forward=false", "--ip-masq=false"]
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child
        try:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, preexec_fn=_child_preexec)  # noqa: PLW1509
        finally:
            log.close()
        _LIVE.append(self)
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self.proc.poll() is not None:
                self._fail(f"dockerd exited with status {self.proc.returncode} while starting")
            probe = subprocess.run([self.docker, "version", "--format", "{{.Server.Version}}"],
                                   env=self.env(), capture_output=True, text=True, check=False)
            if probe.returncode == 0:
                return self
            if time.monotonic() > deadline:
                self._fail(f"dockerd did not answer within {START_TIMEOUT_S:.0f} s "
                           f"({probe.stderr.strip()})")
            time.sleep(0.1)

    def _fail(self, what: str) -> None:
        tail = self.log_tail()
        self.stop()
        raise DockerdError(f"{what}. A private dockerd needs root, cgroups and overlay or vfs "
                           f"storage.\n--- dockerd log (tail) ---\n{tail}")

    @property
    def log_path(self) -> str:
        return os.path.join(self.root, "dockerd.log")

    def log_tail(self, n: int = 30) -> str:
        return file_tail(self.log_path, n)

    # ---- use ------------------------------------------------------------
    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """`base` (default: this process's environment) pointed at this daemon only."""
        env = dict(os.environ if base is None else base)
        for name in ("DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"):
            env.pop(name, None)
        env["DOCKER_HOST"] = self.host
        env["DOCKER_CONFIG"] = os.path.join(self.root, "client")
        return env

    def run(self, args: list[str], *, check: bool = True, timeout: float = 120,
            stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        """`docker args...` against this daemon."""
        proc = subprocess.run([self.docker, *args], env=self.env(), input=stdin,
                              capture_output=True, timeout=timeout, check=False)
        if check and proc.returncode != 0:
            raise DockerdError(f"docker {' '.join(args)} failed with status {proc.returncode}: "
                               f"{proc.stderr.decode(errors='replace').strip()}")
        return proc

    def import_tree(self, folder: str, tag: str, changes: tuple[str, ...] = ()) -> str:
        """Imports the files under `folder` as the image `tag` (no registry involved)."""
        tar = subprocess.Popen(["tar", "-C", folder, "--numeric-owner", "-c", "."],
                               stdout=subprocess.PIPE)
        assert tar.stdout is not None
        change_args = [a for c in changes for a in ("--change", c)]
        proc = subprocess.run([self.docker, "import", *change_args, "-", tag], env=self.env(),
                              stdin=tar.stdout, capture_output=True, timeout=600, check=False)
        tar.stdout.close()
        if tar.wait() != 0 or proc.returncode != 0:
            raise DockerdError(f"docker import of {folder} failed: "
                               f"{proc.stderr.decode(errors='replace').strip()}")
        return tag

    def import_busybox(self, tag: str = "awsx-test/busybox:latest", *,
                       scripts: dict[str, str] | None = None,
                       changes: tuple[str, ...] = ()) -> str:
        """An image holding only /bin/busybox, its applet links and `scripts` (name under
        /bin to its text, made executable), with the Dockerfile `changes` applied."""
        tree = tempfile.mkdtemp(prefix="busybox-image-", dir=self.root)
        os.makedirs(os.path.join(tree, "bin"))
        os.makedirs(os.path.join(tree, "tmp"))
        os.chmod(os.path.join(tree, "tmp"), 0o1777)
        shutil.copy2(BUSYBOX, os.path.join(tree, "bin", "busybox"))
        for applet in APPLETS:
            os.symlink("busybox", os.path.join(tree, "bin", applet))
        for name, text in (scripts or {}).items():
            path = os.path.join(tree, "bin", name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            os.chmod(path, 0o755)
        image = self.import_tree(tree, tag, ("ENV PATH=/bin", *changes))
        shutil.rmtree(tree, ignore_errors=True)
        self.image = self.image or image
        return image

    # ---- stop -----------------------------------------------------------
    def stop(self) -> None:
        """TERM to the pid in dockerd's pid file, KILL to its group if it lingers, then
        the temporary folder goes (after unmounting what dockerd left mounted)."""
        if self in _LIVE:
            _LIVE.remove(self)
        proc, self.proc = self.proc, None
        if proc is not None:
            pid = proc.pid
            with contextlib.suppress(OSError, ValueError):
                with open(os.path.join(self.root, "dockerd.pid"), encoding="ascii") as f:
                    pid = int(f.read().strip())
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            try:
                proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=STOP_TIMEOUT_S)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # a containerd left in the group
        if self.root:
            for point in _mounts_under(self.root):
                subprocess.run(["umount", "-l", point], capture_output=True, check=False)
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = ""
