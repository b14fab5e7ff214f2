"""Nothing of awsx's reaches the programs it starts: the exec child (from awsx-core and
from the front-end's cache), the --ecs-server child, credential_process and mfa_process
see no descriptor awsx opened and no AWSX_FILE_PASSPHRASE. Descriptors awsx inherited are
the user's: the commands the user names keep them (as with aws-vault exec), the helpers
from the config don't (as botocore's Popen closes them). awsx-core is non-dumpable, and
the front-end never runs an awsx-core from the current folder."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import (Home, Result, require_awsx, run_awsx, run_detached,  # noqa: E402
                      use_shared_moto, write_moto_profiles, write_unique_moto_profiles)
from motofixture import MotoSts  # noqa: E402
import child_probe  # noqa: E402

MOTO: MotoSts | None = None


use_shared_moto(globals())


def allow_core_files() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


class ChildIsolation(unittest.TestCase):
    def setUp(self) -> None:
        self.home = Home()
        self.reports = tempfile.mkdtemp(prefix="awsx-reports-", dir=self.home.path)
        # A descriptor awsx inherits from its parent, like a jobserver's or `3<file`.
        self.inherited = os.open(self.home.config if os.path.exists(self.home.config)
                                 else "/dev/null", os.O_RDONLY)
        self.env = self.home.env()

    def tearDown(self) -> None:
        os.close(self.inherited)
        self.home.remove()

    def probe(self, mode: str, name: str) -> str:
        return child_probe.command(mode, os.path.join(self.reports, name))

    def report(self, name: str) -> dict:
        with open(os.path.join(self.reports, name), encoding="utf-8") as f:
            return json.load(f)

    def run_awsx(self, args: list[str], env: dict[str, str]) -> Result:
        return run_awsx(args, env, pass_fds=(self.inherited,))

    def assert_isolated(self, name: str, keeps_inherited: bool) -> None:
        seen = self.report(name)
        expected = [0, 1, 2] + ([self.inherited] if keeps_inherited else [])
        self.assertEqual(seen["fds"], sorted(expected), f"{name}: {seen}")
        self.assertIsNone(seen["passphrase"], f"{name} got AWSX_FILE_PASSPHRASE")

    def test_credential_process_exec_and_ecs_server_children(self) -> None:
        self.home.write_config(f"[profile p]\nregion = eu-west-1\n"
                               f"credential_process = {self.probe('creds', 'process.json')}\n")
        r = self.run_awsx(["exec", "p", "--no-cache", "--",
                           *self.probe("child", "exec.json").split()], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assert_isolated("process.json", keeps_inherited=False)
        self.assert_isolated("exec.json", keeps_inherited=True)
        r = self.run_awsx(["exec", "p", "--no-cache", "--ecs-server", "--",
                           *self.probe("child", "server.json").split()], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assert_isolated("server.json", keeps_inherited=True)

    def test_mfa_process(self) -> None:
        write_moto_profiles(self.home, MOTO, mfa=True,
                            extra=f"mfa_process = {self.probe('mfa', 'mfa.json')}\n")
        env = self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url)
        r = self.run_awsx(["exec", "prod", "--no-cache", "--", "true"], env)
        self.assertEqual(r.code, 0, r.err)
        self.assert_isolated("mfa.json", keeps_inherited=False)

    def test_exec_child_of_the_front_end_cache(self) -> None:
        _, prod = write_unique_moto_profiles(self.home, MOTO, prefix="iso")
        env = self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url, AWSX_BACKEND="keyctl")
        self.assertEqual(run_awsx(["exec", prod, "--", "true"], env).code, 0)
        lone = tempfile.mkdtemp(prefix="awsx-lone-")
        try:
            # The front-end alone: it can only succeed by serving the cached session.
            shutil.copy2(require_awsx(), os.path.join(lone, "awsx"))
            r = run_detached([os.path.join(lone, "awsx"), "exec", prod, "--",
                              *self.probe("child", "fast.json").split()], env,
                             pass_fds=(self.inherited,))
            self.assertEqual(r.code, 0, r.err)
            self.assert_isolated("fast.json", keeps_inherited=True)
        finally:
            shutil.rmtree(lone, ignore_errors=True)
            run_awsx(["clear", prod], env)

    def test_awsx_core_is_not_dumpable(self) -> None:
        """Seen from the --ecs-server child running as the same (non-root) user: the
        files in /proc/PID of a non-dumpable process belong to root, so its environment
        (with the keyring passphrase) and memory are out of reach, and its core size limit
        is 0, while the child has the unlimited one awsx was started with."""
        if shutil.which("setpriv") is None:
            self.fail("setpriv is missing: apt-get install util-linux")
        if os.geteuid() != 0:
            self.fail("this test switches to the user nobody and needs root: run it as root "
                      "(as CI does)")
        self.home.write_config("[profile p]\ncredential_process = printf %s "
                               "'{\"Version\": 1, \"AccessKeyId\": \"AKIAEXAMPLE\", "
                               "\"SecretAccessKey\": \"s\"}'\n")
        shutil.chown(self.home.path, "nobody", "nogroup")
        for folder, dirs, files in os.walk(self.home.path):
            for name in dirs + files:
                shutil.chown(os.path.join(folder, name), "nobody", "nogroup")
        check = ('p=$PPID; printf "%s %s %s" "$(stat -c %u /proc/$p/environ)" '
                 '"$(cat /proc/$p/environ >/dev/null 2>&1 && echo readable || echo refused)" '
                 '"$(awk \'/Max core file size/ {print $5}\' /proc/$p/limits)"; '
                 'printf " %s" "$(ulimit -c)"')
        env = dict(self.env)
        if "ASAN_OPTIONS" in env:
            # ASan lowers the core limit at start unless told not to, before awsx records
            # the limit its children get back.
            env["ASAN_OPTIONS"] += ":disable_coredump=0"
        r = run_detached(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--",
                          require_awsx(), "exec", "p", "--no-session", "--ecs-server", "--",
                          "sh", "-c", check], env, preexec_fn=allow_core_files)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(r.out, "0 refused 0 unlimited")

    def test_the_front_end_never_runs_an_awsx_core_from_the_current_folder(self) -> None:
        if shutil.which("unshare") is None:
            self.fail("unshare is missing: apt-get install util-linux")
        folder = tempfile.mkdtemp(prefix="awsx-cwd-", dir=self.home.path)
        marker = os.path.join(folder, "MARKER")
        planted = os.path.join(folder, "awsx-core")
        with open(planted, "w", encoding="utf-8") as f:
            f.write(f"#!/bin/sh\ntouch {marker}\n")
        os.chmod(planted, 0o755)
        # /proc hidden in a mount namespace of its own, so /proc/self/exe can't be read.
        namespace = ["unshare", "--mount"] if os.geteuid() == 0 else \
            ["unshare", "--user", "--map-root-user", "--mount"]
        hidden = subprocess.run(
            [*namespace, "sh", "-c", 'mount -t tmpfs none /proc && exec "$@"', "sh",
             require_awsx(), "whoami"],
            env=self.env, cwd=folder, stdin=subprocess.DEVNULL, capture_output=True,
            text=True, timeout=60)
        if "mount" in hidden.stderr and "permission denied" in hidden.stderr.lower():
            self.fail("cannot hide /proc here (unshare/mount refused): run as root\n"
                      + hidden.stderr)
        self.assertFalse(os.path.exists(marker), "the front-end ran ./awsx-core")
        # Under ASan, LeakSanitizer's check at exit needs /proc and fails (exit 1) after
        # awsx has exited 127; it reads ASAN_OPTIONS from /proc too, so it can't be told not to.
        sanitized = "ASAN_OPTIONS" in self.env and \
            "LeakSanitizer has encountered a fatal error" in hidden.stderr
        self.assertEqual(hidden.returncode, 1 if sanitized else 127, hidden.stderr)
        self.assertIn("/proc/self/exe is unreadable", hidden.stderr)


if __name__ == "__main__":
    unittest.main()
