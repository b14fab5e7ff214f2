"""Bad configuration and command lines: each gets one clear error with its location,
a distinct exit status, and never a secret. No STS is contacted: the endpoint is a
closed loopback port, so a test that wrongly reached the network would fail loudly."""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, run_awsx  # noqa: E402

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"
KEYS = f"""\
    [step]
    aws_access_key_id = AKIAIOSFODNN7EXAMPLE
    aws_secret_access_key = {SECRET}
    """


class BadInput(unittest.TestCase):
    def setUp(self) -> None:
        self.home = Home()
        self.home.write_credentials(KEYS)
        # Port 9 (discard) on loopback is closed: any STS call would be refused at once.
        self.env = self.home.env(AWS_ENDPOINT_URL_STS="http://127.0.0.1:9")

    def tearDown(self) -> None:
        self.home.remove()

    def awsx(self, *args: str):
        r = run_awsx(list(args), self.env, timeout=30)
        self.assertNotIn(SECRET, r.out + r.err)
        return r

    def test_malformed_config_names_file_and_line(self) -> None:
        self.home.write_config("[profile prod]\nregion = eu-west-1\nthis line is wrong\n")
        r = self.awsx("exec", "prod", "--", "true")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn(f"awsx: error: {self.home.config}:3:", r.err)

    def test_source_profile_cycle(self) -> None:
        self.home.write_config("""\
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::111111111111:role/b
            source_profile = a
            """)
        r = self.awsx("exec", "a", "--", "true")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("source_profile cycle: a -> b -> a", r.err)
        self.assertIn(f"{self.home.config}:6", r.err)

    def test_missing_source_profile(self) -> None:
        self.home.write_config("""\
            [profile prod]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = jump
            """)
        r = self.awsx("exec", "prod", "--", "true")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("source_profile = jump, but no profile \"jump\" exists", r.err)
        self.assertIn(f"{self.home.config}:3", r.err)

    def test_unknown_profile(self) -> None:
        self.home.write_config("[profile prod]\nregion = eu-west-1\n")
        r = self.awsx("exec", "staging", "--", "true")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("profile \"staging\" not found", r.err)
        self.assertIn("known profiles: prod, step", r.err)

    def test_mfa_token_but_no_mfa_serial(self) -> None:
        self.home.write_config("""\
            [profile prod]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = step
            """)
        r = self.awsx("exec", "prod", "--mfa-token", "123456", "--", "true")
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("has no mfa_serial", r.err)
        self.assertIn("awsx: hint: add mfa_serial = ", r.err)

    def test_no_tty_and_no_code(self) -> None:
        self.home.write_config("""\
            [profile prod]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = step
            mfa_serial = arn:aws:iam::111111111111:mfa/alice
            """)
        r = self.awsx("exec", "prod", "--", "true")
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("MFA code needed for arn:aws:iam::111111111111:mfa/alice (profile prod)",
                      r.err)
        self.assertIn("no terminal", r.err)

    def test_malformed_mfa_code(self) -> None:
        self.home.write_config("""\
            [profile prod]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = step
            mfa_serial = arn:aws:iam::111111111111:mfa/alice
            """)
        r = self.awsx("exec", "prod", "-t", "12 34", "--", "true")
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("not 6 digits", r.err)

    def test_unreachable_sts_is_a_network_error(self) -> None:
        self.home.write_config("[profile prod]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = step\n")
        r = self.awsx("exec", "prod", "--", "true")
        self.assertEqual(r.code, 6, r.err)
        self.assertIn("connection refused by http://127.0.0.1:9", r.err)

    def test_a_token_file_that_never_ends_is_refused_at_once(self) -> None:
        # A FIFO would wait for a writer for ever, /dev/zero would fill memory.
        fifo = os.path.join(self.home.path, "token.fifo")
        os.mkfifo(fifo)
        for token_file in (fifo, "/dev/zero"):
            r = run_awsx(["export"], self.home.env(
                AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:9/creds",
                AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=token_file), timeout=20)
            self.assertEqual(r.code, 4, r.err)
            self.assertIn(f"cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {token_file}: it "
                          "is not a regular file", r.err)
            self.home.write_config(f"[profile ci]\nrole_arn = arn:aws:iam::111111111111:role/ci\n"
                                   f"web_identity_token_file = {token_file}\n")
            r = self.awsx("exec", "ci", "--", "true")
            self.assertEqual(r.code, 4, r.err)
            self.assertIn(f"cannot read web_identity_token_file {token_file} of profile ci", r.err)
            self.assertIn("it is not a regular file", r.err)

    def test_usage_errors(self) -> None:
        r = self.awsx("exec", "--duration", "forever")
        self.assertEqual(r.code, 2)
        self.assertIn("--duration forever is not a duration", r.err)
        r = self.awsx("bogus")
        self.assertEqual(r.code, 2)
        # Glued text never turns an unknown short option into a long one (-xjson as --json).
        for args in (["list", "-xjson"], ["whoami", "-xjson"], ["export", "-xformat"]):
            r = self.awsx(*args)
            self.assertEqual((r.code, r.out), (2, ""), args)
            self.assertIn(f"unknown option -x for awsx {args[0]}", r.err)

    def test_help_for_every_command_and_version(self) -> None:
        top = self.awsx("--help")
        self.assertEqual(top.code, 0)
        commands = [line.split()[0] for line in top.out.split("Commands:\n")[1].split("\n\n")[0]
                    .splitlines()]
        self.assertIn("exec", commands)
        self.assertIn("whoami", commands)
        for command in commands:
            r = self.awsx(command, "--help")
            self.assertEqual(r.code, 0, command)
            self.assertIn(f"Usage: awsx {command}", r.out)
        self.assertRegex(self.awsx("--version").out, r"^awsx \d+\.\d+\.\d+\n$")


if __name__ == "__main__":
    unittest.main()
