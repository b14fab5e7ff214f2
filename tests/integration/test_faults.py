"""Network faults between awsx and STS, with real peers: a scripted stand-in in front of
moto, closed ports, a resolver with no network, an SSO portal, a full disk.

Every failure must end in one `awsx: error:` line (plus at most one hint) that says what
went wrong and where, with the exit status of its class (man awsx, EXIT STATUS), within
the time AWSX_HTTP_TIMEOUT allows, and without a secret on the terminal.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import sts_standin as standin  # noqa: E402
from awsxtest import (Home, Result, files_under, next_mfa_step, require_awsx, run_awsx,  # noqa: E402
                      use_shared_moto, write_moto_profiles)
from loopback import closed_port  # noqa: E402
from motofixture import MotoSts  # noqa: E402
from sso_portal_stub import SsoPortalStub, write_sso_cache  # noqa: E402

MOTO: MotoSts | None = None

NETWORK, SERVICE, CREDENTIALS, CONFIG, STORAGE = 6, 5, 4, 3, 7
MFA_CODE = "314159"  # moto takes any code; this one appears nowhere else
TIMEOUT = 2          # AWSX_HTTP_TIMEOUT for every test here
ATTEMPTS = 3
BACKOFF_MAX = 0.25 * 2 + 0.25 * 4  # the most retry.cpp waits before attempts 2 and 3
SLACK = 3.0          # process start, moto, a loaded CI machine


use_shared_moto(globals())


class FaultTest(unittest.TestCase):
    """A HOME whose profile `prod` assumes moto's role from the step user's keys with MFA,
    through a stand-in that forwards to moto unless a test scripts it otherwise."""

    def setUp(self) -> None:
        assert MOTO is not None
        self.moto = MOTO
        self.home = Home()
        write_moto_profiles(self.home, MOTO, mfa=True)
        self.sts = standin.StsStandin(upstream=MOTO.url).start()
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=self.sts.url, AWSX_HTTP_TIMEOUT=str(TIMEOUT))
        MOTO.reset_recording()

    def tearDown(self) -> None:
        self.sts.stop()
        self.home.remove()

    def exec_prod(self, env: dict[str, str] | None = None, *extra: str) -> tuple[Result, float]:
        start = time.monotonic()
        r = run_awsx(["exec", "prod", "-t", MFA_CODE, "--no-cache", *extra, "--", "true"],
                     env or self.env)
        return r, time.monotonic() - start

    def assert_clean_failure(self, r: Result, code: int, *needles: str) -> str:
        """One error line holding every needle, at most one hint line, nothing else, the exit
        status `code`, and no secret; returns the error line."""
        self.assertEqual(r.code, code, r.err)
        lines = r.err.splitlines()
        errors = [line for line in lines if line.startswith("awsx: error: ")]
        hints = [line for line in lines if line.startswith("awsx: hint: ")]
        self.assertEqual(len(errors), 1, r.err)
        self.assertLessEqual(len(hints), 1, r.err)
        self.assertEqual(len(lines), len(errors) + len(hints), f"stray output:\n{r.err}")
        self.assertNotIn("\x1b", r.err)
        for needle in needles:
            self.assertIn(needle, errors[0])
        self.assert_no_secret(r)
        self.assertEqual(r.out, "")
        return errors[0]

    def assert_no_secret(self, r: Result) -> None:
        assert MOTO is not None
        for secret in (MOTO.step_secret_access_key, MFA_CODE):
            self.assertNotIn(secret, r.err + r.out)

    def assert_within(self, seconds: float, attempts: int) -> None:
        limit = attempts * 2 * TIMEOUT + BACKOFF_MAX + SLACK
        self.assertLessEqual(seconds, limit, f"took {seconds:.1f}s, allowed {limit:.1f}s")


class Retries(FaultTest):
    def test_throttled_twice_then_moto_answers(self) -> None:
        self.sts.script(standin.throttle(), standin.throttle())
        r, _ = self.exec_prod()
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual([s.answer for s in self.sts.requests], ["throttle", "throttle", "proxy"])
        # The forwarded bytes were the third attempt's, signed as awsx signed them: moto
        # checked the signature and answered the one AssumeRole.
        self.assertEqual([c["action"] for c in self.moto.sts_calls()], ["AssumeRole"])
        self.assertEqual(self.moto.sts_calls()[0]["params"]["TokenCode"], MFA_CODE)
        bodies = {s.body for s in self.sts.requests}
        self.assertEqual(len(bodies), 1, "every attempt must send the same request")
        gaps = [b.at - a.at for a, b in zip(self.sts.requests, self.sts.requests[1:])]
        # Full jitter: up to 0.5s before the second attempt, up to 1s before the third.
        self.assertLess(gaps[0], 0.5 + 0.5)
        self.assertLess(gaps[1], 1.0 + 0.5)
        self.assertGreater(sum(gaps), 0.025, f"no backoff between attempts: {gaps}")

    def test_503_three_times_gives_up_with_the_status(self) -> None:
        self.sts.script(*[standin.html(503)] * 3)
        r, took = self.exec_prod()
        self.assert_clean_failure(r, NETWORK, "sts AssumeRole for profile prod: HTTP 503 from "
                                  + self.sts.url, "without an AWS error document",
                                  "(after 3 attempts)")
        self.assertEqual(len(self.sts.requests), ATTEMPTS)
        self.assert_within(took, ATTEMPTS)

    def test_throttled_three_times_is_a_service_error(self) -> None:
        self.sts.script(*[standin.throttle()] * 3)
        r, _ = self.exec_prod()
        self.assert_clean_failure(r, SERVICE, "sts AssumeRole for profile prod: Throttling: "
                                  "Rate exceeded (after 3 attempts)")
        self.assertEqual(len(self.sts.requests), ATTEMPTS)


class BrokenAnswers(FaultTest):
    """What the peer sends is not an STS answer: one line names it and the endpoint."""

    def check(self, behaviour: standin.Behaviour, attempts: int, *needles: str) -> str:
        self.sts.script(*[behaviour] * attempts)
        r, took = self.exec_prod()
        line = self.assert_clean_failure(r, NETWORK, "sts AssumeRole for profile prod: ", *needles)
        self.assertEqual(len(self.sts.requests), attempts, r.err)
        self.assert_within(took, attempts)
        self.assertNotIn(self.moto.step_access_key_id, r.err)
        return line

    def test_garbage_instead_of_http(self) -> None:
        self.check(standin.garbage(), ATTEMPTS, self.sts.url + " did not answer with HTTP",
                   "(after 3 attempts)")

    def test_html_page(self) -> None:
        self.check(standin.html(), 1, 'got an HTML page titled "Hotel WiFi - Please log in" '
                   "instead of an AssumeRole response from " + self.sts.url)

    def test_body_that_is_not_xml(self) -> None:
        self.check(standin.junk_body(), 1, "not an STS XML document", self.sts.url)

    def test_truncated_body(self) -> None:
        self.check(standin.truncated(), ATTEMPTS,
                   f"the answer from {self.sts.url} broke off after 141 of 4096 bytes",
                   "(after 3 attempts)")

    def test_connection_reset(self) -> None:
        self.check(standin.reset(), ATTEMPTS, f"connection reset by {self.sts.url} before it "
                   "answered", "(after 3 attempts)")


class Timeouts(FaultTest):
    def test_a_peer_that_never_answers(self) -> None:
        self.sts.script(*[standin.hang()] * ATTEMPTS)
        r, took = self.exec_prod()
        self.assert_clean_failure(r, NETWORK, f"no answer from {self.sts.url} within {TIMEOUT}s",
                                  "(after 3 attempts)")
        self.assertIn("AWSX_HTTP_TIMEOUT", r.err)
        self.assertEqual(len(self.sts.requests), ATTEMPTS)
        self.assertGreaterEqual(took, ATTEMPTS * TIMEOUT * 0.9, "it did not wait the timeout")
        self.assert_within(took, ATTEMPTS)

    def test_a_peer_that_drips_one_byte_at_a_time_cannot_stretch_the_timeout(self) -> None:
        self.sts.script(*[standin.drip(0.4)] * ATTEMPTS)
        r, took = self.exec_prod()
        self.assert_clean_failure(r, NETWORK, f"the answer from {self.sts.url} was still "
                                  f"incomplete after {TIMEOUT}s")
        self.assert_within(took, ATTEMPTS)

    def test_a_dripped_status_line_is_bounded_too(self) -> None:
        self.sts.script(*[standin.drip(0.4, whole=True)] * ATTEMPTS)
        r, took = self.exec_prod()
        self.assert_clean_failure(r, NETWORK, f"no answer from {self.sts.url} within {TIMEOUT}s")
        self.assert_within(took, ATTEMPTS)


class InstanceMetadata(FaultTest):
    """Off EC2, 169.254.169.254 must not hold up awsx: like botocore, each request to the
    metadata service gets AWS_METADATA_SERVICE_TIMEOUT (default 1 s), not the STS timeouts."""

    def test_a_metadata_service_that_never_answers_costs_one_second(self) -> None:
        with open(self.home.config, "a", encoding="utf-8") as config:
            config.write("\n[profile on-ec2]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
                         "credential_source = Ec2InstanceMetadata\n")
        self.sts.script(standin.hang())
        # The transport's own defaults (5 s to connect, 10 s to read) stay in force.
        env = {k: v for k, v in self.env.items() if k != "AWSX_HTTP_TIMEOUT"}
        env.update(AWS_EC2_METADATA_DISABLED="false",
                   AWS_EC2_METADATA_SERVICE_ENDPOINT=self.sts.url)
        start = time.monotonic()
        r = run_awsx(["exec", "on-ec2", "--no-cache", "--", "true"], env)
        took = time.monotonic() - start
        self.assert_clean_failure(r, NETWORK, "EC2 instance metadata service at " + self.sts.url,
                                  "within 1s")
        self.assertEqual([q.method for q in self.sts.requests], ["PUT"])
        self.assertLess(took, 1 + SLACK, f"took {took:.1f}s")


class ServiceErrors(FaultTest):
    """STS answers with an error document: exit 5, its Code and Message, never retried."""

    def check(self, code: str, message: str, *needles: str) -> str:
        self.sts.script(standin.error(code, message))
        r, _ = self.exec_prod()
        line = self.assert_clean_failure(r, SERVICE, f"sts AssumeRole for profile prod: {code}: "
                                         + message.strip(), *needles)
        self.assertEqual(len(self.sts.requests), 1, "a client error must not be retried")
        return r.err

    def test_wrong_or_reused_mfa_code(self) -> None:
        err = self.check("AccessDenied",
                         "MultiFactorAuthentication failed with invalid MFA one time pass code. ")
        self.assertIn("awsx: hint: STS rejected the MFA code", err)

    def test_access_denied(self) -> None:
        err = self.check("AccessDenied", f"User: {self.moto.user_arn} is not authorized to "
                         f"perform: sts:AssumeRole on resource: {self.moto.role_arn}")
        self.assertIn("awsx: hint: check the role's trust policy", err)

    def test_expired_token(self) -> None:
        err = self.check("ExpiredToken", "The security token included in the request is expired")
        self.assertIn("awsx: hint: the credentials of profile step have expired", err)

    def test_region_disabled(self) -> None:
        err = self.check("RegionDisabledException", "STS is not activated in this region for "
                         "account:123456789012. Your account administrator can activate STS in "
                         "this region using the IAM Console.")
        self.assertIn("awsx: hint: activate STS for this region", err)

    def test_a_multi_line_message_stays_one_line(self) -> None:
        self.sts.script(standin.error("AccessDenied", "first line\n\tsecond\r\nthird"))
        r, _ = self.exec_prod()
        self.assert_clean_failure(r, SERVICE, "AccessDenied: first line second third")

    def test_an_endpoint_echoing_the_request_cannot_make_awsx_show_secrets(self) -> None:
        # A session (ASIA key + token) signs this AssumeRole, so the token is on the wire.
        token = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN" + "x" * 60
        secret = "tempSecretKeyNeverShownxxxxxxxxxxxxxxxxx"
        with open(self.home.credentials, "a", encoding="utf-8") as f:
            f.write(f"\n[temp]\naws_access_key_id = ASIAEXAMPLETEMPKEY00\n"
                    f"aws_secret_access_key = {secret}\naws_session_token = {token}\n")
        with open(self.home.config, "a", encoding="utf-8") as f:
            f.write(f"\n[profile chained]\nrole_arn = {self.moto.role_arn}\nsource_profile = temp\n"
                    f"mfa_serial = {self.moto.mfa_serial}\n")
        self.sts.script(standin.echo("body"), standin.echo("head"))
        for shown in ("TokenCode=***", "X-Amz-Security-Token: ***"):
            r = run_awsx(["exec", "chained", "-t", MFA_CODE, "--no-cache", "--", "true"], self.env)
            self.assert_clean_failure(r, SERVICE, "InvalidParameterValue: You sent: ", shown)
            for hidden in (token, secret, MFA_CODE):
                self.assertNotIn(hidden, r.err)
        seen = self.sts.requests[0]
        self.assertEqual(seen.headers["x-amz-security-token"], token)
        self.assertEqual(seen.params["TokenCode"], MFA_CODE)


class Unreachable(FaultTest):
    def test_connection_refused(self) -> None:
        port = closed_port()
        env = dict(self.env, AWS_ENDPOINT_URL_STS=f"http://127.0.0.1:{port}")
        r, took = self.exec_prod(env)
        self.assert_clean_failure(r, NETWORK, "sts AssumeRole for profile prod: connection "
                                  f"refused by http://127.0.0.1:{port} (after 3 attempts)")
        self.assertLess(took, BACKOFF_MAX + SLACK)

    def test_unresolvable_host_with_no_network_at_all(self) -> None:
        # awsx runs in a network namespace of its own that has only a loopback device (and
        # that one down), so whatever its resolver tries cannot leave this machine.
        unshare = shutil.which("unshare")
        if unshare is None:
            self.fail("`unshare` is missing: install util-linux")
        isolate = [unshare, "--net"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
        probe = subprocess.run([*isolate, sys.executable, "-c",
                                "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                                "try:\n    s.connect(('192.0.2.1', 53))\nexcept OSError as e:\n"
                                "    print(e.errno)"], capture_output=True, text=True, timeout=30)
        if probe.returncode != 0:
            self.fail("cannot create a network namespace with `unshare --net` (needs root or "
                      f"unprivileged user namespaces): {probe.stderr.strip()}")
        self.assertEqual(probe.stdout.strip(), "101", "the namespace can reach the network")
        host = "sts.awsx-fault-test.invalid"
        env = dict(self.env, AWS_ENDPOINT_URL_STS=f"https://{host}")
        start = time.monotonic()
        proc = subprocess.run([*isolate, require_awsx(), "exec", "prod", "-t", MFA_CODE,
                               "--no-cache", "--", "true"], env=env, capture_output=True,
                              text=True, timeout=60, stdin=subprocess.DEVNULL)
        took = time.monotonic() - start
        r = Result(proc.returncode, proc.stdout, proc.stderr)
        self.assert_clean_failure(r, NETWORK, f"sts AssumeRole for profile prod: cannot resolve "
                                  f"host {host}")
        self.assertIn("awsx: hint: check the host name in the endpoint URL, and DNS", r.err)
        self.assert_within(took, ATTEMPTS)


class SsoSignIn(FaultTest):
    def setUp(self) -> None:
        super().setUp()
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

    def test_expired_token_in_the_cache(self) -> None:
        past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
        write_sso_cache(self.home.path, "corp", "old-token-never-shown", past)
        r = run_awsx(["exec", "dev", "--", "true"], self.env)
        self.assert_clean_failure(r, CREDENTIALS, "the SSO token for sso-session corp (profile "
                                  "dev) has expired")
        self.assertIn("awsx: hint: run `aws sso login --sso-session corp`", r.err)
        self.assertNotIn("old-token-never-shown", r.err)

    def test_token_the_portal_no_longer_accepts(self) -> None:
        future = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
        write_sso_cache(self.home.path, "corp", "revoked-token-never-shown", future)
        creds = {"AccessKeyId": "ASIAUNUSED", "SecretAccessKey": "x", "SessionToken": "y"}
        with SsoPortalStub(creds, "current-token", self.moto.account_id, "prod-role") as portal:
            r = run_awsx(["exec", "dev", "--", "true"], dict(self.env, AWS_ENDPOINT_URL_SSO=portal.url))
            asked = len(portal.requests)
        self.assert_clean_failure(r, CREDENTIALS, "sso GetRoleCredentials for profile dev: "
                                  "UnauthorizedException: Session token not found or invalid")
        self.assertIn("awsx: hint: the SSO sign-in has expired or was revoked; run `aws sso login "
                      "--sso-session corp`", r.err)
        self.assertEqual(asked, 1, "a 401 must not be retried")
        self.assertNotIn("revoked-token-never-shown", r.err)


def _limit_file_size() -> None:  # runs in the child
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))
    os.setsid()


class DiskFull(FaultTest):
    """Writes beyond 64 bytes fail with EFBIG, as on a full disk: a session that cannot be
    cached is still used, with a warning; keys that cannot be stored are an error (exit 7);
    and what was stored before stays byte for byte."""

    def snapshot(self) -> dict[str, bytes]:
        # What awsx stores, less the record of used MFA codes: each run here takes a new
        # code (next_mfa_step), and recording that one is right.
        out = {}
        for path in files_under(self.home.path):
            if os.path.isfile(path) and f"{os.sep}mfa{os.sep}" not in path:
                with open(path, "rb") as f:
                    out[path] = f.read()
        return out

    def assert_unchanged(self, before: dict[str, bytes]) -> None:
        after = self.snapshot()
        for path, data in before.items():
            self.assertEqual(after.get(path), data, f"a failed write changed {path}")
        # Only empty lock files may be new; no temporary file may be left behind.
        for path in set(after) - set(before):
            self.assertIn(os.sep + "locks" + os.sep, path)
            self.assertEqual(after[path], b"", path)

    def run_limited(self, args: list[str], env: dict[str, str]) -> Result:
        proc = subprocess.run([require_awsx(), *args], env=env, capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL, preexec_fn=_limit_file_size)
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def test_adding_keys_fails_cleanly_and_keeps_the_stored_ones(self) -> None:
        keep = dict(self.env, AWS_ACCESS_KEY_ID="AKIAKEEPKEEPKEEPKEEP",
                    AWS_SECRET_ACCESS_KEY="kept-secret-never-shown")
        self.assertEqual(run_awsx(["add", "keep", "--env"], keep).code, 0)
        before = self.snapshot()
        other = dict(self.env, AWS_ACCESS_KEY_ID="AKIAOTHEROTHEROTHER0",
                     AWS_SECRET_ACCESS_KEY="other-secret-never-shown")
        r = self.run_limited(["add", "other", "--env"], other)
        self.assert_clean_failure(r, STORAGE, "File too large")
        self.assertIn("what was stored before is unchanged", r.err)
        self.assertNotIn("secret-never-shown", r.err)
        self.assert_unchanged(before)

    def test_the_exec_still_runs_and_nothing_stored_changes(self) -> None:
        with open(self.home.config, "a", encoding="utf-8") as f:
            f.write(f"\n[profile other]\nrole_arn = {self.moto.role_arn}\nsource_profile = step\n")
        env = dict(self.env, AWS_ENDPOINT_URL_STS=self.moto.url)
        first = run_awsx(["exec", "prod", "-t", MFA_CODE, "--", "true"], env)
        self.assertEqual(first.code, 0, first.err)
        before = self.snapshot()
        self.assertTrue(any("/.cache/" in p for p in before), "nothing was cached")

        # A new session for another profile, and a renewal of prod's (a margin longer than
        # the session makes the cached one stale): both writes fail.
        for profile, extra in (("other", {}), ("prod", {"AWSX_CACHE_MARGIN": "13h"})):
            next_mfa_step(env)  # the device shows its next code
            r = self.run_limited(["exec", profile, "-t", MFA_CODE, "--", "sh", "-c",
                                  "echo child ran"], dict(env, **extra))
            self.assertEqual(r.code, 0, r.err)
            self.assertEqual(r.out, "child ran\n")
            warnings = [line for line in r.err.splitlines() if line.startswith("awsx: warning:")]
            self.assertEqual(len(warnings), 1, r.err)
            self.assertIn("could not cache the session", warnings[0])
            self.assertIn("File too large", warnings[0])
            self.assertNotIn(self.moto.step_secret_access_key, r.err)
            self.assert_unchanged(before)


if __name__ == "__main__":
    unittest.main()
