"""One MFA code for many short roles, end to end. A role that asks for at most 1 h is
assumed with a cached 12-hour MFA session (GetSessionToken with the code) instead of the
long-term keys, so one code serves every such role, and the hook's renewal needs none.

moto refuses the credentials its own GetSessionToken hands out (and any user key that
comes with a session token), so GetSessionToken is answered by a stand-in in front of
moto with AssumeRole-made credentials instead: a session of `mfa-session-role`, which the
step user may assume. The short roles trust exactly that session. Every other request
goes through to moto, which checks its signature, the caller's policy and the trust."""

from __future__ import annotations

import datetime
import json
import os
import stat
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, run_awsx, shared_moto  # noqa: E402
from motofixture import MotoSts, client  # noqa: E402
from sts_standin import Behaviour, StsStandin  # noqa: E402

MOTO: MotoSts | None = None
SESSION_KEY: dict[str, str] = {}
PRINT_KEYS = ("import json, os; print(json.dumps({k: os.environ.get(k) for k in "
              "('AWS_ACCESS_KEY_ID', 'AWS_SESSION_TOKEN')}))")


def setUpModule() -> None:  # noqa: N802 - the name unittest looks for
    global MOTO
    MOTO = shared_moto()
    step = (MOTO.step_access_key_id, MOTO.step_secret_access_key)
    account = MOTO.role_arn.split(":")[4]
    # The fixture's prod role (admin) sets up the two roles this module needs.
    admin = client("sts", MOTO.url, *step).assume_role(
        RoleArn=MOTO.role_arn, RoleSessionName="setup", SerialNumber=MOTO.mfa_serial,
        TokenCode="123456")["Credentials"]
    iam = client("iam", MOTO.url, admin["AccessKeyId"], admin["SecretAccessKey"],
                 admin["SessionToken"])

    def role(name: str, principal: str) -> str:
        trust = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]}
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        iam.put_role_policy(RoleName=name, PolicyName="assume", PolicyDocument=json.dumps(
            {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
        return arn

    mfa_role = role("mfa-session-role", MOTO.user_arn)
    made = client("sts", MOTO.url, *step).assume_role(
        RoleArn=mfa_role, RoleSessionName="mfa-session")["Credentials"]
    SESSION_KEY.update(id=made["AccessKeyId"], secret=made["SecretAccessKey"],
                       token=made["SessionToken"])
    SESSION_KEY["short_role"] = role(
        "short-role", f"arn:aws:sts::{account}:assumed-role/mfa-session-role/mfa-session")


def mfa_session_or_moto() -> Behaviour:
    """GetSessionToken answered with the step user's second key; anything else to moto."""
    def act(conn, seen) -> None:
        if seen is not None and seen.action == "GetSessionToken":
            expires = (datetime.datetime.now(datetime.timezone.utc)
                       + datetime.timedelta(hours=12)).strftime("%Y-%m-%dT%H:%M:%SZ")
            ns = "https://sts.amazonaws.com/doc/2011-06-15/"
            conn.respond(200, (
                f'<GetSessionTokenResponse xmlns="{ns}"><GetSessionTokenResult><Credentials>'
                f"<AccessKeyId>{SESSION_KEY['id']}</AccessKeyId>"
                f"<SecretAccessKey>{SESSION_KEY['secret']}</SecretAccessKey>"
                f"<SessionToken>{SESSION_KEY['token']}</SessionToken><Expiration>{expires}"
                "</Expiration></Credentials></GetSessionTokenResult>"
                "<ResponseMetadata><RequestId>standin</RequestId></ResponseMetadata>"
                "</GetSessionTokenResponse>").encode())
        else:
            conn.standin._forward(conn, seen)
    return Behaviour("mfa-session-or-moto", act)


class MfaSession(unittest.TestCase):
    def setUp(self) -> None:
        assert MOTO is not None
        self.home = Home()
        self.addCleanup(self.home.remove)
        self.sts = StsStandin(upstream=MOTO.url).start()
        self.addCleanup(self.sts.stop)
        self.sts.default = mfa_session_or_moto()
        # The code comes from mfa_process, which counts how often it was asked.
        self.asked = os.path.join(self.home.path, "mfa-asked")
        script = os.path.join(self.home.path, "mfa-code")
        with open(script, "w", encoding="ascii") as f:
            f.write(f"#!/bin/sh\necho asked >> '{self.asked}'\necho 123456\n")
        os.chmod(script, stat.S_IRWXU)
        roles = "".join(
            f"\n[profile {name}]\nrole_arn = {arn}\nsource_profile = step\n"
            f"role_session_name = {name}\n{extra}"
            for name, arn, extra in (
                ("one", SESSION_KEY["short_role"], ""), ("two", SESSION_KEY["short_role"], ""),
                ("long", MOTO.role_arn, "duration_seconds = 43200\n")))
        self.home.write_config(f"[profile step]\nregion = eu-west-1\nmfa_serial = {MOTO.mfa_serial}\n"
                               f"mfa_process = {script}\n" + roles)
        self.home.write_credentials(f"[step]\naws_access_key_id = {MOTO.step_access_key_id}\n"
                                    f"aws_secret_access_key = {MOTO.step_secret_access_key}\n")
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=self.sts.url, AWSX_MFA_SESSION="auto")

    def times_asked(self) -> int:
        if not os.path.exists(self.asked):
            return 0
        with open(self.asked, encoding="ascii") as f:
            return len(f.read().splitlines())

    def exec_keys(self, profile: str) -> dict[str, str]:
        r = run_awsx(["exec", profile, "--", sys.executable, "-c", PRINT_KEYS], self.env)
        self.assertEqual(r.code, 0, r.err)
        return json.loads(r.out)

    def test_short_roles_share_one_code_and_the_hook_renews_without_one(self) -> None:
        one = self.exec_keys("one")
        two = self.exec_keys("two")
        self.assertEqual(self.times_asked(), 1)
        cleared = run_awsx(["clear", "two"], self.env)
        self.assertEqual(cleared.code, 0, cleared.err)
        renewed = run_awsx(["use", "two", "--shell", "bash", "--no-prompt"], self.env)
        self.assertEqual(renewed.code, 0, renewed.err)
        self.assertEqual(self.times_asked(), 1, "the renewal needed no code")

        seen = self.sts.requests
        self.assertEqual([r.action for r in seen],
                         ["GetSessionToken", "AssumeRole", "AssumeRole", "AssumeRole"])
        first = seen[0]
        self.assertEqual(first.params.get("SerialNumber"), MOTO.mfa_serial)
        self.assertEqual(first.params.get("TokenCode"), "123456")
        self.assertEqual(first.params.get("DurationSeconds"), "43200")
        self.assertIn(f"Credential={MOTO.step_access_key_id}/", first.headers["authorization"])
        for r in seen[1:]:
            self.assertNotIn("TokenCode", r.params)
            self.assertIn(f"Credential={SESSION_KEY['id']}/", r.headers["authorization"])
            self.assertEqual(r.headers.get("x-amz-security-token"), SESSION_KEY["token"])
        # moto accepted those calls: the commands got its role sessions, never the step's
        # keys nor the MFA session.
        for keys in (one, two):
            self.assertTrue(keys["AWS_ACCESS_KEY_ID"].startswith("ASIA"), keys)
            self.assertNotIn(keys["AWS_ACCESS_KEY_ID"],
                             (MOTO.step_access_key_id, SESSION_KEY["id"]))
        self.assertNotEqual(one["AWS_ACCESS_KEY_ID"], two["AWS_ACCESS_KEY_ID"])
        self.assertIn("# awsx use", renewed.out)
        self.assertIn("AWS_SESSION_TOKEN", renewed.out)

    def test_doctor_names_the_path_and_a_12h_role_stays_direct(self) -> None:
        doctor = run_awsx(["doctor", "one"], self.env)
        self.assertEqual(doctor.code, 0, doctor.err)
        self.assertIn("GetSessionToken: the MFA session of profile step, cached: one code for "
                      "every role of at most 1h until it ends", doctor.out)
        self.assertIn("why: the role asks for at most 1h", doctor.out)
        self.assertIn("mfa_session = auto, AWSX_MFA_SESSION", doctor.out)

        self.exec_keys("long")
        self.assertEqual([r.action for r in self.sts.requests], ["AssumeRole"])
        direct = self.sts.requests[0]
        self.assertEqual(direct.params.get("TokenCode"), "123456")
        self.assertEqual(direct.params.get("DurationSeconds"), "43200")
        self.assertIn(f"Credential={MOTO.step_access_key_id}/", direct.headers["authorization"])
        self.assertNotIn("x-amz-security-token", direct.headers)


if __name__ == "__main__":
    unittest.main()
