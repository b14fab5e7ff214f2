"""Inputs that must not steer awsx (issue 11): a region is validated before it becomes
part of a host name, so a hostile value can't send the signed AssumeRole elsewhere."""

from __future__ import annotations

import json
import os
import random
import socket
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, run_awsx  # noqa: E402
from loopback import LoopbackServer  # noqa: E402

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"


class Recorder(LoopbackServer):
    """Counts the connections it gets and answers nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.connections = 0

    def serve(self, sock: socket.socket) -> None:
        self.connections += 1
        sock.settimeout(2)
        try:
            sock.recv(65536)
        except OSError:
            pass


class RegionSteering(unittest.TestCase):
    def setUp(self) -> None:
        self.home = Home()
        self.home.write_config("""\
            [profile step]
            mfa_serial = arn:aws:iam::111111111111:mfa/alice
            [profile prod]
            role_arn = arn:aws:iam::222222222222:role/admin
            source_profile = step
            """)
        self.home.write_credentials(f"""\
            [step]
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            aws_secret_access_key = {SECRET}
            """)
        self.peer = Recorder().start()
        self.hostile = f"x@127.0.0.1:{self.peer.port}/"
        # No AWS_ENDPOINT_URL_STS: the regional endpoint is built from the region.
        self.env = self.home.env()

    def tearDown(self) -> None:
        self.peer.stop()
        self.home.remove()

    def refused(self, args: list[str], env: dict[str, str], origin: str) -> None:
        r = run_awsx(args, env, timeout=30)
        self.assertEqual(r.code, 3, r.err)
        self.assertIn(f'region "{self.hostile}" from {origin} is not a valid region name', r.err)
        self.assertIn("nothing was sent", r.err)
        self.assertNotIn(SECRET, r.out + r.err)
        self.assertNotIn("123456", r.out + r.err)
        self.assertEqual(self.peer.connections, 0, "the signed request reached the region's host")

    def test_region_option(self) -> None:
        self.refused(["exec", "prod", "-t", "123456", "--region", self.hostile, "--", "true"],
                     self.env, "--region")

    def test_aws_region_and_aws_default_region(self) -> None:
        self.refused(["exec", "prod", "-t", "123456", "--", "true"],
                     {**self.env, "AWS_REGION": self.hostile}, "AWS_REGION")
        self.refused(["export", "prod", "-t", "123456"],
                     {**self.env, "AWS_DEFAULT_REGION": self.hostile}, "AWS_DEFAULT_REGION")

    def test_profile_region(self) -> None:
        with open(self.home.config, "a", encoding="utf-8") as f:
            f.write(f"region = {self.hostile}\n")
        self.refused(["exec", "prod", "-t", "123456", "--", "true"], self.env,
                     f"region of profile prod ({self.home.config}:6)")

    def test_checked_even_with_an_endpoint_override_and_by_doctor(self) -> None:
        env = {**self.env, "AWS_ENDPOINT_URL_STS": f"http://127.0.0.1:{self.peer.port}",
               "AWS_REGION": self.hostile}
        self.refused(["exec", "prod", "-t", "123456", "--", "true"], env, "AWS_REGION")
        self.refused(["doctor", "prod"], env, "AWS_REGION")

    def test_same_verdict_as_botocore_validate_region_name(self) -> None:
        from botocore.exceptions import InvalidRegionError
        from botocore.utils import validate_region_name

        rng = random.Random(11)
        alphabet = "ab-Z09._@:/ \u00e9"
        samples = ["eu-west-1", "123", "1-2", "-a", "a-", "a" * 63, "a" * 64, "us-gov-west-1"]
        samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
                    for _ in range(120)]
        disagree = []
        for region in samples:
            try:
                validate_region_name(region)
                botocore_ok = True
            except InvalidRegionError:
                botocore_ok = False
            r = run_awsx(["doctor", "prod", "--region", region], self.env, timeout=30)
            self.assertIn(r.code, (0, 3), r.err)
            if (r.code == 0) != botocore_ok:
                disagree.append((region, botocore_ok, r.err))
        self.assertEqual(disagree, [])
        self.assertEqual(self.peer.connections, 0)


class JsonIsCodePoints(unittest.TestCase):
    """export --format process/json escape code points as Python's json.dumps does."""

    def test_non_ascii_profile_names_round_trip_through_json_loads(self) -> None:
        home = Home()
        self.addCleanup(home.remove)
        names = ["pr\u00f6d", "\u20ac-team", "smile-\U0001f600", "\u65e5\u672c"]
        home.write_credentials("".join(
            f"[{name}]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
            f"aws_secret_access_key = {SECRET}\n" for name in names))
        for name in names:
            for fmt in ("process", "json"):
                r = run_awsx(["export", name, "--no-session", "--format", fmt], home.env())
                self.assertEqual(r.code, 0, r.err)
                self.assertTrue(r.out.isascii(), r.out)
                doc = json.loads(r.out)
                self.assertEqual(doc["AccessKeyId"], "AKIAIOSFODNN7EXAMPLE")
                if fmt == "json":
                    self.assertEqual(doc["Profile"], name)
                    self.assertIn(f'"Profile": {json.dumps(name)}', r.out)


