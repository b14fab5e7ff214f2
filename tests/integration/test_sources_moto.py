"""Every credential source, end to end: CloudShell's container endpoint (emulated on
loopback, handing out moto-issued sessions), --role-arn, credential_source, the
role-chaining cap, credential_process, SSO (a portal stub to the AWS API shape) and web
identity, each checked against moto's recording of the STS calls awsx made."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, run_awsx, shared_moto  # noqa: E402
from cloudshell_stub import CloudShellStub, moto_session_credentials  # noqa: E402
from motofixture import MotoSts, client  # noqa: E402
from sso_portal_stub import SsoPortalStub, write_sso_cache  # noqa: E402

MOTO: MotoSts | None = None
CHAIN_ROLE = ""
CONTAINER_CREDS: dict = {}  # a moto session that the emulated container endpoint hands out
PRINT_IDENTITY = ("import boto3, json; "
                  "print(json.dumps(boto3.client('sts').get_caller_identity()))")
PRINT_ENV = "import json, os; print(json.dumps(dict(os.environ)))"
TOKEN = "cloudshell-token-0123456789abcdef"


def setUpModule() -> None:
    """moto with a second role, chain-role, that any principal may assume: moto matches
    trust policies literally, so prod-role's (the step user only) can't be chained."""
    global MOTO, CHAIN_ROLE, CONTAINER_CREDS
    MOTO = shared_moto()
    CONTAINER_CREDS = moto_session_credentials(MOTO)
    session = MOTO.step_client().assume_role(RoleArn=MOTO.role_arn,
                                             RoleSessionName="setup")["Credentials"]
    iam = client("iam", MOTO.url, session["AccessKeyId"], session["SecretAccessKey"],
                 session["SessionToken"])
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"Federated": "*"},
         "Action": "sts:AssumeRoleWithWebIdentity"}]}
    CHAIN_ROLE = iam.create_role(RoleName="chain-role", MaxSessionDuration=43200,
                                 AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName="chain-role", PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))


class Sources(unittest.TestCase):
    def setUp(self) -> None:
        assert MOTO is not None
        self.moto = MOTO
        self.home = Home()
        self.home.write_config("")
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url)
        MOTO.reset_recording()

    def tearDown(self) -> None:
        self.home.remove()

    def calls(self, action: str) -> list[dict]:
        return [c for c in self.moto.sts_calls() if c["action"] == action]

    def cloudshell(self):
        return CloudShellStub(CONTAINER_CREDS, TOKEN)

    def cloudshell_env(self, stub: CloudShellStub, **extra: str) -> dict[str, str]:
        return dict(self.env, AWS_CONTAINER_CREDENTIALS_FULL_URI=stub.url,
                    AWS_CONTAINER_AUTHORIZATION_TOKEN=TOKEN, AWS_REGION="eu-west-1", **extra)

    def test_cloudshell_export_env_is_byte_identical_to_the_aws_cli(self) -> None:
        if not os.access("/usr/bin/aws", os.X_OK):
            self.fail("the AWS CLI v2 is missing: apt-get install awscli")
        with self.cloudshell() as stub:
            env = self.cloudshell_env(stub)
            ours = run_awsx(["export", "--format", "env"], env)
            self.assertEqual(ours.code, 0, ours.err)
            import subprocess
            theirs = subprocess.run(["/usr/bin/aws", "configure", "export-credentials",
                                     "--format", "env"], env=env, capture_output=True, text=True,
                                    timeout=60)
            self.assertEqual(theirs.returncode, 0, theirs.stderr)
        self.assertEqual(ours.out, theirs.stdout)
        self.assertRegex(ours.out, r"export AWS_CREDENTIAL_EXPIRATION=\S+\+00:00\n$")
        self.assertEqual([r[1] for r in stub.requests], [TOKEN, TOKEN])

    def test_cloudshell_exec_passes_the_container_session_as_it_is(self) -> None:
        with self.cloudshell() as stub:
            r = run_awsx(["exec", "--", sys.executable, "-c", PRINT_ENV], self.cloudshell_env(stub))
        self.assertEqual(r.code, 0, r.err)
        child = json.loads(r.out)
        self.assertTrue(child["AWS_ACCESS_KEY_ID"].startswith("ASIA"))
        self.assertNotIn("AWS_CONTAINER_CREDENTIALS_FULL_URI", child)
        self.assertNotIn("AWS_CONTAINER_AUTHORIZATION_TOKEN", child)
        self.assertEqual(self.moto.sts_calls(), [])

    def test_role_arn_from_cloudshell_credentials(self) -> None:
        with self.cloudshell() as stub:
            container_key = stub.current_credentials()["AccessKeyId"]
            r = run_awsx(["exec", "--role-arn", CHAIN_ROLE, "--session-name", "adhoc", "--",
                          sys.executable, "-c", PRINT_IDENTITY], self.cloudshell_env(stub))
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(json.loads(r.out)["Arn"],
                         f"arn:aws:sts::{self.moto.account_id}:assumed-role/chain-role/adhoc")
        calls = self.calls("AssumeRole")
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0]["access_key_id"], container_key)

    def test_ecs_container_source_caps_duration_for_role_chaining(self) -> None:
        self.home.write_config(f"""\
            [profile ecs]
            role_arn = {CHAIN_ROLE}
            credential_source = EcsContainer
            duration_seconds = 43200
            """)
        with self.cloudshell() as stub:
            container_key = stub.current_credentials()["AccessKeyId"]
            r = run_awsx(["exec", "ecs", "--", "true"], self.cloudshell_env(stub))
        self.assertEqual(r.code, 0, r.err)
        calls = self.calls("AssumeRole")
        self.assertEqual(len(calls), 1, calls)
        self.assertEqual(calls[0]["params"]["DurationSeconds"], "3600")
        self.assertEqual(calls[0]["access_key_id"], container_key)
        warnings = [line for line in r.err.splitlines() if line.startswith("awsx: warning:")]
        self.assertEqual(len(warnings), 1, r.err)
        self.assertIn("role chaining", warnings[0])

    def test_wrong_container_token_is_a_clear_error(self) -> None:
        with self.cloudshell() as stub:
            env = self.cloudshell_env(stub)
            env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "wrong-token-value"
            r = run_awsx(["export"], env)
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("refused the request: HTTP 403", r.err)
        self.assertNotIn("wrong-token-value", r.err)
        self.assertNotIn(TOKEN, r.err)

    def test_container_endpoint_on_a_non_allowed_host_is_refused(self) -> None:
        env = dict(self.env, AWS_CONTAINER_CREDENTIALS_FULL_URI="http://10.11.12.13/creds",
                   AWS_CONTAINER_AUTHORIZATION_TOKEN=TOKEN)
        r = run_awsx(["export"], env, timeout=20)
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("10.11.12.13", r.err)
        self.assertIn("169.254.170.2", r.err)

    def test_credential_process_without_token_or_expiration(self) -> None:
        self.home.write_config("""\
            [profile proc]
            credential_process = printf '{"Version": 1, "AccessKeyId": "AKIAPROCESSEXAMPLE", "SecretAccessKey": "proc/secret"}'
            region = eu-west-3
            """)
        r = run_awsx(["exec", "proc", "--", sys.executable, "-c", PRINT_ENV], self.env)
        self.assertEqual(r.code, 0, r.err)
        child = json.loads(r.out)
        self.assertEqual(child["AWS_ACCESS_KEY_ID"], "AKIAPROCESSEXAMPLE")
        self.assertEqual(child["AWS_SECRET_ACCESS_KEY"], "proc/secret")
        self.assertNotIn("AWS_SESSION_TOKEN", child)
        self.assertNotIn("AWS_CREDENTIAL_EXPIRATION", child)
        self.assertEqual(child["AWS_REGION"], "eu-west-3")

    def test_credential_process_errors_quote_the_profile(self) -> None:
        self.home.write_config("""\
            [profile broken]
            credential_process = sh -c 'echo oops >&2; exit 3'
            [profile badjson]
            credential_process = printf '{"Version": "1", "AccessKeyId": "A", "SecretAccessKey": "hidden-secret"}'
            """)
        r = run_awsx(["exec", "broken", "--", "true"], self.env)
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("profile broken", r.err)
        self.assertIn("oops", r.err, "the process's stderr reaches the user")
        r = run_awsx(["exec", "badjson", "--", "true"], self.env)
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("profile badjson", r.err)
        self.assertIn("Version", r.err)
        self.assertNotIn("hidden-secret", r.err)

    def sso_config(self) -> None:
        self.home.write_config(f"""\
            [profile dev]
            sso_session = corp
            sso_account_id = {self.moto.account_id}
            sso_role_name = prod-role
            region = eu-west-1

            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = eu-west-1
            """)

    def test_sso_profile_uses_the_cached_token(self) -> None:
        self.sso_config()
        now = dt.datetime.now(dt.timezone.utc)
        write_sso_cache(self.home.path, "corp", "sso-access-token", now + dt.timedelta(hours=1))
        with SsoPortalStub(CONTAINER_CREDS, "sso-access-token",
                           self.moto.account_id, "prod-role") as portal:
            r = run_awsx(["exec", "dev", "--", sys.executable, "-c", PRINT_IDENTITY],
                         dict(self.env, AWS_ENDPOINT_URL_SSO=portal.url))
            requests = list(portal.requests)
        self.assertEqual(r.code, 0, r.err)
        self.assertIn(":assumed-role/prod-role/", json.loads(r.out)["Arn"])
        self.assertEqual(len(requests), 1)
        self.assertEqual(requests[0]["headers"]["x-amz-sso_bearer_token"], "sso-access-token")
        self.assertRegex(requests[0]["headers"].get("user-agent", ""), r"^awsx/\d+\.\d+\.\d+$")

    def test_expired_sso_token_says_to_log_in(self) -> None:
        self.sso_config()
        past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
        write_sso_cache(self.home.path, "corp", "old-token", past)
        r = run_awsx(["exec", "dev", "--", "true"], self.env)
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("aws sso login --sso-session corp", r.err)

    def test_web_identity(self) -> None:
        token_file = os.path.join(self.home.path, "token")
        with open(token_file, "w", encoding="utf-8") as f:
            f.write("eyJhbGciOiJub25lIn0.eyJzdWIiOiJjaSJ9.\n")
        self.home.write_config(f"""\
            [profile ci]
            role_arn = {CHAIN_ROLE}
            web_identity_token_file = {token_file}
            role_session_name = ci-run
            """)
        # AssumeRoleWithWebIdentity is unsigned, and moto's signature check crashes on a
        # request without Authorization (KeyError), so auth is off for that one call.
        urllib.request.urlopen(urllib.request.Request(
            self.moto.url + "/moto-api/reset-auth", data=b"1", method="POST",
            headers={"Content-Type": "text/plain"})).read()
        r = run_awsx(["exec", "ci", "--", sys.executable, "-c", PRINT_ENV], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertTrue(json.loads(r.out)["AWS_ACCESS_KEY_ID"].startswith("ASIA"))
        calls = self.calls("AssumeRoleWithWebIdentity")
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0]["params"]["WebIdentityToken"],
                         "eyJhbGciOiJub25lIn0.eyJzdWIiOiJjaSJ9.")
        self.assertEqual(calls[0]["params"]["RoleSessionName"], "ci-run")
        self.assertIsNone(calls[0]["access_key_id"])

    def test_doctor_explains_the_step_account_setup(self) -> None:
        self.home.write_config(f"""\
            [profile step]
            mfa_serial = {self.moto.mfa_serial}
            [profile prod]
            role_arn = {self.moto.role_arn}
            source_profile = step
            duration_seconds = 43200
            mfa_seral = typo
            """)
        self.home.write_credentials("[step]\naws_access_key_id = AKIAEXAMPLEEXAMPLE00\n"
                                    "aws_secret_access_key = never-printed\n")
        r = run_awsx(["doctor", "prod"], self.env)
        self.assertEqual(r.code, 0, r.err)
        for expected in ("Profile: prod", "profile step", "AssumeRole: " + self.moto.role_arn,
                         "43200s", self.moto.mfa_serial, "not role chaining",
                         "did you mean mfa_serial?", self.moto.url):
            self.assertIn(expected, r.out)
        self.assertNotIn("GetSessionToken", r.out)
        self.assertNotIn("never-printed", r.out)
        self.assertEqual(self.moto.sts_calls(), [], "doctor makes no STS call")
        doc = json.loads(run_awsx(["doctor", "prod", "--json"], self.env).out)
        self.assertEqual([s["action"] for s in doc["steps"]], ["credentials", "AssumeRole"])
        self.assertEqual(doc["chain"], ["prod", "step"])


if __name__ == "__main__":
    unittest.main()
