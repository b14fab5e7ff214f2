"""The session cache and stored keys, end to end against moto with request recording:
one MFA code per session lifetime, one STS call between concurrent runs, nothing
readable on disk. Runs once per backend that works without a desktop (file, keyctl)."""

from __future__ import annotations

import json
import os
import stat
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import (Home, files_under, grep_tree, next_mfa_step, run_awsx,  # noqa: E402
                      start_awsx, use_shared_moto, write_unique_moto_profiles)
from motofixture import MotoSts  # noqa: E402

MOTO: MotoSts | None = None
PRINT_KEYS = ("import json, os; print(json.dumps({k: os.environ.get(k) for k in "
              "('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN')}))")


use_shared_moto(globals())


def stored_bytes(root: str) -> dict[str, bytes]:
    """Every file under `root` and its bytes, less the record of used MFA codes: each run
    here takes the device's next code (next_mfa_step), and recording that one is right."""
    out = {}
    for path in files_under(root):
        if os.path.isfile(path) and f"{os.sep}mfa{os.sep}" not in path:
            with open(path, "rb") as f:
                out[path] = f.read()
    return out


class CacheBase:
    backend = ""

    def setUp(self) -> None:
        assert MOTO is not None
        self.moto = MOTO
        self.home = Home()
        self.step, self.prod = write_unique_moto_profiles(
            self.home, MOTO, mfa=True, extra="duration_seconds = 43200\n")
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url, AWSX_BACKEND=self.backend,
                                 AWSX_FILE_PASSPHRASE="correct horse battery staple")
        MOTO.reset_recording()

    def tearDown(self) -> None:
        run_awsx(["clear", self.prod], self.env)
        run_awsx(["remove", self.step], self.env)
        self.home.remove()

    def exec_keys(self, *extra: str, env: dict[str, str] | None = None):
        # Each -t here stands for the code the device shows now, not one STS took already.
        next_mfa_step(env or self.env)
        return run_awsx(["exec", self.prod, *extra, "--", sys.executable, "-c", PRINT_KEYS],
                        env or self.env)

    def assume_role_calls(self) -> list[dict]:
        return [c for c in self.moto.sts_calls() if c["action"] == "AssumeRole"]

    def test_second_exec_reuses_the_session_without_mfa_or_sts(self) -> None:
        first = self.exec_keys("--mfa-token", "123456")
        self.assertEqual(first.code, 0, first.err)
        second = self.exec_keys()  # stdin closed, no terminal, no token
        self.assertEqual(second.code, 0, second.err)
        self.assertEqual(json.loads(first.out), json.loads(second.out))
        self.assertEqual(len(self.assume_role_calls()), 1, self.moto.sts_calls())

    def test_no_cache_bypasses_the_cache(self) -> None:
        self.assertEqual(self.exec_keys("-t", "123456").code, 0)
        r = self.exec_keys("-t", "123456", "--no-cache")
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(len(self.assume_role_calls()), 2)

    def test_clear_forgets_the_session_so_mfa_is_needed_again(self) -> None:
        self.assertEqual(self.exec_keys("-t", "123456").code, 0)
        r = run_awsx(["clear", self.prod], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertIn("Cleared 1 cached session", r.out)
        again = self.exec_keys()
        self.assertEqual(again.code, 4, again.err)
        self.assertIn("MFA code needed", again.err)

    def profile_under_prod(self) -> str:
        """Adds profile "<prod>/b", a second role from step. Profile names are free-form
        for botocore and awsx, so its sessions are named "session/<prod>/b/<digest>" and
        start with the prefix of prod's own."""
        other = f"{self.prod}/b"
        with open(self.home.config, "a", encoding="utf-8") as f:
            f.write(f"\n[profile {other}]\nrole_arn = {self.moto.role_arn}\n"
                    f"source_profile = {self.step}\n")
        self.addCleanup(run_awsx, ["clear", other], self.env)
        r = run_awsx(["exec", other, "-t", "123456", "--", "true"], self.env)
        self.assertEqual(r.code, 0, r.err)
        return other

    def assert_still_cached(self, profile: str) -> None:
        r = run_awsx(["exec", profile, "--", "true"], self.env)  # no MFA code: cache only
        self.assertEqual(r.code, 0, f"{profile}'s session was forgotten: {r.err}")

    def test_clear_keeps_the_sessions_of_a_profile_under_its_name(self) -> None:
        other = self.profile_under_prod()
        self.assertEqual(self.exec_keys("-t", "123456").code, 0)
        r = run_awsx(["clear", self.prod], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(r.out, f"Cleared 1 cached session of profile {self.prod}.\n")
        self.assert_still_cached(other)
        self.assertEqual(len(self.assume_role_calls()), 2, self.moto.sts_calls())

    def add_prod_keys(self) -> None:
        """Stores keys for prod in the keyring, which forgets the sessions they made."""
        keys = dict(self.env, AWS_ACCESS_KEY_ID=self.moto.step_access_key_id,
                    AWS_SECRET_ACCESS_KEY=self.moto.step_secret_access_key)
        self.addCleanup(run_awsx, ["remove", self.prod], self.env)
        r = run_awsx(["add", self.prod, "--env"], keys)
        self.assertEqual(r.code, 0, r.err)

    def test_add_keeps_the_sessions_of_a_profile_under_its_name(self) -> None:
        other = self.profile_under_prod()
        self.add_prod_keys()
        self.assert_still_cached(other)

    def test_remove_keeps_the_sessions_of_a_profile_under_its_name(self) -> None:
        self.add_prod_keys()
        other = self.profile_under_prod()
        r = run_awsx(["remove", self.prod], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(r.out, f"Removed the keys of profile {self.prod} and 0 cached sessions.\n")
        self.assert_still_cached(other)

    def test_eight_concurrent_execs_make_one_assume_role(self) -> None:
        procs = [start_awsx(["exec", self.prod, "-t", "123456", "--", sys.executable, "-c",
                             PRINT_KEYS], self.env) for _ in range(8)]
        outs = [p.communicate(timeout=120) for p in procs]
        for p, (out, err) in zip(procs, outs):
            self.assertEqual(p.returncode, 0, err)
        keys = {json.loads(out)["AWS_ACCESS_KEY_ID"] for out, _ in outs}
        self.assertEqual(len(keys), 1, keys)
        self.assertEqual(len(self.assume_role_calls()), 1, self.moto.sts_calls())

    def test_list_shows_sources_and_time_left(self) -> None:
        self.assertEqual(self.exec_keys("-t", "123456").code, 0)
        r = run_awsx(["list", "--json"], self.env)
        self.assertEqual(r.code, 0, r.err)
        doc = json.loads(r.out)
        rows = {p["name"]: p for p in doc["profiles"]}
        self.assertEqual(rows[self.prod]["credentials"], "role")
        self.assertEqual(rows[self.prod]["via"], self.step)
        self.assertGreater(rows[self.prod]["session"]["seconds_left"], 43200 - 600)
        self.assertEqual(rows[self.step]["credentials"], "keys")
        self.assertEqual(rows[self.step]["via"], "credentials file")
        self.assertIsNone(rows[self.step]["session"])
        table = run_awsx(["list"], self.env)
        self.assertRegex(table.out, rf"{self.prod}\s+role via {self.step}\s+1[12]h\d\dm left")

    def test_keys_in_the_keyring_replace_the_credentials_file(self) -> None:
        env = dict(self.env, AWS_ACCESS_KEY_ID=self.moto.step_access_key_id,
                   AWS_SECRET_ACCESS_KEY=self.moto.step_secret_access_key)
        r = run_awsx(["add", self.step, "--env"], env)
        self.assertEqual(r.code, 0, r.err)
        os.unlink(self.home.credentials)
        r = self.exec_keys("-t", "123456")
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.assume_role_calls()[0]["access_key_id"], self.moto.step_access_key_id)
        self.assertEqual(grep_tree(self.home.path, self.moto.step_secret_access_key), [])
        listed = {p["name"]: p for p in json.loads(run_awsx(["list", "--json"], self.env).out)["profiles"]}
        self.assertEqual(listed[self.step]["via"], "keyring")
        r = run_awsx(["remove", self.step], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertIn("and 1 cached session", r.out)
        gone = self.exec_keys("-t", "123456")
        self.assertEqual(gone.code, 4, gone.err)
        self.assertIn("has no credentials", gone.err)


class FileBackend(CacheBase, unittest.TestCase):
    backend = "file"

    def test_nothing_readable_and_everything_private(self) -> None:
        r = self.exec_keys("-t", "123456")
        self.assertEqual(r.code, 0, r.err)
        session = json.loads(r.out)
        created = [p for p in files_under(self.home.path) if "/.aws" not in p]
        self.assertTrue(any(os.path.isfile(p) for p in created), created)
        for needle in (session["AWS_SECRET_ACCESS_KEY"], session["AWS_SESSION_TOKEN"][:40]):
            self.assertEqual(grep_tree(self.home.path, needle), [])
        for path in created:
            mode = stat.S_IMODE(os.lstat(path).st_mode)
            self.assertEqual(mode, 0o700 if os.path.isdir(path) else 0o600, path)

    def test_wrong_passphrase_is_an_error_and_leaves_the_cache_intact(self) -> None:
        self.assertEqual(self.exec_keys("-t", "123456").code, 0)
        before = stored_bytes(self.home.path)
        r = run_awsx(["exec", self.prod, "-t", "123456", "--", "true"],
                     dict(self.env, AWSX_FILE_PASSPHRASE="wrong"))
        self.assertEqual(r.code, 7, r.err)
        self.assertIn("wrong passphrase", r.err)
        after = stored_bytes(self.home.path)
        self.assertEqual(before, after)
        self.assertEqual(self.exec_keys().code, 0, "the cached session is still usable")

    def test_no_passphrase_and_no_terminal_runs_without_the_cache(self) -> None:
        # As in a container (keyctl blocked, so sessions go to files) where one run had
        # the passphrase and a later script has neither it nor a terminal: the session
        # can still be fetched, so the cache it can't open must not stop the run.
        self.assertEqual(self.exec_keys("-t", "123456").code, 0)
        before = stored_bytes(self.home.path)
        env = {k: v for k, v in self.env.items() if k != "AWSX_FILE_PASSPHRASE"}
        r = self.exec_keys("-t", "123456", env=env)
        self.assertEqual(r.code, 0, r.err)
        self.assertTrue(json.loads(r.out)["AWS_ACCESS_KEY_ID"].startswith("ASIA"))
        warnings = [line for line in r.err.splitlines() if line.startswith("awsx: warning:")]
        self.assertEqual(len(warnings), 1, r.err)
        self.assertIn("running without the session cache", warnings[0])
        self.assertIn("set AWSX_FILE_PASSPHRASE", warnings[0])
        self.assertEqual(len(self.assume_role_calls()), 2)
        after = stored_bytes(self.home.path)
        self.assertEqual(before, after)

    def test_corrupt_cache_entry_is_discarded_and_a_new_session_fetched(self) -> None:
        self.assertEqual(self.exec_keys("-t", "123456").code, 0)
        sessions = os.path.join(self.home.path, ".cache", "awsx", "sessions")
        entries = [p for p in files_under(sessions) if p.endswith(".secret")]
        self.assertEqual(len(entries), 1, files_under(sessions))
        with open(entries[0], "r+b") as f:
            data = bytearray(f.read())
            data[len(data) // 2] ^= 0xFF
            f.seek(0)
            f.write(data)
        r = self.exec_keys("-t", "123456")
        self.assertEqual(r.code, 0, r.err)
        self.assertIn("awsx: warning: discarding a corrupt cached session", r.err)
        self.assertEqual(len(self.assume_role_calls()), 2)

    def test_unwritable_cache_folder_still_runs_with_a_warning(self) -> None:
        blocker = os.path.join(self.home.path, "not-a-folder")
        open(blocker, "w").close()
        env = dict(self.env, XDG_CACHE_HOME=blocker)  # mkdir under a file fails, even as root
        r = self.exec_keys("-t", "123456", env=env)
        self.assertEqual(r.code, 0, r.err)
        self.assertIn("awsx: warning:", r.err)
        self.assertTrue(json.loads(r.out)["AWS_ACCESS_KEY_ID"].startswith("ASIA"))


def proc_keys_timeouts(prefix: str) -> dict[str, str]:
    """The timeout column of /proc/keys ("perm", "expd", "14m", ...) of each key whose
    description starts with `prefix`, by description."""
    out = {}
    with open("/proc/keys", encoding="utf-8") as f:
        for line in f:
            fields = line.split(None, 8)
            if len(fields) == 9 and fields[8].startswith(prefix):
                out[fields[8].rsplit(":", 1)[0]] = fields[3]
    return out


class KeyctlBackend(CacheBase, unittest.TestCase):
    backend = "keyctl"

    def test_the_kernel_key_expires_with_its_session_and_stored_keys_do_not(self) -> None:
        env = dict(self.env, AWS_ACCESS_KEY_ID=self.moto.step_access_key_id,
                   AWS_SECRET_ACCESS_KEY=self.moto.step_secret_access_key)
        r = run_awsx(["add", self.step, "--env"], env)
        self.assertEqual(r.code, 0, r.err)
        r = self.exec_keys("-t", "123456", "-d", "15m")
        self.assertEqual(r.code, 0, r.err)
        sessions = proc_keys_timeouts(f"awsx:sessions:session/{self.prod}/")
        self.assertEqual(len(sessions), 1, sessions)
        # 900 s from the AssumeRole: /proc/keys shows whole minutes left, rounded down.
        self.assertRegex(next(iter(sessions.values())), r"^1[45]m$", sessions)
        self.assertEqual(proc_keys_timeouts(f"awsx:credentials:credentials/{self.step}"),
                         {f"awsx:credentials:credentials/{self.step}": "perm"})
        self.assertEqual(self.exec_keys("-d", "15m").code, 0, "the timed key still serves the cache")
        self.assertEqual(len(self.assume_role_calls()), 1, self.moto.sts_calls())


if __name__ == "__main__":
    unittest.main()
