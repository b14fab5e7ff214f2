"""The AWS SDK for JavaScript v3 as awsx's client (issue 12), against moto: an
independent credential chain, shared-config reader and SigV4 signer must end up as the
assumed role whichever way awsx hands the session over (exec's environment,
credential_process, the --ecs-server endpoint), whatever stale state surrounds it; and
the SDK's own fromIni must send the AssumeRole awsx sends.

tests/jssdk/probe.js does the SDK side; the jssdk.npm_ci fixture installs the pinned SDK
into AWSX_JSSDK_DIR first. Every node run is given AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED,
the SDK's own switch for its Node-version warning; anything else node prints is logged."""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, require_awsx, run_awsx, shared_moto, write_moto_profiles  # noqa: E402
from motofixture import ROLE_NAME, MotoSts  # noqa: E402

MOTO: MotoSts | None = None
NODE = ""
SDK_DIR = os.environ.get("AWSX_JSSDK_DIR", "")
PROBE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "jssdk", "probe.js")
# The SDK's switch (read in @aws-sdk/core's emitWarningIfUnsupportedVersion) for the
# warning it prints on node < 22; only that warning, nothing else, goes quiet.
QUIET = {"AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED": "true"}
# Variables that no child of awsx may see, whatever surrounded awsx.
STALE_NAMES = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN",
               "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
# And those the --ecs-server child must not see either: it gets the endpoint, not keys.
KEY_NAMES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
             "AWS_CREDENTIAL_EXPIRATION")


def setUpModule() -> None:
    global MOTO, NODE
    NODE = shutil.which("node") or ""
    if not NODE:
        raise RuntimeError("node is not on PATH: install Node.js >= 20 (see tests/jssdk/npm-ci)")
    if not os.path.isdir(os.path.join(SDK_DIR, "node_modules", "@aws-sdk", "client-sts")):
        raise RuntimeError(f"the AWS SDK for JavaScript is not installed in AWSX_JSSDK_DIR={SDK_DIR!r}: "
                           "run this through ctest, whose jssdk.npm_ci fixture installs it")
    require_awsx()
    MOTO = shared_moto()


def role_arn_prefix() -> str:
    assert MOTO is not None
    return f"arn:aws:sts::{MOTO.account_id}:assumed-role/{ROLE_NAME}/"


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def stale_profile(moto: MotoSts) -> str:
    """[profile stale]: the step user's keys through a credential_process, so an SDK that
    is steered to it by a leaked AWS_PROFILE gets a valid identity that is not the role."""
    keys = json.dumps({"Version": 1, "AccessKeyId": moto.step_access_key_id,
                       "SecretAccessKey": moto.step_secret_access_key})
    return f"[profile stale]\ncredential_process = /bin/echo {shlex.quote(keys)}\n"


