"""awsx login against moto (AssumeRole, GetFederationToken) and a loopback stand-in for
the federation endpoint that records what awsx sends."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import unittest
import urllib.parse
from datetime import datetime, timezone

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, run_awsx, shared_moto, write_moto_profiles  # noqa: E402
from federation_standin import TOKEN, FederationStandIn  # noqa: E402
from motofixture import MotoSts, client  # noqa: E402

MOTO: MotoSts | None = None
CHAIN_ROLE = ""
USER_KEY: dict[str, str] = {}
ALLOW_ALL = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def setUpModule() -> None:  # noqa: N802 - the name unittest looks for
    """moto with chain-role, which any principal may assume (moto matches trust policies
    literally, so prod-role can't be chained), and console-user, an IAM user allowed
    everything (the step user may not call GetFederationToken)."""
    global MOTO, CHAIN_ROLE, USER_KEY
    MOTO = shared_moto()
    session = MOTO.step_client().assume_role(RoleArn=MOTO.role_arn,
                                             RoleSessionName="setup")["Credentials"]
    iam = client("iam", MOTO.url, session["AccessKeyId"], session["SecretAccessKey"],
                 session["SessionToken"])
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
    CHAIN_ROLE = iam.create_role(RoleName="chain-role", MaxSessionDuration=43200,
                                 AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName="chain-role", PolicyName="all",
                        PolicyDocument=json.dumps(ALLOW_ALL))
    iam.create_user(UserName="console-user")
    iam.put_user_policy(UserName="console-user", PolicyName="all",
                        PolicyDocument=json.dumps(ALLOW_ALL))
    USER_KEY = iam.create_access_key(UserName="console-user")["AccessKey"]


class Login(unittest.TestCase):
    def setUp(self) -> None:
        assert MOTO is not None
        self.moto = MOTO
        self.home = Home()
        write_moto_profiles(self.home, MOTO, extra=f"""
            [profile chain]
            role_arn = {CHAIN_ROLE}
            source_profile = prod

            [profile user]
            region = eu-central-1
            """)
        with open(self.home.credentials, "a", encoding="utf-8") as f:
            f.write(f"[user]\naws_access_key_id = {USER_KEY['AccessKeyId']}\n"
                    f"aws_secret_access_key = {USER_KEY['SecretAccessKey']}\n")
        self.fed = FederationStandIn().__enter__()
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url,
                                 AWSX_FEDERATION_ENDPOINT=self.fed.url)
        MOTO.reset_recording()

    def tearDown(self) -> None:
        self.fed.__exit__()
        self.home.remove()

    def login(self, *args: str, env: dict[str, str] | None = None):
        return run_awsx(["login", *args], env or self.env)

    def signin_request(self):
        self.assertEqual(len(self.fed.requests), 1, self.fed.requests)
        request = self.fed.requests[0]
        self.assertEqual(request.method, "POST")
        self.assertEqual(request.path, "/federation")
        self.assertEqual(request.query, {}, "the keys go in the body, never in the URL")
        self.assertEqual(request.form["Action"], "getSigninToken")
        return request

    def login_url(self, out: str) -> dict[str, str]:
        url = out.strip()
        self.assertTrue(url.startswith(self.fed.url + "?"), url)
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        self.assertEqual(query["Action"], "login")
        self.assertEqual(query["Issuer"], "awsx")
        self.assertEqual(query["SigninToken"], TOKEN)
        return query

    def identity(self, session: dict[str, str]) -> str:
        """Who moto says the Session JSON's keys are."""
        sts = client("sts", self.moto.url, session["sessionId"], session["sessionKey"],
                     session["sessionToken"])
        return sts.get_caller_identity()["Arn"]

    def test_a_direct_role_asks_for_the_sessions_remaining_lifetime(self) -> None:
        r = self.login("prod", "-s")
        self.assertEqual(r.code, 0, r.err)
        request = self.signin_request()
        session = request.session()
        self.assertEqual(sorted(session), ["sessionId", "sessionKey", "sessionToken"])
        self.assertIn(":assumed-role/prod-role/", self.identity(session))
        calls = self.moto.sts_calls()
        self.assertEqual([c["action"] for c in calls][:1], ["AssumeRole"], calls)
        self.assertEqual(calls[0]["access_key_id"], self.moto.step_access_key_id)
        # SessionDuration is what the cached session has left.
        exported = run_awsx(["export", "prod", "--format", "json"], self.env)
        self.assertEqual(exported.code, 0, exported.err)
        self.assertEqual(json.loads(exported.out)["AccessKeyId"], session["sessionId"])
        expires = datetime.fromisoformat(json.loads(exported.out)["Expiration"])
        left = (expires - datetime.now(timezone.utc)).total_seconds()
        self.assertLessEqual(abs(int(request.form["SessionDuration"]) - left), 30,
                             (request.form["SessionDuration"], left))
        query = self.login_url(r.out)
        self.assertEqual(query["Destination"],
                         "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1")

    def test_a_chained_role_sends_no_session_duration(self) -> None:
        r = self.login("chain", "-s")
        self.assertEqual(r.code, 0, r.err)
        request = self.signin_request()
        self.assertNotIn("SessionDuration", request.form)
        self.assertEqual([c["action"] for c in self.moto.sts_calls()],
                         ["AssumeRole", "AssumeRole"])
        self.assertIn(":assumed-role/chain-role/", self.identity(request.session()))

    def test_an_iam_user_signs_in_with_a_federation_token(self) -> None:
        r = self.login("user", "--stdout")
        self.assertEqual(r.code, 0, r.err)
        calls = self.moto.sts_calls()
        self.assertEqual([c["action"] for c in calls], ["GetCallerIdentity", "GetFederationToken"])
        federation = calls[1]
        self.assertEqual(federation["access_key_id"], USER_KEY["AccessKeyId"])
        self.assertEqual(federation["params"]["Name"], "console-user")
        self.assertEqual(json.loads(federation["params"]["Policy"]), ALLOW_ALL)
        self.assertEqual(federation["params"]["DurationSeconds"], "43200")
        request = self.signin_request()
        self.assertNotIn("SessionDuration", request.form)
        session = request.session()
        # moto hands out fixed federation credentials: the ones a boto3 call gets.
        expected = client("sts", self.moto.url, USER_KEY["AccessKeyId"],
                          USER_KEY["SecretAccessKey"]).get_federation_token(
                              Name="console-user")["Credentials"]
        self.assertEqual(session["sessionId"], expected["AccessKeyId"])
        self.assertEqual(session["sessionKey"], expected["SecretAccessKey"])
        self.assertEqual(session["sessionToken"], expected["SessionToken"])
        self.assertEqual(self.login_url(r.out)["Destination"],
                         "https://eu-central-1.console.aws.amazon.com/console/home"
                         "?region=eu-central-1")

    def test_ambient_session_keys_as_they_are_and_path_without_region(self) -> None:
        keys = self.moto.step_client().assume_role(RoleArn=self.moto.role_arn,
                                                   RoleSessionName="ambient")["Credentials"]
        self.moto.reset_recording()
        self.home.write_config("")
        env = dict(self.env, AWS_ACCESS_KEY_ID=keys["AccessKeyId"],
                   AWS_SECRET_ACCESS_KEY=keys["SecretAccessKey"],
                   AWS_SESSION_TOKEN=keys["SessionToken"])
        r = self.login("-s", "--path", "s3/buckets", env=env)
        self.assertEqual(r.code, 0, r.err)
        session = self.signin_request().session()
        self.assertEqual(session, {"sessionId": keys["AccessKeyId"],
                                   "sessionKey": keys["SecretAccessKey"],
                                   "sessionToken": keys["SessionToken"]})
        self.assertEqual(self.moto.sts_calls(), [])
        self.assertEqual(self.login_url(r.out)["Destination"],
                         "https://console.aws.amazon.com/s3/buckets")
        self.fed.requests.clear()
        r = self.login("-s", "--path", "ec2/home", "--region", "us-gov-west-1", env=env)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.login_url(r.out)["Destination"],
                         "https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home"
                         "?region=us-gov-west-1")

    def test_the_url_goes_to_the_browser_only(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            seen = os.path.join(tmp, "argv.json")
            script = os.path.join(tmp, "browser.py")
            with open(script, "w", encoding="utf-8") as f:
                f.write(f"import json, sys\njson.dump(sys.argv[1:], open({seen!r}, 'w'))\n")
            env = dict(self.env, BROWSER=f"{sys.executable} {script} --new-tab %s")
            r = self.login("prod", env=env)
            self.assertEqual(r.code, 0, r.err)
            self.assertEqual(r.out, "")
            self.assertNotIn(TOKEN, r.err)
            for _ in range(100):
                if os.path.exists(seen) and os.path.getsize(seen) > 0:
                    break
                time.sleep(0.05)
            with open(seen, encoding="utf-8") as f:
                argv = json.load(f)
        self.assertEqual(argv[0], "--new-tab")
        self.assertEqual(self.login_url(argv[1])["SigninToken"], TOKEN)

    def test_without_a_browser_the_url_is_printed_with_a_note(self) -> None:
        with tempfile.TemporaryDirectory() as empty:
            r = self.login("prod", env=dict(self.env, PATH=empty))
        self.assertEqual(r.code, 0, r.err)
        self.login_url(r.out)
        self.assertIn("awsx: note: no browser", r.err)
        self.assertIn("BROWSER", r.err)
        self.assertNotIn(TOKEN, r.err)

    def test_a_refusal_is_explained_without_secrets(self) -> None:
        self.fed.status = 400
        r = self.login("prod", "-s")
        self.assertEqual(r.code, 5, r.err)
        self.assertEqual(r.out, "")
        self.assertIn("HTTP 400", r.err)
        self.assertIn("awsx: hint:", r.err)
        self.assertIn("SessionDuration", r.err)
        session = self.fed.requests[0].session()
        for secret in (session["sessionKey"], session["sessionToken"],
                       self.moto.step_secret_access_key):
            self.assertNotIn(secret, r.err)


if __name__ == "__main__":
    unittest.main()
