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


if __name__ == "__main__":
    unittest.main()
