"""exec --ecs-server under pressure and in its child: 1,000 idle and byte-dripping
connections, status lines on the wire, a renewal stuck on the network, descriptors the
child must not inherit, and a child whose SDK (boto3, the AWS CLI v2) must reach the
endpoint although profile default has credentials of its own."""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, run_awsx, shared_moto, start_awsx, write_moto_profiles  # noqa: E402
from motofixture import MotoSts  # noqa: E402
from sts_standin import StsStandin, hang, proxy  # noqa: E402

MOTO: MotoSts | None = None
AWS_CLI = "/usr/bin/aws"
IDLE = SLOW = 500
# The server's head timeout (EndpointLimits::head_timeout) and some slack.
HEAD_TIMEOUT = 3.0

# A child that prints the endpoint and then waits for the test to end it.
WAITING_CHILD = """\
import json, os, sys, time
fds = {}
for fd in os.listdir('/proc/self/fd'):
    try:
        if int(fd) > 2:
            fds[fd] = os.readlink('/proc/self/fd/' + fd)
    except OSError:
        pass  # the descriptor listdir itself had open
print(json.dumps({'url': os.environ['AWS_CONTAINER_CREDENTIALS_FULL_URI'],
                  'token': os.environ['AWS_CONTAINER_AUTHORIZATION_TOKEN'],
                  'pid': os.getpid(), 'fds': fds}), flush=True)
time.sleep(120)
"""

# boto3 as the child: who it runs as, and what it was given.
BOTO3_CHILD = ("import boto3, json, os, stat\n"
               "def mode(p):\n"
               "    return oct(stat.S_IMODE(os.lstat(p).st_mode)) if p and os.path.exists(p) else None\n"
               "files = {n: os.environ.get(n) for n in ('AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE')}\n"
               "folder = os.path.dirname(files['AWS_SHARED_CREDENTIALS_FILE'] or '')\n"
               "s = boto3.session.Session()\n"
               "print(json.dumps({'arn': s.client('sts').get_caller_identity()['Arn'],\n"
               "  'method': s.get_credentials().method, 'files': files, 'folder': folder,\n"
               "  'modes': {'folder': mode(folder), 'credentials': mode(files['AWS_SHARED_CREDENTIALS_FILE']),\n"
               "            'config': mode(files['AWS_CONFIG_FILE'])},\n"
               "  'config': open(files['AWS_CONFIG_FILE']).read() if files['AWS_CONFIG_FILE'] else '',\n"
               "  'web_identity': [n for n in ('AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN') if n in os.environ]}))\n")


def setUpModule() -> None:
    global MOTO
    if not os.access(AWS_CLI, os.X_OK):
        raise RuntimeError("the AWS CLI v2 is missing: apt-get install awscli")
    # 1,000 client sockets here and as many accepted ones in awsx, which inherits this.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 8192 if hard == resource.RLIM_INFINITY else min(8192, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    MOTO = shared_moto()


def port_of(url: str) -> int:
    return int(url.rstrip("/").rsplit(":", 1)[1])


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def request(port: int, raw: bytes, wait: float = 90.0) -> tuple[bytes, float]:
    """Sends `raw` on a new connection; the answer's bytes (b"" when there is none within
    `wait` seconds or the connection was refused or reset) and the seconds it took."""
    start = time.monotonic()
    data = b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=wait) as s:
            s.sendall(raw)
            while b"\r\n\r\n" not in data or len(data) < _answer_length(data):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError:  # a timeout, refused or reset
        pass
    return data, time.monotonic() - start


def _answer_length(data: bytes) -> int:
    head, _, _ = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(head) + 4 + int(line.split(b":", 1)[1])
    return len(data) + 1


def get(token: str, method: str = "GET") -> bytes:
    auth = f"Authorization: {token}\r\n" if token else ""
    return f"{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Length: 0\r\n\r\n".encode()


def status_line(answer: bytes) -> str:
    return answer.split(b"\r\n", 1)[0].decode()