class OnePlanner(unittest.TestCase):
    """list, doctor and its lint answer from the planner exec uses (botocore's rules)."""

    def test_list_doctor_and_lint_agree_with_the_planner(self) -> None:
        home = Home()
        self.addCleanup(home.remove)
        home.write_config("""\
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::111111111111:role/b
            source_profile = a
            [profile ci]
            role_arn = arn:aws:iam::111111111111:role/ci
            web_identity_token_file = /run/token
            source_profile = b
            [profile proc]
            credential_process = /usr/bin/vault-creds proc
            aws_access_key_id = AKIAPROCCONFIG
            aws_secret_access_key = s
            [profile ssoonly]
            sso_session = corp
            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = eu-west-1
            [profile loop1]
            role_arn = arn:aws:iam::111111111111:role/l1
            source_profile = loop2
            [profile loop2]
            role_arn = arn:aws:iam::111111111111:role/l2
            source_profile = loop1
            """)
        home.write_credentials("""\
            [b]
            aws_access_key_id = AKIABBBBBBBB
            aws_secret_access_key = s
            [ssoonly]
            aws_access_key_id = AKIASSOONLY
            aws_secret_access_key = s
            """)
        env = home.env()
        r = run_awsx(["list", "--json"], env)
        self.assertEqual(r.code, 0, r.err)
        listed = {p["name"]: (p["credentials"], p["via"]) for p in json.loads(r.out)["profiles"]}
        self.assertEqual(listed, {
            "a": ("role", "b"),          # b's keys end the chain: one AssumeRole, no cycle
            "b": ("invalid", ""),        # asked for itself, b is a role whose source is a
            "ci": ("web-identity", "token file"),
            "proc": ("process", "credential_process"),
            "ssoonly": ("keys", "credentials file"),
            "loop1": ("invalid", ""), "loop2": ("invalid", "")})

        r = run_awsx(["doctor", "a", "--json"], env)
        self.assertEqual(r.code, 0, r.err)
        doc = json.loads(r.out)
        self.assertEqual(doc["source"], {"kind": "keys", "profile": "b",
                                         "access_key_id": "AKIABBBBBBBB"})
        self.assertEqual([s["action"] for s in doc["steps"]], ["credentials", "AssumeRole"])
        cycles = sorted(f["message"] for f in doc["lint"] if "cycle" in f["message"])
        self.assertEqual(cycles, ["source_profile cycle: b -> a -> b",
                                  "source_profile cycle: loop1 -> loop2 -> loop1",
                                  "source_profile cycle: loop2 -> loop1 -> loop2"])
        r = run_awsx(["doctor", "ci", "--json"], env)
        self.assertEqual(json.loads(r.out)["source"]["kind"], "web-identity")
        r = run_awsx(["doctor", "b"], env)
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("source_profile cycle: b -> a -> b", r.err)


if __name__ == "__main__":
    unittest.main()