class SdkCase(unittest.TestCase):
    """A temporary HOME with moto's profiles (step, prod) and the SDK's runner."""

    mfa = False
    extra = ""

    @classmethod
    def setUpClass(cls) -> None:
        assert MOTO is not None
        cls.moto = MOTO
        cls.home = Home()
        write_moto_profiles(cls.home, MOTO, mfa=cls.mfa, extra=cls.extra)
        cls.env = cls.home.env(AWS_ENDPOINT_URL_STS=MOTO.url, **QUIET)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.home.remove()

    def prime(self, *options: str) -> dict:
        """One awsx call that puts prod's session into the cache; the session."""
        r = run_awsx(["export", "prod", "--format", "process", *options], self.env)
        self.assertEqual(r.code, 0, r.err)
        return json.loads(r.out)

    def probe(self, checks: list[dict], prefix: list[str] | None = None,
              env: dict[str, str] | None = None) -> dict:
        """Runs probe.js with `checks`, under `prefix` (an awsx command line ending in --),
        in a new session with no terminal; its report."""
        argv = [*(prefix or []), NODE, PROBE, SDK_DIR, json.dumps({"checks": checks})]
        proc = subprocess.run(argv, env=env or self.env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=90, start_new_session=True)
        if proc.stderr:  # to the log, so nothing node or awsx says is hidden
            sys.stderr.write(f"--- stderr of {self.id()} ---\n{proc.stderr}")
        self.assertNotIn("NodeVersionSupportWarning", proc.stderr)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        report = json.loads(proc.stdout.splitlines()[-1])
        self.assertEqual(report["refused"], [], "the SDK tried to leave loopback")
        return report

    def assert_role(self, report: dict, name: str, calls: int, session: dict) -> None:
        """Check `name` answered `calls` times, each as the role with awsx's `session`,
        whose Expiration the SDK parsed to the same instant."""
        result = report["results"][name]
        self.assertIsNone(result.get("error"), f"{name}: {result.get('error')}")
        answers = result["answers"]
        self.assertEqual(len(answers), calls, name)
        for answer in answers:
            self.assertTrue(answer["arn"].startswith(role_arn_prefix()), f"{name}: {answer['arn']}")
            self.assertEqual(answer["access_key_id"], session["AccessKeyId"], f"{name}: not awsx's session")
            expiration = answer["expiration"]
            self.assertTrue(expiration["present"] and expiration["valid"], f"{name}: {expiration}")
            self.assertEqual(parse_time(expiration["iso"]).replace(microsecond=0),
                             parse_time(session["Expiration"]).replace(microsecond=0), name)

    def stale_env(self) -> dict[str, str]:
        """self.env plus what an old shell, CloudShell or an ECS task may hold: valid keys
        of another identity (step-user), an expired session, profile stale, and container
        variables whose endpoint, token or token file are wrong."""
        token_file = os.path.join(self.home.path, "stale-token")
        with open(token_file, "w", encoding="utf-8") as f:
            f.write("stale-token-from-an-old-task")
        return {**self.env, "AWS_PROFILE": "stale", "AWS_DEFAULT_PROFILE": "stale",
                "AWS_ACCESS_KEY_ID": self.moto.step_access_key_id,
                "AWS_SECRET_ACCESS_KEY": self.moto.step_secret_access_key,
                "AWS_SESSION_TOKEN": "stale-session-token", "AWS_SECURITY_TOKEN": "stale-security-token",
                "AWS_CREDENTIAL_EXPIRATION": "2001-01-01T00:00:00+00:00",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/stale",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/stale",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "stale-token",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": token_file}

    def sts_actions(self) -> list[str]:
        return [c["action"] for c in self.moto.sts_calls()]


class PrimedCase(SdkCase):
    """SdkCase plus [profile stale], and prod's session in awsx's cache before each test."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        with open(cls.home.config, "a", encoding="utf-8") as f:
            f.write(stale_profile(cls.moto))

    def setUp(self) -> None:
        self.session = self.prime()
        self.moto.reset_recording()


class ExecEnvironment(PrimedCase):
    """`awsx exec prod -- node …`: the SDK's default chain finds the session in the
    environment, and its region is prod's."""

    extra = "region = eu-central-1\n"

    def test_default_chain_and_region(self) -> None:
        report = self.probe([{"name": "client", "provider": "client"}],
                            [require_awsx(), "exec", "prod", "--"])
        self.assert_role(report, "client", 1, self.session)
        # The SDK reads AWS_REGION; a region from anywhere else (us-east-1, or the step
        # profile's eu-west-1) would be wrong, and moto sees the one it signed for.
        self.assertEqual(report["results"]["client"]["region"], "eu-central-1")
        calls = self.moto.sts_calls()
        self.assertEqual([(c["action"], c["region"], c["access_key_id"]) for c in calls],
                         [("GetCallerIdentity", "eu-central-1", self.session["AccessKeyId"])])

    def test_stale_variables_do_not_reach_the_sdk(self) -> None:
        report = self.probe([{"name": "client", "provider": "client"},
                             {"name": "chain", "provider": "chain", "region": "eu-central-1"}],
                            [require_awsx(), "exec", "prod", "--"], self.stale_env())
        leaked = [n for n in report["env"] if n in STALE_NAMES or n.startswith("AWS_CONTAINER_")]
        self.assertEqual(leaked, [])
        # The keys, token and expiration the SDK reads are the session's, not the stale ones.
        self.assert_role(report, "client", 1, self.session)
        self.assert_role(report, "chain", 1, self.session)
        self.assertEqual(self.sts_actions(), ["GetCallerIdentity"] * 2)


class CredentialProcess(SdkCase):
    """credential_process = awsx export prod --format process, run by the SDK with no
    terminal: the session comes from awsx's cache, so the MFA-protected role needs no
    code and STS sees no AssumeRole."""

    mfa = True

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        with open(cls.home.config, "a", encoding="utf-8") as f:
            f.write(f"[profile viaprocess]\nregion = eu-west-1\ncredential_process = "
                    f"{shlex.quote(require_awsx())} export prod --format process\n")

    def test_fromProcess_fromIni_and_the_default_chain(self) -> None:
        session = self.prime("--mfa-token", self.moto.mfa_code)
        self.moto.reset_recording()
        report = self.probe([{"name": "client", "provider": "client"},
                             {"name": "fromProcess", "provider": "fromProcess", "profile": "viaprocess"},
                             {"name": "fromIni", "provider": "fromIni", "profile": "viaprocess"}],
                            env={**self.env, "AWS_PROFILE": "viaprocess"})
        for name in ("client", "fromProcess", "fromIni"):
            self.assert_role(report, name, 1, session)
        self.assertEqual(report["results"]["client"]["region"], "eu-west-1")
        calls = self.moto.sts_calls()
        self.assertEqual([(c["action"], c["access_key_id"]) for c in calls],
                         [("GetCallerIdentity", session["AccessKeyId"])] * 3,
                         "awsx asked STS again instead of reusing its cached session")


class EcsServer(PrimedCase):
    """`awsx exec prod --ecs-server -- node …`: the default chain, fromHttp and
    fromContainerMetadata read the session from the endpoint, each asking twice."""


    def endpoint_probe(self, checks: list[dict], env: dict[str, str] | None = None) -> dict:
        return self.probe(checks, [require_awsx(), "exec", "prod", "--ecs-server", "--"], env)

    def assert_no_keys(self, report: dict) -> None:
        self.assertEqual([n for n in report["env"] if n in STALE_NAMES or n in KEY_NAMES], [])

    def test_default_chain_fromHttp_and_fromContainerMetadata(self) -> None:
        names = ("chain", "fromHttp", "fromContainerMetadata")
        report = self.endpoint_probe([{"name": n, "provider": n, "calls": 2} for n in names])
        self.assert_no_keys(report)
        for name in names:
            # fromHttp parses Expiration as strict RFC 3339 with a Z: "+00:00" would fail.
            self.assert_role(report, name, 2, self.session)
            # Two answers from two requests: nothing in between remembered the first.
            self.assertEqual(report["results"][name]["endpoint_requests"], 2, name)
        self.assertGreater(parse_time(self.session["Expiration"]),
                           dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5))
        self.assertEqual(self.sts_actions(), ["GetCallerIdentity"] * 6)

    def test_stale_variables_do_not_reach_the_sdk(self) -> None:
        names = ("chain", "fromHttp", "fromContainerMetadata")
        report = self.endpoint_probe([{"name": n, "provider": n} for n in names], self.stale_env())
        self.assert_no_keys(report)
        # The endpoint and token the SDK uses are awsx's, not the stale ones.
        for name in names:
            self.assert_role(report, name, 1, self.session)

    def test_default_keys_in_the_credentials_file(self) -> None:
        # The SDK's chain asks the shared files before the container endpoint.
        with open(self.home.credentials, encoding="utf-8") as f:
            self.addCleanup(self.home.write_credentials, f.read())
        with open(self.home.credentials, "a", encoding="utf-8") as f:
            f.write(f"[default]\naws_access_key_id = {self.moto.step_access_key_id}\n"
                    f"aws_secret_access_key = {self.moto.step_secret_access_key}\n")
        report = self.endpoint_probe([{"name": "chain", "provider": "chain"},
                                      {"name": "client", "provider": "client"}])
        self.assert_role(report, "chain", 1, self.session)
        self.assert_role(report, "client", 1, self.session)


