"""awsx exec and whoami against moto_server with SigV4 and IAM checks on."""

from __future__ import annotations

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, run_awsx, use_shared_moto  # noqa: E402
from motofixture import MotoSts  # noqa: E402

MOTO: MotoSts | None = None

PRINT_IDENTITY = (
    "import boto3, json; "
    "print(json.dumps(boto3.client('sts').get_caller_identity()))"
)
PRINT_ENV = "import json, os; print(json.dumps(dict(os.environ)))"


use_shared_moto(globals())


class ExecAgainstMoto(unittest.TestCase):
    def setUp(self) -> None:
        assert MOTO is not None
        self.moto = MOTO
        self.home = Home()
        self.home.write_config(f"""\
            [profile step]
            region = eu-west-1
            mfa_serial = {MOTO.mfa_serial}

            [profile prod]
            role_arn = {MOTO.role_arn}
            source_profile = step
            duration_seconds = 43200
            region = eu-central-1
            """)
        self.write_step_keys(MOTO.step_secret_access_key)
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url)
        MOTO.reset_recording()

    def tearDown(self) -> None:
        self.home.remove()

    def write_step_keys(self, secret: str) -> None:
        assert MOTO is not None
        self.home.write_credentials(f"""\
            [step]
            aws_access_key_id = {MOTO.step_access_key_id}
            aws_secret_access_key = {secret}
            """)

    def exec_python(self, code: str, *extra: str, env: dict[str, str] | None = None):
        return run_awsx(["exec", "prod", "--mfa-token", "123456", *extra, "--",
                         sys.executable, "-c", code], env or self.env)

    def test_child_is_the_assumed_role(self) -> None:
        r = self.exec_python(PRINT_IDENTITY)
        self.assertEqual(r.code, 0, r.err)
        identity = json.loads(r.out)
        self.assertTrue(identity["Arn"].startswith(
            f"arn:aws:sts::{self.moto.account_id}:assumed-role/prod-role/awsx-"), identity)

    def test_aws_cli_v2_in_the_child_sees_the_role(self) -> None:
        if not os.access("/usr/bin/aws", os.X_OK):
            self.fail("the AWS CLI v2 is missing: apt-get install awscli")
        r = run_awsx(["exec", "prod", "-t", "123456", "--", "/usr/bin/aws", "sts",
                      "get-caller-identity", "--endpoint-url", self.moto.url, "--output", "json"],
                     self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertIn(":assumed-role/prod-role/", json.loads(r.out)["Arn"])

    def test_exactly_one_direct_assume_role_with_mfa_and_twelve_hours(self) -> None:
        r = self.exec_python("pass")
        self.assertEqual(r.code, 0, r.err)
        calls = self.moto.sts_calls()
        self.assertEqual([c["action"] for c in calls], ["AssumeRole"], calls)
        params = calls[0]["params"]
        self.assertEqual(params["DurationSeconds"], "43200")
        self.assertEqual(params["SerialNumber"], self.moto.mfa_serial)
        self.assertEqual(params["TokenCode"], "123456")
        self.assertEqual(params["RoleArn"], self.moto.role_arn)
        self.assertEqual(calls[0]["access_key_id"], self.moto.step_access_key_id)
        self.assertTrue(calls[0]["access_key_id"].startswith("AKIA"))

    def test_sts_requests_say_awsx_in_their_user_agent(self) -> None:
        # CloudTrail's userAgent field then shows who called; moto checked the signature,
        # so leaving User-Agent unsigned (as botocore does) is accepted.
        r = self.exec_python("pass")
        self.assertEqual(r.code, 0, r.err)
        agents = [_header_value(c["headers"], "User-Agent") for c in self.moto.sts_calls()]
        self.assertEqual(len(agents), 1)
        self.assertRegex(agents[0] or "", r"^awsx/\d+\.\d+\.\d+$")
        authorization = _header_value(self.moto.sts_calls()[0]["headers"], "Authorization")
        self.assertNotIn("user-agent", authorization or "")

    def test_a_source_profile_with_keys_ends_the_chain_as_in_botocore(self) -> None:
        # step also has role_arn and source_profile (here: back to prod, which would be a
        # cycle); its static keys end the chain, so exec makes exactly one AssumeRole.
        self.home.write_config(f"""\
            [profile step]
            region = eu-west-1
            mfa_serial = {self.moto.mfa_serial}
            role_arn = {self.moto.role_arn}
            source_profile = prod

            [profile prod]
            role_arn = {self.moto.role_arn}
            source_profile = step
            duration_seconds = 43200
            """)
        r = self.exec_python(PRINT_IDENTITY)
        self.assertEqual(r.code, 0, r.err)
        self.assertIn(":assumed-role/", json.loads(r.out)["Arn"])
        calls = self.moto.sts_calls()
        self.assertEqual([c["action"] for c in calls], ["AssumeRole", "GetCallerIdentity"], calls)
        self.assertEqual(calls[0]["access_key_id"], self.moto.step_access_key_id)

    def test_child_environment(self) -> None:
        env = dict(self.env, AWS_SECURITY_TOKEN="stale-token", AWS_PROFILE="step",
                   AWS_DEFAULT_PROFILE="step", AWS_SESSION_TOKEN="old")
        r = self.exec_python(PRINT_ENV, env=env)
        self.assertEqual(r.code, 0, r.err)
        child = json.loads(r.out)
        self.assertTrue(child["AWS_ACCESS_KEY_ID"].startswith("ASIA"), child["AWS_ACCESS_KEY_ID"])
        self.assertTrue(child["AWS_SECRET_ACCESS_KEY"])
        self.assertNotEqual(child["AWS_SECRET_ACCESS_KEY"], self.moto.step_secret_access_key)
        self.assertTrue(child["AWS_SESSION_TOKEN"])
        self.assertNotEqual(child["AWS_SESSION_TOKEN"], "old")
        self.assertEqual(child["AWS_REGION"], "eu-central-1")
        self.assertEqual(child["AWS_DEFAULT_REGION"], "eu-central-1")
        self.assertEqual(child["AWSX_PROFILE"], "prod")
        self.assertRegex(child["AWS_CREDENTIAL_EXPIRATION"],
                         r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
        for gone in ("AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
            self.assertNotIn(gone, child)

    def test_child_exit_status_is_passed_through(self) -> None:
        r = self.exec_python("import sys; sys.exit(7)")
        self.assertEqual(r.code, 7, r.err)
        r = run_awsx(["exec", "prod", "-t", "123456", "--", "sh", "-c", "exit 7"], self.env)
        self.assertEqual(r.code, 7, r.err)

    def test_command_not_found_exits_127(self) -> None:
        r = run_awsx(["exec", "prod", "-t", "123456", "--", "no-such-command-awsx"], self.env)
        self.assertEqual(r.code, 127)
        self.assertIn("awsx: error: command not found: no-such-command-awsx", r.err)

    def test_shell_runs_when_no_command_is_given(self) -> None:
        script = os.path.join(self.home.path, "fake-shell")
        with open(script, "w", encoding="utf-8") as f:
            f.write('#!/bin/sh\necho "shell with $AWSX_PROFILE"\n')
        os.chmod(script, 0o700)
        r = run_awsx(["exec", "prod", "-t", "123456"], dict(self.env, SHELL=script))
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(r.out, "shell with prod\n")

    def test_wrong_secret_is_signature_does_not_match(self) -> None:
        wrong = "x" * 40
        self.write_step_keys(wrong)
        r = self.exec_python("pass")
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("awsx: error: sts AssumeRole for profile prod: SignatureDoesNotMatch:", r.err)
        self.assertIn("profile step", r.err)
        self.assertNotIn(wrong, r.err + r.out)

    def test_whoami_reports_the_role(self) -> None:
        r = run_awsx(["whoami", "prod", "-t", "123456", "--json"], self.env)
        self.assertEqual(r.code, 0, r.err)
        identity = json.loads(r.out)
        self.assertIn(":assumed-role/prod-role/", identity["Arn"])
        self.assertEqual(identity["Account"], self.moto.account_id)
        self.assertEqual(identity["Profile"], "prod")

    def test_no_tty_and_no_code_fails_at_once_without_calling_sts(self) -> None:
        r = run_awsx(["exec", "prod", "--", "true"], self.env, timeout=20)
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("MFA code needed for " + self.moto.mfa_serial, r.err)
        self.assertIn("--mfa-token", r.err)
        self.assertEqual(self.moto.sts_calls(), [])

    def test_mfa_process_supplies_the_code(self) -> None:
        with open(self.home.config, "a", encoding="utf-8") as f:
            f.write("mfa_process = echo 654321\n")
        r = run_awsx(["exec", "prod", "--", "true"], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.moto.sts_calls()[0]["params"]["TokenCode"], "654321")

    def test_plain_key_profile_gets_a_session_token_not_its_keys(self) -> None:
        r = run_awsx(["exec", "step", "-t", "123456", "--", sys.executable, "-c", PRINT_ENV],
                     self.env)
        self.assertEqual(r.code, 0, r.err)
        child = json.loads(r.out)
        self.assertNotEqual(child["AWS_SECRET_ACCESS_KEY"], self.moto.step_secret_access_key)
        calls = self.moto.sts_calls()
        self.assertEqual([c["action"] for c in calls], ["GetSessionToken"])
        self.assertEqual(calls[0]["params"]["DurationSeconds"], "43200")
        self.assertEqual(calls[0]["params"]["SerialNumber"], self.moto.mfa_serial)


def _header_value(headers: dict[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name.lower()), None)


if __name__ == "__main__":
    unittest.main()