class EcsServer(unittest.TestCase):
    def setUp(self) -> None:
        assert MOTO is not None
        self.moto = MOTO
        self.home = Home()
        # prod's sessions carry a session name of their own, to tell them from any other
        # role session; short's are due for renewal soon (see the renewal test).
        write_moto_profiles(self.home, MOTO, extra=f"""\
            role_session_name = awsx-endpoint
            region = eu-west-1
            [profile short]
            role_arn = {MOTO.role_arn}
            source_profile = step
            duration_seconds = 900
            region = eu-west-1
            """)
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url)
        MOTO.reset_recording()

    def tearDown(self) -> None:
        self.home.remove()

    def start_waiting(self, profile: str = "prod") -> tuple[subprocess.Popen, dict]:
        proc = start_awsx(["exec", profile, "--ecs-server", "--",
                           sys.executable, "-c", WAITING_CHILD], self.env)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            proc.kill()
            self.fail("awsx did not start its child: " + (proc.stderr.read() if proc.stderr else ""))
        return proc, json.loads(line)

    def stop(self, proc: subprocess.Popen, child: dict) -> None:
        for pid in (proc.pid, child["pid"]):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait(timeout=30)
        proc.stdout.close() if proc.stdout else None
        proc.stderr.close() if proc.stderr else None

    # Item 2: idle connections can't starve the endpoint.
    def test_a_valid_request_is_answered_within_a_second_under_1000_idle_and_slow_connections(self) -> None:
        proc, child = self.start_waiting()
        port, token = port_of(child["url"]), child["token"]
        answers: list[tuple[str, str, float]] = []  # (when, status line, seconds)

        def ask(when: str) -> None:
            answer, took = request(port, get(token))
            answers.append((when, status_line(answer) if answer else "no answer", round(took, 3)))
        # The case: eight idle connections held every worker of the old server.
        idle = [connect(port) for _ in range(8)]
        ask("8 idle")
        idle += [connect(port) for _ in range(IDLE - 8)]
        slow = [connect(port) for _ in range(SLOW)]
        for s in slow:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        stop = threading.Event()

        def drip() -> None:  # one byte per connection every 0.2 s, never a whole head
            while not stop.wait(0.2):
                for s in slow:
                    try:
                        s.send(b"X")
                    except OSError:
                        pass
        dripper = threading.Thread(target=drip, daemon=True)
        dripper.start()
        try:
            for round_ in range(3):
                ask(f"{IDLE} idle + {SLOW} slow, round {round_ + 1}")
                time.sleep(0.3)
            for when, status, took in answers:
                self.assertEqual((status, took < 1.0), ("HTTP/1.1 200 OK", True),
                                 f"with {when}: {status} after {took} s; all: {answers}")
            # The head timeout then ends every one of them, dripping or silent.
            deadline = time.monotonic() + HEAD_TIMEOUT + 3
            for s in idle + slow:
                s.settimeout(max(0.01, deadline - time.monotonic()))
                try:
                    while s.recv(4096):
                        pass
                except ConnectionResetError:
                    pass  # closed while the dripper was still sending
                except socket.timeout:
                    self.fail("a connection without a complete request outlived the head timeout")
        finally:
            stop.set()
            dripper.join()
            for s in idle + slow:
                s.close()
            self.stop(proc, child)

    def test_status_lines_on_the_wire(self) -> None:
        proc, child = self.start_waiting()
        port, token = port_of(child["url"]), child["token"]
        try:
            self.assertEqual(status_line(request(port, get(""))[0]), "HTTP/1.1 403 Forbidden")
            self.assertEqual(status_line(request(port, get("x" * len(token)))[0]),
                             "HTTP/1.1 403 Forbidden")
            post = request(port, get(token, "POST"))[0]
            self.assertEqual(status_line(post), "HTTP/1.1 405 Method Not Allowed")
            self.assertIn(b"\r\nAllow: GET\r\n", post)
            ok = request(port, get(token))[0]
            self.assertEqual(status_line(ok), "HTTP/1.1 200 OK")
            self.assertIn(b"\r\nContent-Type: application/json\r\n", ok)
            body = json.loads(ok.split(b"\r\n\r\n", 1)[1])
            self.assertEqual(sorted(body), ["AccessKeyId", "Expiration", "SecretAccessKey", "Token"])
        finally:
            self.stop(proc, child)

    def test_a_renewal_stuck_on_the_network_does_not_delay_requests(self) -> None:
        # 900 s sessions with a margin of 898 s are due for renewal 2 s after they start;
        # the stand-in lets the first AssumeRole through to moto and holds the second.
        with StsStandin(upstream=self.moto.url) as sts:
            sts.script(proxy(), hang(60))
            env = dict(self.env, AWS_ENDPOINT_URL_STS=sts.url, AWSX_CACHE_MARGIN="898s")
            child = ("import json, os, time, urllib.request\n"
                     "url = os.environ['AWS_CONTAINER_CREDENTIALS_FULL_URI']\n"
                     "auth = {'Authorization': os.environ['AWS_CONTAINER_AUTHORIZATION_TOKEN']}\n"
                     "seen = []\n"
                     "end = time.monotonic() + 6\n"
                     "while time.monotonic() < end:\n"
                     "    t = time.monotonic()\n"
                     "    r = urllib.request.urlopen(urllib.request.Request(url, headers=auth), timeout=60)\n"
                     "    seen.append([r.status, round(time.monotonic() - t, 3)])\n"
                     "    time.sleep(0.25)\n"
                     "print(json.dumps(seen))\n")
            start = time.monotonic()
            r = run_awsx(["exec", "short", "--ecs-server", "--", sys.executable, "-c", child],
                         env, timeout=120)
            took = time.monotonic() - start
            self.assertEqual(r.code, 0, r.err)
            seen = json.loads(r.out)
            self.assertEqual({status for status, _ in seen}, {200})
            slowest = max(seconds for _, seconds in seen)
            self.assertLess(slowest, 1.0, f"a request waited {slowest} s for the renewal")
            self.assertEqual(len(sts.requests), 2, "the renewal reached the stand-in and hung")
            # awsx ends with its child and doesn't wait for the hung renewal.
            self.assertLess(took, 20, r.err)

    # Item 3: no descriptor of the server reaches the child.
    def test_the_child_holds_no_server_descriptor_and_the_port_dies_with_awsx(self) -> None:
        proc, child = self.start_waiting()
        port = port_of(child["url"])
        try:
            leaked = {fd: target for fd, target in child["fds"].items()
                      if target.startswith(("socket:", "anon_inode:[eventpoll]",
                                            "anon_inode:[eventfd]"))}
            self.assertEqual(leaked, {}, "the child inherited the endpoint's descriptors")
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            os.kill(child["pid"], 0)  # the child lives on
            with self.assertRaises(ConnectionRefusedError,
                                   msg="the orphaned child still holds the endpoint's port"):
                connect(port).close()
        finally:
            self.stop(proc, child)

    # Item 15: profile default's credentials must not win over the endpoint.
    def run_child(self, args: list[str]) -> tuple[dict | str, str]:
        r = run_awsx(["exec", "prod", "--ecs-server", "--", *args], self.env)
        self.assertEqual(r.code, 0, r.err)
        return (json.loads(r.out) if args[0] == sys.executable else r.out), r.err

    def assert_endpoint_identity(self, seen: dict, err: str) -> None:
        self.assertRegex(seen["arn"], r":assumed-role/prod-role/awsx-endpoint$",
                         f"the child ran as {seen['arn']} (via {seen['method']})")
        self.assertEqual(seen["method"], "container-role")
        self.assertNotIn(self.moto.step_access_key_id, err)
        self.assertNotIn(self.moto.step_secret_access_key, err)

    def add_default_keys(self) -> None:
        """[default] in the credentials file: the step user's keys, a valid identity."""
        with open(self.home.credentials, "a", encoding="utf-8") as f:
            f.write(f"[default]\naws_access_key_id = {self.moto.step_access_key_id}\n"
                    f"aws_secret_access_key = {self.moto.step_secret_access_key}\n")

    def test_boto3_child_ignores_default_keys_in_the_credentials_file(self) -> None:
        self.add_default_keys()
        seen, err = self.run_child([sys.executable, "-c", BOTO3_CHILD])
        self.assert_endpoint_identity(seen, err)
        self.assertIn("awsx: note:", err)
        self.assertIn("aws_access_key_id, aws_secret_access_key in " + self.home.credentials, err)
        # The private folder: 0700, files 0600, and gone once awsx has exited.
        self.assertEqual((seen["modes"]["folder"], seen["modes"]["credentials"]), ("0o700", "0o600"))
        self.assertEqual(seen["files"]["AWS_CONFIG_FILE"], self.home.config, "nothing to hide there")
        self.assertFalse(os.path.exists(seen["folder"]), seen["folder"])

    def test_boto3_child_ignores_a_default_credential_process_in_the_config(self) -> None:
        process = json.dumps({"Version": 1, "AccessKeyId": self.moto.step_access_key_id,
                              "SecretAccessKey": self.moto.step_secret_access_key})
        with open(self.home.config, "a", encoding="utf-8") as f:
            f.write(f"[default]\nregion = eu-west-1\ncredential_process = /bin/echo '{process}'\n"
                    "s3 =\n  addressing_style = path\n")
        seen, err = self.run_child([sys.executable, "-c", BOTO3_CHILD])
        self.assert_endpoint_identity(seen, err)
        self.assertIn("credential_process in " + self.home.config, err)
        self.assertEqual(seen["modes"], {"folder": "0o700", "credentials": "0o600", "config": "0o600"})
        # Everything but the credential source is still there for the child.
        self.assertIn("[default]\nregion = eu-west-1\ns3 =\n  addressing_style = path\n", seen["config"])
        self.assertIn("[profile prod]", seen["config"])
        self.assertNotIn("credential_process", seen["config"])
        self.assertFalse(os.path.exists(seen["folder"]), seen["folder"])

    def test_boto3_child_ignores_a_default_role(self) -> None:
        with open(self.home.config, "a", encoding="utf-8") as f:
            f.write(f"[default]\nrole_arn = {self.moto.role_arn}\nsource_profile = step\n"
                    "role_session_name = the-default-profile\n")
        seen, err = self.run_child([sys.executable, "-c", BOTO3_CHILD])
        self.assert_endpoint_identity(seen, err)
        self.assertIn("role_arn, source_profile in " + self.home.config, err)

    def test_boto3_child_ignores_keys_default_inherits_from_the_DEFAULT_section(self) -> None:
        with open(self.home.config, "a", encoding="utf-8") as f:
            f.write(f"[DEFAULT]\naws_access_key_id = {self.moto.step_access_key_id}\n"
                    f"aws_secret_access_key = {self.moto.step_secret_access_key}\n"
                    "[default]\nregion = eu-west-1\n")
        seen, err = self.run_child([sys.executable, "-c", BOTO3_CHILD])
        self.assert_endpoint_identity(seen, err)
        self.assertIn("[DEFAULT]\n[default]\nregion = eu-west-1\n", seen["config"])

    def test_boto3_child_ignores_ambient_web_identity(self) -> None:
        token = os.path.join(self.home.path, "web-identity-token")
        with open(token, "w", encoding="utf-8") as f:
            f.write("eyJhbGciOiJIUzI1NiJ9.e30.c2ln")
        self.env.update(AWS_WEB_IDENTITY_TOKEN_FILE=token, AWS_ROLE_ARN=self.moto.role_arn,
                        AWS_ROLE_SESSION_NAME="web-identity")
        seen, err = self.run_child([sys.executable, "-c", BOTO3_CHILD])
        self.assert_endpoint_identity(seen, err)
        self.assertEqual(seen["web_identity"], [])
        self.assertIn("AWS_WEB_IDENTITY_TOKEN_FILE", err)

    def test_aws_cli_child_ignores_default_keys(self) -> None:
        self.add_default_keys()
        out, _ = self.run_child([AWS_CLI, "sts", "get-caller-identity", "--endpoint-url",
                                 self.moto.url, "--output", "json"])
        self.assertRegex(json.loads(out)["Arn"], r":assumed-role/prod-role/awsx-endpoint$")

    def test_no_note_without_a_default_profile(self) -> None:
        seen, err = self.run_child([sys.executable, "-c", BOTO3_CHILD])
        self.assert_endpoint_identity(seen, err)
        self.assertNotIn("awsx: note:", err)
        self.assertNotEqual(seen["files"]["AWS_SHARED_CREDENTIALS_FILE"], self.home.credentials,
                            "the child always gets an empty credentials file")
        self.assertFalse(os.path.exists(seen["folder"]), seen["folder"])


if __name__ == "__main__":
    unittest.main()
