"""Messages never echo a value that may be a secret: a secret access key given where
the key id belongs, or the arguments of credential_process (they may hold a token)."""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, run_awsx  # noqa: E402

SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
TOKEN = "tok-3f9a2c7e1b"


class Redaction(unittest.TestCase):
    def setUp(self) -> None:
        self.home = Home()

    def tearDown(self) -> None:
        self.home.remove()

    def assert_hidden(self, text: str, *secrets: str) -> None:
        for secret in secrets:
            self.assertNotIn(secret, text)
            self.assertNotIn(secret[:12], text)

    def test_add_env_with_the_two_variables_swapped(self) -> None:
        r = run_awsx(["add", "p", "--env"],
                     self.home.env(AWS_ACCESS_KEY_ID=SECRET, AWS_SECRET_ACCESS_KEY=KEY_ID))
        self.assertEqual(r.code, 4, r.err)
        self.assert_hidden(r.out + r.err, SECRET)
        self.assertIn("AWS_ACCESS_KEY_ID does not look like an access key id", r.err)
        self.assertIn("swapped", r.err)

    def test_credential_process_messages_name_the_program_only(self) -> None:
        self.home.write_config(f"[profile failing]\ncredential_process = sh -c 'exit 3' "
                               f"--token={TOKEN}\n"
                               f"[profile missing]\ncredential_process = VAULT_TOKEN={TOKEN} "
                               f"awsx-no-such-helper --token {TOKEN}\n")
        for profile, expected in (("failing", "credential_process `sh` exited with status 3"),
                                  ("missing", "credential_process `VAULT_TOKEN=...` was not "
                                              "found")):
            r = run_awsx(["export", profile, "--no-cache"], self.home.env())
            self.assertEqual(r.code, 4, r.err)
            self.assertIn(expected, r.err)
            self.assert_hidden(r.out + r.err, TOKEN)

    def test_doctor_shows_neither_process_arguments_nor_a_misplaced_secret(self) -> None:
        self.home.write_config(f"[profile proc]\ncredential_process = get-creds --token "
                               f"{TOKEN}\n[profile keys]\nregion = eu-west-1\n")
        self.home.write_credentials(f"[keys]\naws_access_key_id = {SECRET}\n"
                                    f"aws_secret_access_key = {KEY_ID}\n")
        for profile in ("proc", "keys"):
            r = run_awsx(["doctor", profile], self.home.env())
            self.assert_hidden(r.out + r.err, TOKEN, SECRET)
        r = run_awsx(["doctor", "proc"], self.home.env())
        self.assertIn("get-creds (its arguments are not shown)", r.out + r.err)


    def test_a_malformed_endpoint_url_is_quoted_without_its_password_or_query(self) -> None:
        self.home.write_credentials(f"[keys]\naws_access_key_id = {KEY_ID}\n"
                                    f"aws_secret_access_key = {SECRET}\n")
        for variable in ("AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"):
            r = run_awsx(["exec", "keys", "--", "true"], self.home.env(
                **{variable: f"gopher://admin:{TOKEN}@127.0.0.1:9/?t={TOKEN}"}))
            self.assertEqual(r.code, 3, r.err)
            self.assertIn("gopher://***@127.0.0.1:9/?***", r.err)
            self.assert_hidden(r.out + r.err, TOKEN)

if __name__ == "__main__":
    unittest.main()
