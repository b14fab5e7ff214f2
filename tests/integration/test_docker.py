"""The README's Docker recipes, run as written against a real Docker engine.

A private dockerd (lib/dockerd.py) runs busybox containers with `--network none`, or
`--network host` to reach the credential endpoint on 127.0.0.1; the recipes that name no
network get only a loopback interface, since that dockerd has no bridge. STS is moto. A `docker`
wrapper first on PATH records docker's argv (and the mode of an --env-file) before it
execs the real client, so a test sees what `ps` would have shown.

The recipes are read from README.md, so a changed recipe is a changed test. The README's
`amazon/aws-cli` can't be pulled here: a busybox image of that name stands in, whose
entrypoint prints what the container got; `IMAGE` becomes a busybox image whose default
command does the same.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from datetime import datetime, timezone

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))

from awsxtest import Home, require_awsx, run_awsx, shared_moto, write_moto_profiles  # noqa: E402
from dockerd import PrivateDockerd  # noqa: E402
from motofixture import MotoSts  # noqa: E402

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")
SESSION_VARS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
                "AWS_DEFAULT_REGION", "AWS_CREDENTIAL_EXPIRATION")
KEY_VARS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
IMAGE = "awsx-test/probe:latest"
WRONG_TOKEN = "not-the-token-" + "0" * 50

# What a container got: its arguments, its environment as the kernel holds it, and, when
# it was given an endpoint, the endpoint's answer to the right token and to a wrong one.
PROBE = r"""#!/bin/sh
echo "argv:$*"
echo "environ-begin"
cat /proc/$$/environ
echo
echo "environ-end"
if [ -n "$AWS_CONTAINER_CREDENTIALS_FULL_URI" ]; then
  echo "endpoint-begin"
  wget -q -O - --header "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" \
    "$AWS_CONTAINER_CREDENTIALS_FULL_URI"
  echo
  echo "endpoint-end"
  wget -S -O /dev/null --header "Authorization: __WRONG__" \
    "$AWS_CONTAINER_CREDENTIALS_FULL_URI" 2>&1 | grep 'HTTP/1.1'
  echo "wrong-token-end"
fi
""".replace("__WRONG__", WRONG_TOKEN)

# Records its argv (one JSON line per call) and an --env-file's mode, then runs docker.
WRAPPER = """#!{python}
import json, os, stat, sys
args = sys.argv[1:]
modes = {{}}
for i, a in enumerate(args[:-1]):
    if a == "--env-file":
        modes[args[i + 1]] = oct(stat.S_IMODE(os.stat(args[i + 1]).st_mode))
