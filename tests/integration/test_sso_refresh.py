"""SSO that renews itself: an expired sso-session token is refreshed with the cached
refresh token (OIDC CreateToken, against the portal stand-in's /token), written back in
the AWS CLI's format, and the AWS CLI v2 at /usr/bin/aws then uses awsx's refreshed token
without a login (and awsx uses the CLI's). Without a refresh token, or when OIDC rejects
it, the error still says to run `aws sso login`, and why."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, run_awsx, shared_moto  # noqa: E402
from cloudshell_stub import moto_session_credentials  # noqa: E402
from motofixture import MotoSts  # noqa: E402
from sso_portal_stub import SsoPortalStub, cli_data_path, sso_cache_path, write_sso_cache  # noqa: E402

AWS_CLI = "/usr/bin/aws"
MOTO: MotoSts | None = None
ROLE_CREDS: dict = {}
PRINT_IDENTITY = ("import boto3, json; "
                  "print(json.dumps(boto3.client('sts').get_caller_identity()))")
# The order and names of the members botocore's SSOTokenProvider writes after a refresh.
CLI_MEMBERS = ["startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret",
               "registrationExpiresAt", "refreshToken"]
SECRETS = ("old-access-token", "old-refresh-token", "stub-client-secret",
           "refreshed-access-token", "rotated-refresh-token")


def setUpModule() -> None:  # noqa: N802 - the name unittest looks for
    global MOTO, ROLE_CREDS
    MOTO = shared_moto()
    ROLE_CREDS = moto_session_credentials(MOTO)


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class SsoRefresh(unittest.TestCase):
    def setUp(self) -> None:
        assert MOTO is not None
        self.moto = MOTO
        self.home = Home()
        self.home.write_config(f"""\
            [profile dev]
            sso_session = corp
            sso_account_id = {self.moto.account_id}
            sso_role_name = prod-role
            region = eu-west-1

            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = eu-west-1
            sso_registration_scopes = sso:account:access
            """)
        self.cache = sso_cache_path(self.home.path, "corp")

    def tearDown(self) -> None:
        self.home.remove()

    def portal(self, refresh_token: str | None = "old-refresh-token") -> SsoPortalStub:
        return SsoPortalStub(ROLE_CREDS, "old-access-token", self.moto.account_id, "prod-role",
                             refresh_token=refresh_token)

    def env(self, portal: SsoPortalStub) -> dict[str, str]:
        return self.home.env(AWS_ENDPOINT_URL_STS=self.moto.url, AWS_ENDPOINT_URL_SSO=portal.url,
                             AWS_ENDPOINT_URL_SSO_OIDC=portal.url)

    def write_expired(self, **extra) -> None:
        write_sso_cache(self.home.path, "corp", "old-access-token", now() - dt.timedelta(minutes=5),
                        start_url="https://corp.awsapps.com/start", region="eu-west-1",
                        refresh_token="old-refresh-token", **extra)

    def read_cache(self) -> str:
        with open(self.cache, encoding="utf-8") as f:
            return f.read()

    def aws_cli(self, portal: SsoPortalStub, home: str | None = None) -> subprocess.CompletedProcess:
        if not os.access(AWS_CLI, os.X_OK):
            self.fail(f"the AWS CLI v2 is missing at {AWS_CLI}: apt-get install awscli")
        env = self.env(portal)
        if home is not None:
            env["HOME"] = home
            env["AWS_CONFIG_FILE"] = os.path.join(home, ".aws", "config")
        # The CLI 2.9 ignores AWS_ENDPOINT_URL_SSO(_OIDC); its data path points it at the stub.
        env["AWS_DATA_PATH"] = cli_data_path(portal.url, os.path.join(self.home.path, "cli-data"))
        return subprocess.run([AWS_CLI, "configure", "export-credentials", "--profile", "dev"],
                              env=env, capture_output=True, text=True, timeout=120, check=False)

    def assert_no_secret(self, text: str) -> None:
        for secret in SECRETS:
            self.assertNotIn(secret, text)

    def test_expired_token_is_refreshed_written_back_and_shared_with_the_cli(self) -> None:
        self.write_expired()
        with self.portal() as portal:
            started = now()
            r = run_awsx(["exec", "dev", "--", sys.executable, "-c", PRINT_IDENTITY],
                         self.env(portal))
            self.assertEqual(r.code, 0, r.err)
            self.assertIn(":assumed-role/prod-role/", json.loads(r.out)["Arn"])
            self.assert_no_secret(r.err)
            [create] = portal.token_requests()
            self.assertEqual(create["body"], {"clientId": "stub-client-id",
                                              "clientSecret": "stub-client-secret",
                                              "grantType": "refresh_token",
                                              "refreshToken": "old-refresh-token"})
            role_calls = [q for q in portal.requests if q["method"] == "GET"]
            self.assertEqual([q["headers"]["x-amz-sso_bearer_token"] for q in role_calls],
                             ["refreshed-access-token"])

            text = self.read_cache()
            self.assertEqual(stat.S_IMODE(os.stat(self.cache).st_mode), 0o600)
            document = json.loads(text)
            self.assertEqual(list(document), CLI_MEMBERS)
            self.assertEqual(document["accessToken"], "refreshed-access-token")
            self.assertEqual(document["refreshToken"], "rotated-refresh-token")
            self.assertEqual(document["startUrl"], "https://corp.awsapps.com/start")
            self.assertRegex(document["expiresAt"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            expires = dt.datetime.fromisoformat(document["expiresAt"].replace("Z", "+00:00"))
            self.assertLess(abs((expires - started - dt.timedelta(hours=8)).total_seconds()), 60)
            self.assertEqual(text, json.dumps(document), "json.dumps's spacing, as botocore writes")
            self.assertEqual(os.listdir(os.path.dirname(self.cache)), [os.path.basename(self.cache)])

            portal.reset()
            cli = self.aws_cli(portal)
            self.assertEqual(cli.returncode, 0, cli.stderr)
            self.assertEqual(json.loads(cli.stdout)["AccessKeyId"], ROLE_CREDS["AccessKeyId"])
            self.assertEqual(portal.token_requests(), [], "the CLI needs no refresh, nor a login")
            self.assertEqual([q["headers"]["x-amz-sso_bearer_token"] for q in portal.requests],
                             ["refreshed-access-token"])

    def test_written_back_file_matches_the_clis_byte_for_byte(self) -> None:
        cli_home = Home()
        try:
            with open(self.home.config, encoding="utf-8") as f:
                cli_home.write_config(f.read())
            registration = now() + dt.timedelta(days=30)
            for home in (self.home.path, cli_home.path):
                write_sso_cache(home, "corp", "old-access-token", now() - dt.timedelta(minutes=5),
                                start_url="https://corp.awsapps.com/start", region="eu-west-1",
                                refresh_token="old-refresh-token",
                                registration_expires_at=registration)
            with self.portal() as portal:
                cli = self.aws_cli(portal, home=cli_home.path)
                self.assertEqual(cli.returncode, 0, cli.stderr)
            with self.portal() as portal:
                r = run_awsx(["exec", "dev", "--", "true"], self.env(portal))
                self.assertEqual(r.code, 0, r.err)
            with open(sso_cache_path(cli_home.path, "corp"), encoding="utf-8") as f:
                theirs = f.read()
            ours = self.read_cache()
            timestamp = re.compile(r'"expiresAt": "[^"]*"')
            self.assertEqual(timestamp.sub('"expiresAt": ?', ours),
                             timestamp.sub('"expiresAt": ?', theirs))

            # And awsx uses the token the CLI refreshed, without asking OIDC again.
            with self.portal(refresh_token=None) as portal:
                portal.token = "refreshed-access-token"
                env = cli_home.env(AWS_ENDPOINT_URL_STS=self.moto.url,
                                   AWS_ENDPOINT_URL_SSO=portal.url,
                                   AWS_ENDPOINT_URL_SSO_OIDC=portal.url)
                r = run_awsx(["exec", "dev", "--", "true"], env)
                self.assertEqual(r.code, 0, r.err)
                self.assertEqual(portal.token_requests(), [])
        finally:
            cli_home.remove()

    def test_without_a_refresh_token_the_error_says_to_log_in(self) -> None:
        write_sso_cache(self.home.path, "corp", "old-access-token", now() - dt.timedelta(minutes=5))
        before = self.read_cache()
        with self.portal() as portal:
            r = run_awsx(["exec", "dev", "--", "true"], self.env(portal))
            self.assertEqual(portal.requests, [])
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("the SSO token for sso-session corp (profile dev) has expired", r.err)
        self.assertIn("no refresh token is cached", r.err)
        self.assertIn("aws sso login --sso-session corp", r.err)
        self.assertEqual(self.read_cache(), before)
        self.assert_no_secret(r.err)

    def test_rejected_refresh_names_the_oidc_error_and_says_to_log_in(self) -> None:
        self.write_expired()
        before = self.read_cache()
        with self.portal(refresh_token="a-different-refresh-token") as portal:
            r = run_awsx(["exec", "dev", "--", "true"], self.env(portal))
            self.assertEqual(len(portal.token_requests()), 1)
            self.assertEqual([q for q in portal.requests if q["method"] == "GET"], [])
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("has expired", r.err)
        self.assertIn("InvalidGrantException: Invalid refresh token provided", r.err)
        self.assertIn("aws sso login --sso-session corp", r.err)
        self.assertEqual(self.read_cache(), before)
        self.assert_no_secret(r.err)

    def test_expired_registration_is_not_sent(self) -> None:
        self.write_expired(registration_expires_at=now() - dt.timedelta(seconds=1))
        with self.portal() as portal:
            r = run_awsx(["exec", "dev", "--", "true"], self.env(portal))
            self.assertEqual(portal.requests, [])
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("its client registration expired at", r.err)
        self.assertIn("aws sso login --sso-session corp", r.err)


if __name__ == "__main__":
    unittest.main()
