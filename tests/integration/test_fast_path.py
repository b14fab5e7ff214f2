"""The front-end's cached exec, against moto: `awsx` serves a session cached in the
kernel keyring by itself, with the same child environment awsx-core would give, and hands
everything else to awsx-core. A copy of `awsx` alone in a folder (no awsx-core beside it)
proves which program served a run: it can only succeed from the cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import (Home, Result, next_mfa_step, require_awsx, run_awsx,  # noqa: E402
                      use_shared_moto, write_unique_moto_profiles)
from motofixture import MotoSts  # noqa: E402

MOTO: MotoSts | None = None
PRINT_ENV = ("import json, os; print(json.dumps({k: v for k, v in sorted(os.environ.items()) "
             "if k.startswith(('AWS_', 'AWSX_'))}))")
MISSING_CORE = "awsx-core is missing"


use_shared_moto(globals())


def keyctl_works() -> None:
    probe = subprocess.run(["python3", "-c", "import ctypes, ctypes.util; "
                            "k = ctypes.CDLL(ctypes.util.find_library('keyutils') or 'libkeyutils.so.1'); "
                            "raise SystemExit(0 if k.keyctl_get_keyring_ID(-4, 0) >= 0 else 1)"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        raise AssertionError("the kernel keyring (keyctl) is unavailable here: run the tests "
                             "where keyctl works (not under a seccomp filter that blocks it); "
                             "libkeyutils1 must be installed (apt-get install libkeyutils1)\n"
                             + probe.stderr)


def unlink_kernel_key(description: str) -> None:
    """Removes the user-keyring key `description` the way `keyctl unlink` would: behind
    awsx's back."""
    import ctypes
    import ctypes.util
    keyutils = ctypes.CDLL(ctypes.util.find_library("keyutils") or "libkeyutils.so.1",
                           use_errno=True)
    user_keyring = -4
    key = keyutils.keyctl_search(user_keyring, b"user", description.encode(), 0)
    if key < 0:
        raise AssertionError(f"no kernel key {description}: errno {ctypes.get_errno()}")
    if keyutils.keyctl_unlink(key, user_keyring) != 0:
        raise AssertionError(f"cannot unlink kernel key {description}: errno {ctypes.get_errno()}")


def run_program(program: str, args: list[str], env: dict[str, str]) -> Result:
    proc = subprocess.run([program, *args], env=env, capture_output=True, text=True,
                          timeout=30, stdin=subprocess.DEVNULL)
    return Result(proc.returncode, proc.stdout, proc.stderr)