with open(os.environ["AWSX_TEST_DOCKER_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{"argv": args, "env_file_modes": modes}}) + "\\n")
os.execv({docker!r}, [{docker!r}, *args])
"""


def readme_docker_recipes() -> list[str]:
    """The indented code blocks of README.md's "Using awsx with Docker", in order."""
    with open(README, encoding="utf-8") as f:
        text = f.read()
    section = text.split("## Using awsx with Docker\n", 1)[1].split("\n## ", 1)[0]
    blocks, current = [], []
    for line in section.split("\n"):
        if line.startswith("    "):
            current.append(line[4:])
        elif current and line.strip():
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def parse_environ(raw: bytes) -> dict[bytes, bytes]:
    return dict(entry.split(b"=", 1) for entry in raw.split(b"\0") if entry)


class ProbeOutput:
    """The probe's report, split at its markers."""

    def __init__(self, out: bytes) -> None:
        self.raw = out
        head, rest = out.split(b"environ-begin\n", 1)
        self.argv = head.decode().removeprefix("argv:").rstrip("\n")
        environ, rest = rest.split(b"\nenviron-end\n", 1)
        self.environ = parse_environ(environ)
        self.endpoint = self.wrong_token = b""
        if b"endpoint-begin\n" in rest:
            self.endpoint = rest.split(b"endpoint-begin\n", 1)[1].split(b"\nendpoint-end\n", 1)[0]
            self.wrong_token = rest.split(b"endpoint-end\n", 1)[1].split(b"wrong-token-end", 1)[0]

    def aws_names(self) -> set[str]:
        return {k.decode() for k in self.environ if k.startswith((b"AWS", b"AWSX"))}


class DockerRecipes(unittest.TestCase):
    moto: MotoSts
    dockerd: PrivateDockerd

    @classmethod
    def setUpClass(cls) -> None:
        require_awsx()
        cls.moto = shared_moto()
        cls.dockerd = PrivateDockerd().start()
        cls.addClassCleanup(cls.dockerd.stop)
        # The stand-in for amazon/aws-cli runs the probe as its entrypoint, as the real
        # image runs `aws`; IMAGE runs it as its default command, so `sh -c` still works.
        cls.dockerd.import_busybox(IMAGE, scripts={"probe": PROBE}, changes=('CMD ["/bin/probe"]',))
        cls.dockerd.import_busybox("amazon/aws-cli:latest", scripts={"probe": PROBE},
                                   changes=('ENTRYPOINT ["/bin/probe"]',))
        cls.home = Home()
        cls.addClassCleanup(cls.home.remove)
        write_moto_profiles(cls.home, cls.moto)
        cls.bin = tempfile.mkdtemp(prefix="docker-wrapper-", dir=cls.home.path)
        wrapper = os.path.join(cls.bin, "docker")
        with open(wrapper, "w", encoding="utf-8") as f:
            f.write(WRAPPER.format(python=sys.executable, docker=cls.dockerd.docker))
        os.chmod(wrapper, 0o755)
        cls.runtime = os.path.join(cls.home.path, "run")
        os.mkdir(cls.runtime, 0o700)
        # The session every recipe must hand on, byte for byte: an exec child's own.
        cls.reference = cls.exec_child_environ()

    def setUp(self) -> None:
        self.log = os.path.join(self.home.path, f"docker-argv-{self.id().rsplit('.', 1)[1]}.jsonl")

    @classmethod
    def env(cls, log: str = os.devnull) -> dict[str, str]:
        awsx_dir = os.path.dirname(os.path.abspath(require_awsx()))
        base = cls.home.env(AWS_ENDPOINT_URL_STS=cls.moto.url, XDG_RUNTIME_DIR=cls.runtime,
                            AWSX_TEST_DOCKER_LOG=log)
        base["PATH"] = os.pathsep.join([cls.bin, awsx_dir, os.environ.get("PATH", "")])
        return cls.dockerd.env(base)

    @classmethod
    def exec_child_environ(cls) -> dict[bytes, bytes]:
        proc = subprocess.run([require_awsx(), "exec", "prod", "--", "cat", "/proc/self/environ"],
                              env=cls.env(), capture_output=True, timeout=60, check=False,
                              start_new_session=True)
        if proc.returncode != 0:
            raise AssertionError(f"awsx exec prod failed ({proc.returncode}): {proc.stderr.decode()}")
        return parse_environ(proc.stdout)

    def shell(self, script: str, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
        """`script` run by sh as a user would type it (no terminal)."""
        return subprocess.run(["sh", "-c", script], env=self.env(self.log), capture_output=True,
                              timeout=timeout, check=False, start_new_session=True)

    def docker_calls(self) -> list[dict]:
        with open(self.log, encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    def assert_no_secret_on_argv(self) -> None:
        calls = self.docker_calls()
        self.assertTrue(calls, "docker was never called")
        argv = "\0".join(a for call in calls for a in call["argv"])
        for name in ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID"):
            self.assertNotIn(self.reference[name.encode()].decode(), argv, f"{name}'s value is on docker's argv")

    def assert_session_as_exec_child(self, probe: ProbeOutput) -> None:
        for name in SESSION_VARS:
            self.assertEqual(probe.environ.get(name.encode()), self.reference[name.encode()], name)
        self.assertEqual(probe.aws_names(), set(SESSION_VARS))

    # ---- the three recipes -------------------------------------------------

    def test_the_recipes_are_the_three_blocks_tested_here(self) -> None:
        recipes = readme_docker_recipes()
        self.assertEqual(len(recipes), 3, recipes)
        self.assertIn("$(awsx export --format docker)", recipes[0])
        self.assertIn("--env-file", recipes[1])
        self.assertIn("--ecs-server", recipes[2])

    def test_names_only_the_container_gets_the_exec_childs_session_and_argv_holds_no_secret(self) -> None:
        recipe = readme_docker_recipes()[0]
        proc = self.shell(recipe)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        probe = ProbeOutput(proc.stdout)
        self.assertEqual(probe.argv, "sts get-caller-identity")
        self.assert_session_as_exec_child(probe)
        [call] = self.docker_calls()
        self.assertEqual(call["argv"], ["run", "--rm", "-e", "AWS_ACCESS_KEY_ID", "-e", "AWS_SECRET_ACCESS_KEY",
                                        "-e", "AWS_SESSION_TOKEN", "-e", "AWS_REGION", "-e", "AWS_DEFAULT_REGION",
                                        "-e", "AWS_CREDENTIAL_EXPIRATION", "amazon/aws-cli", "sts",
                                        "get-caller-identity"])
        self.assert_no_secret_on_argv()

    def test_env_file_private_while_it_exists_and_removed_after(self) -> None:
        recipe = readme_docker_recipes()[1].replace("IMAGE", IMAGE)
        proc = self.shell("set -e\n" + recipe)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        self.assert_session_as_exec_child(ProbeOutput(proc.stdout))
        [call] = self.docker_calls()
        env_file = os.path.join(self.runtime, "prod.env")
        self.assertEqual(call["env_file_modes"], {env_file: "0o600"})
        self.assertFalse(os.path.exists(env_file))
        self.assert_no_secret_on_argv()

    def test_ecs_server_the_container_holds_no_key_and_fetches_the_session(self) -> None:
        recipe = readme_docker_recipes()[2].replace("IMAGE", IMAGE)
        proc = self.shell(recipe)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        probe = ProbeOutput(proc.stdout)
        self.assertEqual(probe.aws_names(), {"AWS_CONTAINER_CREDENTIALS_FULL_URI",
                                             "AWS_CONTAINER_AUTHORIZATION_TOKEN"})
        uri = probe.environ[b"AWS_CONTAINER_CREDENTIALS_FULL_URI"].decode()
        self.assertRegex(uri, r"^http://127\.0\.0\.1:\d+/")
        served = json.loads(probe.endpoint)
        self.assertEqual(served["AccessKeyId"], self.reference[b"AWS_ACCESS_KEY_ID"].decode())
        self.assertEqual(served["SecretAccessKey"], self.reference[b"AWS_SECRET_ACCESS_KEY"].decode())
        self.assertEqual(served["Token"], self.reference[b"AWS_SESSION_TOKEN"].decode())
        expiry = datetime.fromisoformat(served["Expiration"].replace("Z", "+00:00"))
        self.assertGreater(expiry, datetime.now(timezone.utc))
        self.assertIn(b"HTTP/1.1 403 Forbidden", probe.wrong_token)
        self.assertNotIn(b"AccessKeyId", probe.wrong_token)
        self.assert_no_secret_on_argv()
        token = probe.environ[b"AWS_CONTAINER_AUTHORIZATION_TOKEN"].decode()
        self.assertNotIn(token, "\0".join(self.docker_calls()[0]["argv"]))

    # ---- exit statuses ----------------------------------------------------

    def test_a_containers_exit_status_is_kept_through_exec_and_ecs_server(self) -> None:
        for mode in ([], ["--ecs-server"]):
            with self.subTest(mode=mode):
                r = run_awsx(["exec", "prod", *mode, "--", "docker", "run", "--rm", "--network", "none",
                              IMAGE, "sh", "-c", "exit 7"], self.env(self.log), timeout=120)
                self.assertEqual(r.code, 7, r.err)

    def test_a_container_killed_by_a_signal_passes_its_status_on(self) -> None:
        # --init: a container's pid 1 can't be killed from inside its own namespace.
        for mode in ([], ["--ecs-server"]):
            with self.subTest(mode=mode):
                r = run_awsx(["exec", "prod", *mode, "--", "docker", "run", "--rm", "--init", "--network",
                              "none", IMAGE, "sh", "-c", "kill -KILL $$"], self.env(self.log), timeout=120)
                self.assertEqual(r.code, 128 + signal.SIGKILL, r.err)

    def test_term_sent_to_awsx_reaches_the_container(self) -> None:
        for mode in ([], ["--ecs-server"]):
            with self.subTest(mode=mode):
                name = f"awsx-term-{len(mode)}-{os.getpid()}"
                awsx = subprocess.Popen([require_awsx(), "exec", "prod", *mode, "--", "docker", "run", "--rm",
                                         "--init", "--name", name, "--network", "none", IMAGE, "sleep", "60"],
                                        env=self.env(self.log), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        start_new_session=True)
                try:
                    self.wait_until_running(name, awsx)
                    awsx.send_signal(signal.SIGTERM)
                    _, err = awsx.communicate(timeout=30)
                finally:
                    if awsx.poll() is None:
                        os.killpg(awsx.pid, signal.SIGKILL)
                        awsx.communicate()
                self.assertEqual(awsx.returncode, 128 + signal.SIGTERM, err.decode())
                self.assertEqual(self.dockerd.run(["ps", "-aq", "--filter", f"name={name}"]).stdout, b"")

    def wait_until_running(self, name: str, awsx: subprocess.Popen) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            state = self.dockerd.run(["inspect", "-f", "{{.State.Running}}", name], check=False)
            if state.stdout.strip() == b"true":
                return
            if awsx.poll() is not None:
                _, err = awsx.communicate()
                self.fail(f"awsx ended with {awsx.returncode} before the container ran: {err.decode()}")
            time.sleep(0.1)
        self.fail(f"container {name} did not start")


if __name__ == "__main__":
    unittest.main()
