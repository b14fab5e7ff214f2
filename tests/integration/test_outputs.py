"""Outputs: export formats against the AWS CLI v2 byte for byte, awsx as a
credential_process for the AWS CLI, shell quoting in real shells, and exec --ecs-server
with the AWS CLI as the consumer of its container endpoint."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import AWSX, Home, require_awsx, run_awsx, shared_moto, start_awsx  # noqa: E402
from motofixture import MotoSts  # noqa: E402

MOTO: MotoSts | None = None
AWS_CLI = "/usr/bin/aws"
SHARED_FORMATS = ("env", "env-no-export", "powershell", "windows-cmd")
HOSTILE = "a'b\"c$(touch PWNED) ;d`touch PWNED2`"
# A credential_process that prints HOSTILE as the secret, quoted for /bin/sh.
HOSTILE_PROCESS = "printf '%s' '" + json.dumps(
    {"Version": 1, "AccessKeyId": "AKIAHOSTILE", "SecretAccessKey": HOSTILE}).replace(
    "'", "'\\''") + "'"


def setUpModule() -> None:
    global MOTO
    if not os.access(AWS_CLI, os.X_OK):
        raise RuntimeError("the AWS CLI v2 is missing: apt-get install awscli")
    MOTO = shared_moto()


def aws_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([AWS_CLI, *args], env=env, capture_output=True, text=True, timeout=120)


class Outputs(unittest.TestCase):
    def setUp(self) -> None:
        assert MOTO is not None
        self.moto = MOTO
        self.home = Home()
        self.home.write_config(f"""\
            [profile step]
            mfa_serial = {MOTO.mfa_serial}
            [profile prod]
            role_arn = {MOTO.role_arn}
            source_profile = step
            duration_seconds = 43200
            region = eu-west-1
            [profile plain]
            region = eu-west-1
            [profile short]
            role_arn = {MOTO.role_arn}
            source_profile = plain
            duration_seconds = 900
            region = eu-west-1
            [profile static]
            region = eu-west-1
            [profile consumer]
            credential_process = {AWSX} export prod --format process
            [profile hostile]
            credential_process = {HOSTILE_PROCESS}
            """)
        self.home.write_credentials(f"""\
            [step]
            aws_access_key_id = {MOTO.step_access_key_id}
            aws_secret_access_key = {MOTO.step_secret_access_key}
            [plain]
            aws_access_key_id = {MOTO.step_access_key_id}
            aws_secret_access_key = {MOTO.step_secret_access_key}
            [static]
            aws_access_key_id = ASIASTATICEXAMPLE0001
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY=
            aws_session_token = IQoJb3JpZ2luX2VjEHoaCXVzLWVhc3QtMSJHMEUCIQD+/example==
            """)
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url)
        MOTO.reset_recording()

    def tearDown(self) -> None:
        self.home.remove()

    def test_shared_formats_are_byte_identical_to_the_aws_cli(self) -> None:
        for fmt in SHARED_FORMATS:
            ours = run_awsx(["export", "static", "--format", fmt], self.env)
            theirs = aws_cli(["configure", "export-credentials", "--profile", "static",
                              "--format", fmt], self.env)
            self.assertEqual(ours.code, 0, ours.err)
            self.assertEqual(theirs.returncode, 0, theirs.stderr)
            self.assertEqual(ours.out, theirs.stdout, fmt)
        ours = run_awsx(["export", "static", "--format", "process"], self.env)
        theirs = aws_cli(["configure", "export-credentials", "--profile", "static",
                          "--format", "process"], self.env)
        self.assertEqual(json.loads(ours.out), json.loads(theirs.stdout))
        self.assertIs(json.loads(ours.out)["Version"], 1)
        self.assertEqual(ours.out, theirs.stdout)

    def test_awsx_as_credential_process_for_the_aws_cli(self) -> None:
        injected = run_awsx(["exec", "prod", "-t", "123456", "--", "sh", "-c",
                             'printf %s "$AWS_ACCESS_KEY_ID"'], self.env)
        self.assertEqual(injected.code, 0, injected.err)
        theirs = aws_cli(["configure", "export-credentials", "--profile", "consumer",
                          "--format", "process"], self.env)
        self.assertEqual(theirs.returncode, 0, theirs.stderr)
        self.assertEqual(json.loads(theirs.stdout)["AccessKeyId"], injected.out)
        self.assertEqual(len([c for c in self.moto.sts_calls() if c["action"] == "AssumeRole"]), 1)

    def test_process_format_never_prompts_on_stdout(self) -> None:
        r = run_awsx(["export", "prod", "--format", "process", "--no-cache"], self.env)
        self.assertEqual(r.code, 4)
        self.assertEqual(r.out, "")
        self.assertIn("MFA code needed", r.err)

    def test_hostile_values_round_trip_through_bash_and_fish(self) -> None:
        work = self.home.path
        env = self.home.env()
        bash = subprocess.run(
            ["bash", "--noprofile", "--norc", "-c",
             f'eval "$({AWSX} export hostile --format env)"; printf %s "$AWS_SECRET_ACCESS_KEY"'],
            env=env, cwd=work, capture_output=True, text=True, timeout=60)
        self.assertEqual(bash.returncode, 0, bash.stderr)
        self.assertEqual(bash.stdout, HOSTILE)
        if shutil.which("fish") is None:
            self.fail("fish is missing: apt-get install fish")
        fish = subprocess.run(
            ["fish", "--no-config", "-c",
             f"{AWSX} export hostile --format fish | source; printf %s $AWS_SECRET_ACCESS_KEY"],
            env=env, cwd=work, capture_output=True, text=True, timeout=60)
        self.assertEqual(fish.returncode, 0, fish.stderr)
        self.assertEqual(fish.stdout, HOSTILE)
        self.assertFalse(os.path.exists(os.path.join(work, "PWNED")))
        self.assertFalse(os.path.exists(os.path.join(work, "PWNED2")))

    CHILD_CHECKS = r"""
