"""The default RoleSessionName comes from the password database, not from $USER, so a
session cached from one shell (bash leaves USER unset where it is missing, fish sets it;
sudo, cron and containers each do their own thing) is found from any other. Against moto
with request recording, once per backend that works without a desktop."""

from __future__ import annotations

import os
import pwd
import shutil
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import (Home, require_awsx, run_awsx, run_detached, use_shared_moto,  # noqa: E402
                      write_unique_moto_profiles)
from motofixture import MotoSts  # noqa: E402

MOTO: MotoSts | None = None
PRINT_USER = "import os; print(os.environ.get('USER', '<unset>'))"


use_shared_moto(globals())


class SessionNameBase:
    backend = ""

    def setUp(self) -> None:
        assert MOTO is not None
        self.moto = MOTO
        self.home = Home()
        _, self.prod = write_unique_moto_profiles(self.home, MOTO, mfa=True)
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url, AWSX_BACKEND=self.backend)
        self.env.pop("USER", None)
        self.env.pop("LOGNAME", None)
        MOTO.reset_recording()

    def tearDown(self) -> None:
        run_awsx(["clear", self.prod], self.env)
        self.home.remove()

    def assume_roles(self) -> list[dict]:
        return [c for c in self.moto.sts_calls() if c["action"] == "AssumeRole"]

    def exec_as(self, user: str | None, *extra: str):
        env = dict(self.env, **({"USER": user} if user is not None else {}))
        return run_awsx(["exec", self.prod, *extra, "--", sys.executable, "-c", PRINT_USER], env)

    def test_a_session_cached_with_one_USER_is_reused_without_it_and_with_another(self) -> None:
        first = self.exec_as("alice", "-t", "123456")
        self.assertEqual(first.code, 0, first.err)
        self.assertEqual(first.out.strip(), "alice", "the child keeps the caller's USER")
        # No terminal and no code: only a cache hit can succeed.
        unset = self.exec_as(None)
        self.assertEqual(unset.code, 0, unset.err)
        self.assertEqual(unset.out.strip(), "<unset>")
        other = self.exec_as("bob")
        self.assertEqual(other.code, 0, other.err)
        calls = self.assume_roles()
        self.assertEqual(len(calls), 1, calls)
        login = pwd.getpwuid(os.getuid()).pw_name
        self.assertEqual(calls[0]["params"]["RoleSessionName"], f"awsx-{login}")

    def test_a_session_cached_from_bash_is_found_from_fish(self) -> None:
        shells = {name: shutil.which(name) for name in ("bash", "fish")}
        missing = [name for name, path in shells.items() if path is None]
        self.assertEqual(missing, [], "install bash and fish (apt-get install bash fish)")
        awsx = require_awsx()
        child = f"{sys.executable} -c \"{PRINT_USER}\""
        bash = run_detached([shells["bash"], "--noprofile", "--norc", "-c",
                             f"'{awsx}' exec {self.prod} -t 123456 -- {child}"], self.env)
        self.assertEqual((bash.code, bash.out.strip()), (0, "<unset>"),
                         f"bash leaves USER unset; stderr: {bash.err}")
        fish = run_detached([shells["fish"], "--no-config", "-c",
                             f"'{awsx}' exec {self.prod} -- {child}"], self.env)
        self.assertEqual(fish.code, 0, fish.err)
        self.assertNotEqual(fish.out.strip(), "<unset>", "fish sets USER itself")
        self.assertEqual(len(self.assume_roles()), 1, self.moto.sts_calls())


class FileBackend(SessionNameBase, unittest.TestCase):
    backend = "file"


class KeyctlBackend(SessionNameBase, unittest.TestCase):
    backend = "keyctl"


if __name__ == "__main__":
    unittest.main()
