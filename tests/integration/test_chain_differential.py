"""Chains against botocore: for generated configs, awsx's planner (as `awsx doctor
--json` shows it) and botocore's credential chain (AssumeRoleProvider and the per-profile
providers, run in this process with STS and SSO replaced by recorders) must agree on
which calls are made, in which order, signed by what, or that the profile is unusable.

awsx's own additions are left out of the comparison: the GetSessionToken wrapped around
long-term keys, MFA inheritance (no profile here has mfa_serial), and empty key values,
which awsx refuses with a message (unit-tested) where botocore would sign with them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import sys
import tempfile
import unittest
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, run_awsx  # noqa: E402

import botocore.credentials  # noqa: E402
import botocore.exceptions  # noqa: E402
import botocore.session  # noqa: E402
import botocore.tokens  # noqa: E402

PROFILES = ("p0", "p1", "p2", "p3")
CONFIGS = int(os.environ.get("AWSX_CHAIN_CONFIGS", "220"))
ENV_KEY = "AKIAENVIRONMENT"
ACCOUNT = "123456789012"


def role(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/r-{name}"


def key_id(name: str) -> str:
    return f"AKIA{name.upper()}"


class Recorder:
    """Stands in for STS and SSO clients, recording each call and who signed it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str | None]] = []

    def _answer(self, access_key: str) -> dict:
        return {"AccessKeyId": access_key, "SecretAccessKey": "x", "SessionToken": "t",
                "Expiration": dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)}

    def client(self, service: str, **kwargs: object) -> object:
        recorder = self

        class Client:
            def assume_role(self, **kw: str) -> dict:
                recorder.calls.append(("AssumeRole", kw["RoleArn"],
                                       str(kwargs.get("aws_access_key_id"))))
                return {"Credentials": recorder._answer(f"ASIA{len(recorder.calls)}")}

            def assume_role_with_web_identity(self, **kw: str) -> dict:
                recorder.calls.append(("AssumeRoleWithWebIdentity", kw["RoleArn"], None))
                return {"Credentials": recorder._answer(f"ASIA{len(recorder.calls)}")}

            def get_role_credentials(self, roleName: str, accountId: str,  # noqa: N803
                                     accessToken: str) -> dict:  # noqa: N803
                expiry = int((dt.datetime.now(dt.timezone.utc).timestamp() + 3600) * 1000)
                return {"roleCredentials": {"accessKeyId": f"SSO-{roleName}",
                                            "secretAccessKey": "x", "sessionToken": "t",
                                            "expiration": expiry}}

        assert service in ("sts", "sso"), service
        return Client()


def generate(rng: random.Random, home: str) -> tuple[str, str]:
    """A random config and credentials file over PROFILES."""
    config, credentials = [], []
    token = os.path.join(home, "token")
    for name in PROFILES:
        lines, keys = [], []
        has_role = rng.random() < 0.55
        if has_role:
            lines.append(f"role_arn = {role(name)}")
            pick = rng.random()
            if pick < 0.75:
                lines.append(f"source_profile = {rng.choice(PROFILES)}")
            elif pick < 0.85:
                lines.append("credential_source = Environment")
            elif pick < 0.9:
                lines += [f"source_profile = {rng.choice(PROFILES)}",
                          "credential_source = Environment"]
        elif rng.random() < 0.1:
            lines.append(f"source_profile = {rng.choice(PROFILES)}")
        if rng.random() < 0.12:
            lines.append(f"web_identity_token_file = {token}")
        pick = rng.random()
        pair = [f"aws_access_key_id = {key_id(name)}", "aws_secret_access_key = s"]
        if pick < 0.3:
            keys += pair
        elif pick < 0.4:
            lines += pair
        elif pick < 0.43:
            keys.append(pair[0])
        elif pick < 0.46:
            keys.append(pair[1])
        elif pick < 0.5:
            keys.append(pair[0])
            lines.append(pair[1])
        if rng.random() < 0.12:
            lines.append(f"credential_process = {sys.executable} {home}/process.py {name}")
        if rng.random() < 0.12:
            lines += ["sso_session = corp", f"sso_account_id = {ACCOUNT}",
                      f"sso_role_name = sso-{name}"]
            if rng.random() < 0.25:
                lines.append("sso_start_url = https://other.awsapps.com/start")
        config.append(f"[profile {name}]\n" + "".join(line + "\n" for line in lines))
        if keys:
            credentials.append(f"[{name}]\n" + "".join(line + "\n" for line in keys))
    config.append("[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
                  "sso_region = eu-west-1\n")
    return "".join(config), "".join(credentials)