class FastPath(unittest.TestCase):
    def setUp(self) -> None:
        assert MOTO is not None
        keyctl_works()
        self.home = Home()
        self.step, self.prod = write_unique_moto_profiles(
            self.home, MOTO, prefix="fast", mfa=True, extra="duration_seconds = 43200\n")
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url, AWSX_BACKEND="keyctl")
        # The front-end alone, without awsx-core beside it.
        self.lone_dir = tempfile.mkdtemp(prefix="awsx-lone-")
        self.lone = os.path.join(self.lone_dir, "awsx")
        shutil.copy2(require_awsx(), self.lone)
        MOTO.reset_recording()

    def tearDown(self) -> None:
        run_awsx(["clear", self.prod], self.env)
        self.home.remove()
        shutil.rmtree(self.lone_dir, ignore_errors=True)

    def run_lone(self, args: list[str], env: dict[str, str]) -> Result:
        proc = subprocess.run([self.lone, *args], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=30,
                              start_new_session=True)
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def exec_env(self, run, env: dict[str, str], *extra: str) -> Result:
        return run(["exec", self.prod, *extra, "--", sys.executable, "-c", PRINT_ENV], env)

    def sts_actions(self) -> list[str]:
        assert MOTO is not None
        return [c["action"] for c in MOTO.sts_calls()]

    def fill_cache(self) -> dict[str, str]:
        first = self.exec_env(run_awsx, self.env, "--mfa-token", "123456")
        self.assertEqual(first.code, 0, first.err)
        self.assertEqual(self.sts_actions(), ["AssumeRole"])
        return json.loads(first.out)

    def test_a_cached_session_is_served_without_awsx_core_and_the_same_environment(self) -> None:
        first = self.fill_cache()
        # Stale variables from the parent must go, exactly as awsx-core removes them.
        env = dict(self.env, AWS_SECURITY_TOKEN="stale-token", AWS_SESSION_TOKEN="stale",
                   AWS_PROFILE="other", AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:9/x")
        lone = self.exec_env(self.run_lone, env)
        self.assertEqual(lone.code, 0, lone.err)
        self.assertEqual(lone.err, "")
        served = json.loads(lone.out)
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                     "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION", "AWS_REGION",
                     "AWS_DEFAULT_REGION", "AWSX_PROFILE"):
            self.assertEqual(served.get(name), first.get(name), name)
        self.assertNotIn("AWS_PROFILE", served)
        self.assertNotIn("AWS_CONTAINER_CREDENTIALS_FULL_URI", served)
        self.assertEqual(self.sts_actions(), ["AssumeRole"])  # no second STS call

    def test_export_from_the_cache_prints_what_awsx_core_prints(self) -> None:
        self.fill_cache()
        core = os.path.join(os.path.dirname(require_awsx()), "awsx-core")
        for fmt in ("env", "process", "json", "fish", "dotenv", "powershell"):
            with self.subTest(fmt):
                lone = self.run_lone(["export", self.prod, "--format", fmt], self.env)
                self.assertEqual(lone.code, 0, lone.err)
                by_core = subprocess.run([core, "export", self.prod, "--format", fmt],
                                         env=self.env, capture_output=True, text=True,
                                         timeout=30, stdin=subprocess.DEVNULL)
                self.assertEqual(by_core.returncode, 0, by_core.stderr)
                self.assertEqual(lone.out, by_core.stdout)
                self.assertEqual(lone.err, "")
        self.assertEqual(self.sts_actions(), ["AssumeRole"])
        bad = self.run_lone(["export", self.prod, "--format", "yaml"], self.env)
        self.assertEqual(bad.code, 127, bad.err)  # a usage error is awsx-core's to report
        self.assertIn(MISSING_CORE, bad.err)

    def test_use_from_the_cache_prints_what_awsx_core_prints(self) -> None:
        self.fill_cache()
        core = os.path.join(os.path.dirname(require_awsx()), "awsx-core")
        # A region the user set to the session's own is left alone: use_script reads the env.
        env = dict(self.env, AWS_REGION="eu-west-1")
        for shell in ("bash", "zsh", "fish"):
            for extra in ([], ["--no-prompt"]):
                with self.subTest(shell=shell, extra=extra):
                    args = ["use", self.prod, "--shell", shell, *extra]
                    lone = self.run_lone(args, env)
                    self.assertEqual(lone.code, 0, lone.err)
                    self.assertEqual(lone.err, "")
                    by_core = subprocess.run([core, *args], env=env, capture_output=True,
                                             text=True, timeout=30, stdin=subprocess.DEVNULL)
                    self.assertEqual(by_core.returncode, 0, by_core.stderr)
                    self.assertEqual(lone.out, by_core.stdout)
                    self.assertTrue(lone.out.startswith("# awsx use"), lone.out)
        self.assertEqual(self.sts_actions(), ["AssumeRole"])
        for args in (["use", "--unset", "--shell", "bash"], ["use", self.prod],
                     ["use", self.prod, "--shell", "tcsh"]):
            with self.subTest(args=args):
                r = self.run_lone(args, self.env)  # awsx-core's to answer or report
                self.assertEqual(r.code, 127, r.err)
                self.assertIn(MISSING_CORE, r.err)

    def test_export_to_a_full_disk_fails_in_both_programs(self) -> None:
        self.fill_cache()
        core = os.path.join(os.path.dirname(require_awsx()), "awsx-core")
        for program in (self.lone, core):
            with self.subTest(program), open("/dev/full", "w") as full:
                proc = subprocess.run([program, "export", self.prod, "--format", "process"],
                                      env=self.env, stdout=full, stderr=subprocess.PIPE,
                                      text=True, timeout=30, stdin=subprocess.DEVNULL)
                self.assertEqual(proc.returncode, 1, proc.stderr)
                self.assertIn("awsx: error: cannot write the credentials to standard output",
                              proc.stderr)

    def test_auto_detection_reads_sessions_from_keyctl_too(self) -> None:
        first = self.fill_cache()
        env = {k: v for k, v in self.env.items() if k != "AWSX_BACKEND"}
        lone = self.exec_env(self.run_lone, env)
        self.assertEqual(lone.code, 0, lone.err)
        self.assertEqual(json.loads(lone.out)["AWS_SESSION_TOKEN"], first["AWS_SESSION_TOKEN"])

    def test_anything_the_cache_cannot_answer_goes_to_awsx_core(self) -> None:
        self.fill_cache()
        cases = {
            "--no-cache": (["exec", self.prod, "--no-cache", "--", "true"], self.env),
            "--ecs-server": (["exec", self.prod, "--ecs-server", "--", "true"], self.env),
            "another command": (["whoami", self.prod], self.env),
            "--version": (["--version"], self.env),
            "a session inside the margin": (["exec", self.prod, "--", "true"],
                                            dict(self.env, AWSX_CACHE_MARGIN="13h")),
            "the file backend": (["exec", self.prod, "--", "true"],
                                 dict(self.env, AWSX_BACKEND="file",
                                      AWSX_FILE_PASSPHRASE="integration-test")),
            "another region, so another session": (
                ["exec", self.prod, "--region", "us-west-2", "--", "true"], self.env),
            "an unknown profile": (["exec", "no-such-profile", "--", "true"], self.env),
        }
        for label, (args, env) in cases.items():
            with self.subTest(label):
                r = self.run_lone(args, env)
                self.assertEqual(r.code, 127, r.err)
                self.assertIn(MISSING_CORE, r.err)
                self.assertIn("reinstall awsx", r.err)

    def test_awsx_core_still_renews_a_session_inside_the_margin(self) -> None:
        self.fill_cache()
        next_mfa_step(self.env)  # the device shows its next code
        r = self.exec_env(run_awsx, dict(self.env, AWSX_CACHE_MARGIN="13h"),
                          "--mfa-token", "654321")
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.sts_actions(), ["AssumeRole", "AssumeRole"])

    def test_a_keyring_only_profile_whose_keys_went_is_served_alike_by_both_programs(self) -> None:
        """The one rule both programs follow: a cached session is served until it expires or
        `awsx remove`/`clear` forgets it, even when the long-term keys it came from were
        removed behind awsx's back, because a hit never reads the long-term keyring."""
        assert MOTO is not None
        vault = f"fastvault-{uuid.uuid4().hex[:8]}"  # keys only in the keyring, no section
        keys = dict(self.env, AWS_ACCESS_KEY_ID=MOTO.step_access_key_id,
                    AWS_SECRET_ACCESS_KEY=MOTO.step_secret_access_key)
        self.addCleanup(run_awsx, ["clear", vault], self.env)
        self.addCleanup(run_awsx, ["remove", vault], self.env)
        added = run_awsx(["add", vault, "--env"], keys)
        self.assertEqual(added.code, 0, added.err)
        first = run_awsx(["exec", vault, "--", sys.executable, "-c", PRINT_ENV], self.env)
        self.assertEqual(first.code, 0, first.err)
        token = json.loads(first.out)["AWS_SESSION_TOKEN"]
        self.assertEqual(self.sts_actions(), ["GetSessionToken"])

        unlink_kernel_key(f"awsx:credentials:credentials/{vault}")
        core = os.path.join(os.path.dirname(require_awsx()), "awsx-core")
        for label, run in (("awsx alone", self.run_lone),
                           ("awsx-core", lambda args, env: run_program(core, args, env))):
            with self.subTest(label):
                r = run(["exec", vault, "--", sys.executable, "-c", PRINT_ENV], self.env)
                self.assertEqual(r.code, 0, r.err)
                self.assertEqual(json.loads(r.out)["AWS_SESSION_TOKEN"], token)
                exported = run(["export", vault, "--format", "process"], self.env)
                self.assertEqual(exported.code, 0, exported.err)
                self.assertEqual(json.loads(exported.out)["SessionToken"], token)
        self.assertEqual(self.sts_actions(), ["GetSessionToken"])

        cleared = run_awsx(["clear", vault], self.env)
        self.assertEqual(cleared.code, 0, cleared.err)
        gone = run_awsx(["exec", vault, "--", "true"], self.env)
        self.assertNotEqual(gone.code, 0)
        self.assertIn(f'profile "{vault}" not found', gone.err)
        self.assertEqual(self.sts_actions(), ["GetSessionToken"])

    def test_a_command_that_is_not_found_is_reported_by_awsx_core(self) -> None:
        self.fill_cache()
        r = run_awsx(["exec", self.prod, "--", "/nonexistent/awsx-test-command"], self.env)
        self.assertEqual(r.code, 127, r.err)
        self.assertIn("awsx: error:", r.err)
        self.assertIn("/nonexistent/awsx-test-command", r.err)
        self.assertEqual(self.sts_actions(), ["AssumeRole"])