import json, os, urllib.request, urllib.error
url = os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"]
token = os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
def status(headers, method="GET"):
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers, method=method)).status
    except urllib.error.HTTPError as e:
        return e.code
port = int(url.rsplit(":", 1)[1].strip("/"))
listening = [line.split()[1] for line in open("/proc/net/tcp").read().splitlines()[1:]
             if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port]
print(json.dumps({"url": url, "token_len": len(token),
                  "keys": [k for k in os.environ if k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")],
                  "no_token": status({}), "wrong_token": status({"Authorization": "x" * len(token)}),
                  "post": status({"Authorization": token}, "POST"), "ok": status({"Authorization": token}),
                  "listening": listening}))
"""

    def test_ecs_server_serves_the_session_on_loopback_only_with_the_token(self) -> None:
        r = run_awsx(["exec", "prod", "-t", "123456", "--ecs-server", "--",
                      sys.executable, "-c", self.CHILD_CHECKS], self.env)
        self.assertEqual(r.code, 0, r.err)
        seen = json.loads(r.out)
        self.assertRegex(seen["url"], r"^http://127\.0\.0\.1:\d+/$")
        self.assertGreaterEqual(seen["token_len"], 64)
        self.assertEqual(seen["keys"], [])
        self.assertEqual((seen["no_token"], seen["wrong_token"], seen["post"], seen["ok"]),
                         (403, 403, 405, 200))
        self.assertEqual(seen["listening"], ["0100007F:%04X" % int(seen["url"].split(":")[2].strip("/"))])

    def test_aws_cli_in_the_child_reads_the_server(self) -> None:
        r = run_awsx(["exec", "prod", "-t", "123456", "--ecs-server", "--", AWS_CLI, "sts",
                      "get-caller-identity", "--endpoint-url", self.moto.url], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertIn(":assumed-role/prod-role/", json.loads(r.out)["Arn"])

    def test_ecs_server_exit_status_and_sigterm(self) -> None:
        r = run_awsx(["exec", "prod", "-t", "123456", "--ecs-server", "--", "sh", "-c", "exit 7"],
                     self.env)
        self.assertEqual(r.code, 7, r.err)
        proc = start_awsx(["exec", "prod", "--ecs-server", "--", "sh", "-c",
                           'trap "exit 42" TERM; echo ready; while :; do sleep 0.05; done'],
                          self.env)
        assert proc.stdout is not None
        self.assertEqual(proc.stdout.readline(), "ready\n")
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(timeout=30), 42, proc.stderr.read() if proc.stderr else "")

    def test_ecs_server_exit_status_survives_an_ignored_sigchld(self) -> None:
        # An ignored SIGCHLD is inherited across exec; awsx must still get the status.
        proc = subprocess.run(
            [require_awsx(), "exec", "prod", "-t", "123456", "--ecs-server", "--", "sh", "-c",
             "exit 7"], env=self.env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=60, preexec_fn=lambda: signal.signal(signal.SIGCHLD, signal.SIG_IGN))
        self.assertEqual(proc.returncode, 7, proc.stderr)

    def test_ecs_server_refreshes_before_expiry(self) -> None:
        env = dict(self.env, AWSX_CACHE_MARGIN="898s")  # 900 s sessions are "expiring" after 2 s
        child = ("import json, os, time, urllib.request\n"
                 "def get():\n"
                 "    r = urllib.request.Request(os.environ['AWS_CONTAINER_CREDENTIALS_FULL_URI'],"
                 " headers={'Authorization': os.environ['AWS_CONTAINER_AUTHORIZATION_TOKEN']})\n"
                 "    return json.load(urllib.request.urlopen(r))['AccessKeyId']\n"
                 "first = get(); again = get(); time.sleep(3); later = get()\n"
                 "print(json.dumps([first, again, later]))\n")
        r = run_awsx(["exec", "short", "--ecs-server", "--", sys.executable, "-c", child], env)
        self.assertEqual(r.code, 0, r.err)
        first, again, later = json.loads(r.out)
        self.assertEqual(first, again)
        self.assertNotEqual(first, later)
        self.assertEqual(len([c for c in self.moto.sts_calls() if c["action"] == "AssumeRole"]), 2)


if __name__ == "__main__":
    unittest.main()