class ReferenceAssumeRole(SdkCase):
    """The SDK's own fromIni({profile: 'prod', mfaCodeProvider}) and awsx send the same
    AssumeRole, as moto records it. Two settings differ by default, so prod sets both:
    duration_seconds (the SDK asks for 3600 s, awsx for 12 h; 7200 is neither, so both
    must read it) and region (with none on prod, awsx takes the source profile's, as its
    README says, while the SDK signs for us-east-1). RoleSessionName differs by design."""

    mfa = True
    extra = "duration_seconds = 7200\nregion = eu-north-1\n"

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # The SDK, like botocore, looks for mfa_serial on the role's profile only.
        with open(cls.home.config, "a", encoding="utf-8") as f:
            f.write(f"mfa_serial = {cls.moto.mfa_serial}\n")

    def assume_role(self) -> dict:
        calls = [c for c in self.moto.sts_calls() if c["action"] == "AssumeRole"]
        self.assertEqual(len(calls), 1, calls)
        call = calls[0]
        fields = {k: call["params"].get(k) for k in
                  ("Action", "Version", "RoleArn", "DurationSeconds", "SerialNumber", "TokenCode")}
        return {**fields, "signing key": call["access_key_id"], "signing region": call["region"]}

    def test_same_assume_role_as_fromIni(self) -> None:
        self.moto.reset_recording()
        self.prime("--mfa-token", self.moto.mfa_code, "--no-cache")
        by_awsx = self.assume_role()
        self.moto.reset_recording()
        report = self.probe([{"name": "fromIni", "provider": "fromIni", "profile": "prod",
                              "mfa_code": self.moto.mfa_code}])
        result = report["results"]["fromIni"]
        self.assertIsNone(result.get("error"), result.get("error"))
        self.assertTrue(result["answers"][0]["arn"].startswith(role_arn_prefix()), result)
        self.assertEqual(result["mfa_serials"], [self.moto.mfa_serial])
        by_sdk = self.assume_role()
        self.assertEqual(by_awsx, by_sdk)
        self.assertEqual(by_awsx["DurationSeconds"], "7200")
        self.assertEqual(by_awsx["signing key"], self.moto.step_access_key_id)
        self.assertEqual(by_awsx["signing region"], "eu-north-1")


if __name__ == "__main__":
    unittest.main()
