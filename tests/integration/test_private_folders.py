"""awsx keeps secrets only in folders that no other user can change: every folder above
what it writes (the file keyring, the session cache, the locks) must be owned by the user
or root and not writable by group or others, unless sticky as /tmp is. Otherwise exec
warns once, names the folder and what to fix, and runs uncached; `awsx add` fails. The
tests run as root, so "another user" is nobody (65534), given folders with chown."""

from __future__ import annotations

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import (Home, files_under, run_awsx, shared_moto,  # noqa: E402
                      write_unique_moto_profiles)
from motofixture import MotoSts  # noqa: E402

MOTO: MotoSts | None = None
NOBODY = 65534
PRINT_KEYS = ("import json, os; print(json.dumps({k: os.environ.get(k) for k in "
              "('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN')}))")


def setUpModule() -> None:
    global MOTO
    if os.geteuid() != 0:
        raise RuntimeError("these tests run as root, to give folders to another user with chown")
    MOTO = shared_moto()


class PrivateFolders(unittest.TestCase):
    def setUp(self) -> None:
        assert MOTO is not None
        self.moto = MOTO
        self.home = Home()
        self.step, self.prod = write_unique_moto_profiles(self.home, MOTO, mfa=True)
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url)
        MOTO.reset_recording()

    def tearDown(self) -> None:
        for backend in ("file", "keyctl"):
            run_awsx(["clear", self.prod], dict(self.env, AWSX_BACKEND=backend))
        self.home.remove()

    def folder(self, name: str, mode: int, owner: int | None = None) -> str:
        path = os.path.join(self.home.path, name)
        os.mkdir(path)
        os.chmod(path, mode)
        if owner is not None:
            os.chown(path, owner, owner)
        return path

    def exec_keys(self, env: dict[str, str], *extra: str):
        return run_awsx(["exec", self.prod, *extra, "--", sys.executable, "-c", PRINT_KEYS], env)

    def assume_roles(self) -> int:
        return sum(1 for c in self.moto.sts_calls() if c["action"] == "AssumeRole")

    def assert_runs_uncached_with_one_warning(self, parent: str, env: dict[str, str],
                                              fix: str) -> None:
        for attempt in (1, 2):
            r = self.exec_keys(env, "-t", "123456")
            self.assertEqual(r.code, 0, r.err)
            self.assertTrue(json.loads(r.out)["AWS_ACCESS_KEY_ID"].startswith("ASIA"), r.out)
            warnings = [line for line in r.err.splitlines() if line.startswith("awsx: warning:")]
            self.assertEqual(len(warnings), 1, r.err)
            self.assertIn("running without the session cache", warnings[0])
            self.assertIn(f"{parent} ", warnings[0])
            self.assertIn(fix, warnings[0])
            self.assertEqual(self.assume_roles(), attempt, "nothing was cached")
        self.assertEqual(files_under(parent), [], "nothing was written there")

    def test_a_cache_under_a_world_writable_folder_is_refused(self) -> None:
        parent = self.folder("open", 0o777)
        env = dict(self.env, XDG_CACHE_HOME=os.path.join(parent, "cache"))
        self.assert_runs_uncached_with_one_warning(
            parent, env, f"is writable by its group and others (mode 0777), who could swap "
                         f"what awsx stores; run chmod go-w '{parent}'")

    def test_a_cache_under_another_users_folder_is_refused(self) -> None:
        parent = self.folder("theirs", 0o755, owner=NOBODY)
        env = dict(self.env, XDG_CACHE_HOME=os.path.join(parent, "cache"))
        self.assert_runs_uncached_with_one_warning(
            parent, env, "is a folder of another user (uid 65534)")

    def test_a_cache_through_another_users_symlink_is_refused(self) -> None:
        target = self.folder("target", 0o700)
        link = os.path.join(self.home.path, "link")
        os.symlink(target, link)
        os.lchown(link, NOBODY, NOBODY)
        env = dict(self.env, XDG_CACHE_HOME=link)
        self.assert_runs_uncached_with_one_warning(
            link, env, "is a symbolic link of another user (uid 65534)")
        self.assertEqual(files_under(target), [])

    def test_a_sticky_folder_like_tmp_is_trusted_and_caches(self) -> None:
        # The temporary HOME itself sits in /tmp: root's, sticky, world-writable.
        shared = self.folder("shared", 0o1777)
        env = dict(self.env, XDG_CACHE_HOME=os.path.join(shared, "cache"))
        first = self.exec_keys(env, "-t", "123456")
        self.assertEqual(first.code, 0, first.err)
        self.assertNotIn("warning", first.err)
        second = self.exec_keys(env)  # no terminal, no code: only the cache can answer
        self.assertEqual(second.code, 0, second.err)
        self.assertEqual(self.assume_roles(), 1)
        self.assertTrue(any(p.endswith(".secret") for p in files_under(shared)))

    def test_keyctl_sessions_still_cache_when_only_the_lock_folder_is_unsafe(self) -> None:
        parent = self.folder("open", 0o777)
        env = dict(self.env, AWSX_BACKEND="keyctl", XDG_CACHE_HOME=os.path.join(parent, "c"))
        first = self.exec_keys(env, "-t", "123456")
        self.assertEqual(first.code, 0, first.err)
        warnings = [line for line in first.err.splitlines() if "awsx: warning:" in line]
        self.assertEqual(len(warnings), 1, first.err)
        self.assertIn("running without the session lock", warnings[0])
        self.assertIn(f"chmod go-w '{parent}'", warnings[0])
        second = self.exec_keys(env)
        self.assertEqual(second.code, 0, second.err)
        self.assertEqual(self.assume_roles(), 1, "the kernel keyring still caches")
        self.assertEqual(files_under(parent), [])

    def test_add_refuses_to_store_keys_below_an_unsafe_folder(self) -> None:
        parent = self.folder("open", 0o777)
        env = dict(self.env, XDG_DATA_HOME=os.path.join(parent, "data"),
                   AWS_ACCESS_KEY_ID=self.moto.step_access_key_id,
                   AWS_SECRET_ACCESS_KEY=self.moto.step_secret_access_key)
        r = run_awsx(["add", self.step, "--env"], env)
        self.assertEqual(r.code, 7, r.err)
        self.assertIn(f"awsx: error: awsx will not keep secrets in {parent}/data/awsx/keyring: "
                      f"{parent} is writable", r.err)
        self.assertIn(f"awsx: hint: run chmod go-w '{parent}'", r.err)
        self.assertNotIn(self.moto.step_secret_access_key, r.out + r.err)
        self.assertEqual(files_under(parent), [])


if __name__ == "__main__":
    unittest.main()