def identity(access_key: str) -> tuple[str, str]:
    """What a signing or returned access key id says about where it came from."""
    if access_key == ENV_KEY:
        return ("keys", ENV_KEY)
    if access_key.startswith("PROC-"):
        return ("process", access_key[5:])
    if access_key.startswith("SSO-sso-"):
        return ("sso", access_key[8:])
    return ("keys", access_key)


def botocore_outcome(home: Home, profile: str) -> object:
    recorder = Recorder()
    session = botocore.session.Session(profile=profile)
    session.set_config_variable("config_file", home.config)
    session.set_config_variable("credentials_file", home.credentials)
    session.create_client = recorder.client  # the SSO provider's client creator
    try:
        with mock.patch.object(botocore.credentials, "create_nested_client",
                               lambda _session, service, **kw: recorder.client(service, **kw)):
            creds = session.get_credentials()
            if creds is None:
                return "error"
            frozen = creds.get_frozen_credentials()
    except (botocore.exceptions.BotoCoreError, KeyError):
        return "error"
    if not recorder.calls:
        return (identity(frozen.access_key), [])
    first = recorder.calls[0]
    if first[0] == "AssumeRoleWithWebIdentity":
        base = ("web-identity", first[1].rsplit("r-", 1)[1])
    else:
        base = identity(first[2] or "")
    return (base, [(action, arn) for action, arn, _ in recorder.calls])


def awsx_outcome(home: Home, profile: str, env: dict[str, str]) -> object:
    r = run_awsx(["doctor", profile, "--json"], env, timeout=30)
    if r.code in (3, 4):
        return "error"
    if r.code != 0:
        raise AssertionError(f"awsx doctor {profile} exited {r.code}: {r.err}")
    doc = json.loads(r.out)
    source = doc["source"]
    if source["kind"] == "keys":
        base: tuple[str, str] = ("keys", source["access_key_id"])
    else:
        base = (source["kind"], source["profile"])
    calls = [(s["action"], s["summary"]) for s in doc["steps"]
             if s["action"] in ("AssumeRole", "AssumeRoleWithWebIdentity")]
    return (base, calls)


class ChainDifferential(unittest.TestCase):
    def test_generated_chains_resolve_as_botocore_resolves_them(self) -> None:
        home = Home()
        self.addCleanup(home.remove)
        with open(os.path.join(home.path, "token"), "w", encoding="utf-8") as f:
            f.write("eyJhbGciOiJub25lIn0.eyJzdWIiOiJjaSJ9.\n")
        with open(os.path.join(home.path, "process.py"), "w", encoding="utf-8") as f:
            f.write("import json, sys\nprint(json.dumps({'Version': 1, 'AccessKeyId': "
                    "'PROC-' + sys.argv[1], 'SecretAccessKey': 'x'}))\n")
        cache = os.path.join(home.path, ".aws", "sso", "cache")
        os.makedirs(cache)
        with open(os.path.join(cache, hashlib.sha1(b"corp").hexdigest() + ".json"), "w",
                  encoding="utf-8") as f:
            json.dump({"accessToken": "sso-token", "expiresAt": "2099-01-01T00:00:00Z",
                       "startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1"}, f)
        ambient = {"AWS_ACCESS_KEY_ID": ENV_KEY, "AWS_SECRET_ACCESS_KEY": "s",
                   "AWS_EC2_METADATA_DISABLED": "true"}
        env = home.env(**ambient)
        patched = mock.patch.dict(os.environ, {**ambient, "HOME": home.path})
        patched.start()
        self.addCleanup(patched.stop)
        for cls in (botocore.tokens.SSOTokenProvider, botocore.credentials.SSOProvider):
            patch = mock.patch.object(cls, "_SSO_TOKEN_CACHE_DIR", cache)
            patch.start()
            self.addCleanup(patch.stop)

        rng = random.Random(1112)
        disagreements, kinds = [], set()
        for _ in range(CONFIGS):
            config, credentials = generate(rng, home.path)
            home.write_config(config)
            home.write_credentials(credentials)
            for profile in PROFILES:
                expected = botocore_outcome(home, profile)
                got = awsx_outcome(home, profile, env)
                kinds.add("error" if expected == "error" else
                          f"{expected[0][0]}+{len(expected[1])}")  # type: ignore[index]
                if got != expected:
                    disagreements.append(f"profile {profile}: botocore {expected}, awsx {got}\n"
                                         f"{config}---\n{credentials}")
        self.assertEqual(disagreements[:3], [], f"{len(disagreements)} disagreements")
        # The corpus must reach every kind of outcome, or it proves little.
        for kind in ("error", "keys+0", "keys+1", "keys+2", "process+0", "sso+1",
                     "web-identity+1", "web-identity+2"):
            self.assertIn(kind, kinds)


if __name__ == "__main__":
    unittest.main()