class FrontEndLinkage(unittest.TestCase):
    """The point of the front-end: none of the heavy libraries is loaded for a cached exec."""

    def test_the_front_end_loads_no_network_crypto_or_dbus_library(self) -> None:
        readelf = shutil.which("readelf")
        self.assertIsNotNone(readelf, "readelf is missing: apt-get install binutils")
        out = subprocess.run([readelf, "-d", require_awsx()], capture_output=True, text=True,
                             check=True).stdout
        needed = [line.split("[", 1)[1].rstrip("]") for line in out.splitlines()
                  if "(NEEDED)" in line]
        self.assertIn("libc.so.6", needed)
        for heavy in ("Poco", "ssl", "crypto", "secret", "glib", "gio", "gobject", "boost",
                      "dbus"):
            self.assertFalse([n for n in needed if heavy in n], f"{heavy} in {needed}")
        # Each library ld.so loads costs start-up time: libc, libkeyutils and the loader
        # only (libm once came in through from_chars for a double). A sanitizer build
        # also needs its runtimes, and links libstdc++ dynamically.
        allowed = {"libc.so.6", "libkeyutils.so.1"}
        if any(n.startswith("libasan") for n in needed):
            allowed |= {n for n in needed if n.startswith(("libasan", "libubsan", "libstdc++",
                                                            "libgcc_s", "libm."))}
        extra = [n for n in needed if n not in allowed and not n.startswith("ld-linux")]
        self.assertEqual(extra, [], f"the front-end needs {needed}")

    def test_awsx_core_sits_beside_the_front_end_in_the_build_tree(self) -> None:
        core = os.path.join(os.path.dirname(require_awsx()), "awsx-core")
        self.assertTrue(os.access(core, os.X_OK), core)


if __name__ == "__main__":
    unittest.main()
