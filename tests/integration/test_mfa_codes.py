"""MFA codes are never wasted, against moto: once STS has accepted a code of a device, awsx
refuses to send a --mfa-token in the same 30-second step (STS would reject it as used), and
a run that asks for a code (here through mfa_process) waits for the next step instead.
What it remembers is the time, never the code."""

from __future__ import annotations

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, grep_tree, run_awsx, use_shared_moto  # noqa: E402
from motofixture import MotoSts  # noqa: E402

MOTO: MotoSts | None = None
STEP = 30


use_shared_moto(globals())


def start_of_a_step(room: float) -> None:
    """Sleeps until at least `room` seconds are left in the current 30-second step, so
    that two runs made now fall in one step."""
    left = STEP - time.time() % STEP
    if left < room:
        time.sleep(left + 0.05)


class MfaCodes(unittest.TestCase):
    def setUp(self) -> None:
        assert MOTO is not None
        self.home = Home()
        self.addCleanup(self.home.remove)
        # Two roles behind one MFA device; the code comes from mfa_process when asked.
        self.home.write_config(
            f"[profile step]\nregion = eu-west-1\nmfa_serial = {MOTO.mfa_serial}\n"
            f"mfa_process = echo 246810\n\n"
            f"[profile prod]\nrole_arn = {MOTO.role_arn}\nsource_profile = step\n\n"
            f"[profile audit]\nrole_arn = {MOTO.role_arn}\nsource_profile = step\n"
            f"role_session_name = audit\n")
        self.home.write_credentials(
            f"[step]\naws_access_key_id = {MOTO.step_access_key_id}\n"
            f"aws_secret_access_key = {MOTO.step_secret_access_key}\n")
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url, AWSX_BACKEND="file",
                                 AWSX_FILE_PASSPHRASE="mfa codes test")
        MOTO.reset_recording()

    def assume_roles(self) -> list[dict]:
        assert MOTO is not None
        return [c for c in MOTO.sts_calls() if c["action"] == "AssumeRole"]

    def test_a_given_code_in_the_step_of_the_last_accepted_one_is_refused_before_sts(self) -> None:
        start_of_a_step(room=12)
        first = run_awsx(["exec", "prod", "-t", "123456", "--", "true"], self.env)
        self.assertEqual(first.code, 0, first.err)
        second = run_awsx(["exec", "audit", "-t", "123456", "--", "true"], self.env)
        self.assertEqual(second.code, 4, second.err)
        self.assertIn("awsx: error: the --mfa-token code can't be a new one: a code of MFA "
                      f"device {MOTO.mfa_serial} was accepted at ", second.err)
        self.assertIn("awsx: hint: wait ", second.err)
        self.assertEqual(len(self.assume_roles()), 1, "the refused code was never sent")
        # What is remembered is a time, never the code.
        self.assertEqual(grep_tree(os.path.join(self.home.path, ".cache"), "123456"), [])

    def test_asking_again_in_that_step_waits_for_the_next_code(self) -> None:
        start_of_a_step(room=12)
        first = run_awsx(["exec", "prod", "--", "true"], self.env)
        self.assertEqual(first.code, 0, first.err)
        step_of_first = int(time.time() // STEP)
        started = time.time()
        second = run_awsx(["exec", "audit", "--", "true"], self.env, timeout=60)
        self.assertEqual(second.code, 0, second.err)
        self.assertIn("awsx: warning: waiting ", second.err)
        self.assertIn(f"s for the next MFA code of {MOTO.mfa_serial}: the last one was "
                      "accepted at ", second.err)
        calls = self.assume_roles()
        self.assertEqual(len(calls), 2)
        self.assertGreater(int(time.time() // STEP), step_of_first,
                           "the second code was asked for in a later step")
        self.assertLess(time.time() - started, STEP + 5)
        self.assertEqual(grep_tree(os.path.join(self.home.path, ".cache"), "246810"), [])


if __name__ == "__main__":
    unittest.main()
