"""credential_process and mfa_process as botocore runs credential_process: split with
shlex and started without a shell, so `;`, `$(…)` and backticks in the config stay inert;
a line that can't be split is a config error. Outside a terminal, and in the prompt
hook's renewal, they run in a session of their own and are stopped, with whatever they
started, after AWSX_PROCESS_TIMEOUT; in a terminal they stay in its foreground group with
no limit. Messages name the program, never its arguments."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, require_awsx, run_awsx  # noqa: E402
import child_probe  # noqa: E402

# Nothing listens here: the MFA code is asked for before STS is called, and then the call
# fails (exit 6), which is all the mfa_process test needs.
NO_STS = "http://127.0.0.1:1"

def gone(pid: int) -> bool:
    """True when `pid` no longer runs (a zombie waiting for an init that doesn't reap
    counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def run_in_terminal(args: list[str], env: dict[str, str], timeout: float = 30) -> tuple[int, str]:
    """Runs awsx as the session leader of a new pseudo-terminal, as from an interactive
    shell; returns its exit status and everything it wrote to the terminal."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execve(require_awsx(), [require_awsx(), *args], env)
    out = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode(errors="replace")


class HelperProcesses(unittest.TestCase):
    def setUp(self) -> None:
        self.home = Home()
        self.work = tempfile.mkdtemp(prefix="awsx-helpers-", dir=self.home.path)
        self.report = os.path.join(self.work, "report.json")
        self.marker = os.path.join(self.work, "MARKER")
        self.env = self.home.env()

    def tearDown(self) -> None:
        self.home.remove()

    def config(self, text: str) -> None:
        self.home.write_config(text)

    def read_report(self) -> dict:
        with open(self.report, encoding="utf-8") as f:
            return json.load(f)

    def hostile(self, mode: str) -> tuple[str, list[str]]:
        """A command line with shell syntax after the probe, and the words it must get."""
        m = self.marker
        tail = f"; touch {m} $(touch {m}) `touch {m}` | tee {m} > {m}"
        words = [";", "touch", m, "$(touch", f"{m})", "`touch", f"{m}`", "|", "tee", m, ">", m]
        return child_probe.command(mode, self.report) + " " + tail, words

    def test_credential_process_shell_syntax_stays_inert(self) -> None:
        line, words = self.hostile("creds")
        self.config(f"[profile p]\ncredential_process = {line}\n")
        r = run_awsx(["export", "p", "--format", "json", "--no-cache"], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertFalse(os.path.exists(self.marker), "a shell ran the config text")
        self.assertEqual(self.read_report()["argv"][3:], words)

    def test_mfa_process_shell_syntax_stays_inert(self) -> None:
        line, words = self.hostile("mfa")
        self.config(f"[profile step]\nmfa_serial = arn:aws:iam::123456789012:mfa/u\n"
                    f"mfa_process = {line}\n")
        self.home.write_credentials("[step]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                                    "aws_secret_access_key = s\n")
        r = run_awsx(["exec", "step", "--no-cache", "--", "true"],
                     self.home.env(AWS_ENDPOINT_URL_STS=NO_STS))
        self.assertEqual(r.code, 6, r.err)
        self.assertFalse(os.path.exists(self.marker), "a shell ran the config text")
        self.assertEqual(self.read_report()["argv"][3:], words)

    def test_a_line_that_cannot_be_split_is_a_config_error_with_profile_and_line(self) -> None:
        self.config(f"[profile ok]\nregion = eu-west-1\n[profile p]\n"
                    f"credential_process = {child_probe.command('creds', self.report)} 'unbalanced\n")
        r = run_awsx(["export", "p", "--no-cache"], self.env)
        self.assertEqual(r.code, 3, r.err)
        self.assertIn(f"{self.home.config}:4: credential_process of profile p can't be split "
                      "into words: No closing quotation", r.err)
        self.assertFalse(os.path.exists(self.report), "the command ran anyway")

    def test_a_hung_credential_process_and_its_grandchild_are_stopped_in_time(self) -> None:
        pid_file = os.path.join(self.work, "grandchild.pid")
        self.config(f"[profile p]\ncredential_process = {child_probe.command('hang', pid_file)}\n")
        started = time.monotonic()
        # run_awsx gives awsx no controlling terminal: nobody could answer a prompt.
        r = run_awsx(["export", "p", "--no-cache"], self.home.env(AWSX_PROCESS_TIMEOUT="2"),
                     timeout=30)
        took = time.monotonic() - started
        self.assertEqual(r.code, 4, r.err)
        self.assertLess(took, 2 + 1 + 3, "awsx did not return within the bound")
        self.assertIn("credential_process `" + sys.executable + "` did not finish within 2s; "
                      "awsx stopped it and everything it started", r.err)
        self.assertIn("AWSX_PROCESS_TIMEOUT", r.err)
        with open(pid_file, encoding="utf-8") as f:
            grandchild = int(f.read())
        deadline = time.monotonic() + 2
        while not gone(grandchild) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertTrue(gone(grandchild), f"grandchild {grandchild} still runs")

    def test_the_prompt_hook_renewal_allows_a_few_seconds_whatever_the_setting(self) -> None:
        pid_file = os.path.join(self.work, "grandchild.pid")
        self.config(f"[profile p]\ncredential_process = {child_probe.command('hang', pid_file)}\n")
        started = time.monotonic()
        r = run_awsx(["use", "p", "--no-prompt", "--shell", "bash", "--no-cache"],
                     self.home.env(AWSX_PROCESS_TIMEOUT="10m"), timeout=60)
        took = time.monotonic() - started
        self.assertEqual(r.code, 4, r.err)
        self.assertLess(took, 5 + 1 + 3, "the hook's renewal waited too long")
        self.assertIn("did not finish within 5s", r.err)
        with open(pid_file, encoding="utf-8") as f:
            self.assertTrue(gone(int(f.read())))

    def test_in_a_terminal_the_helper_is_in_the_foreground_with_no_limit(self) -> None:
        self.config("[profile p]\ncredential_process = "
                    f"{child_probe.command('slow-creds', self.report)} 2\n")
        code, out = run_in_terminal(["export", "p", "--format", "json", "--no-cache"],
                                    self.home.env(AWSX_PROCESS_TIMEOUT="1"))
        self.assertEqual(code, 0, out)
        seen = self.read_report()
        self.assertTrue(seen["tty_foreground"], seen)
        self.assertFalse(seen["own_session"], seen)

    def test_outside_a_terminal_the_helper_runs_alone(self) -> None:
        self.config(f"[profile p]\ncredential_process = {child_probe.command('creds', self.report)}\n")
        r = run_awsx(["export", "p", "--no-cache"], self.env)
        self.assertEqual(r.code, 0, r.err)
        seen = self.read_report()
        self.assertTrue(seen["own_session"], seen)
        self.assertIsNone(seen["tty_foreground"], seen)


    def renewing_helper(self, pid_file: str) -> None:
        """Profile p's credential_process: its first run gives a session due for renewal
        at once (with AWSX_CACHE_MARGIN=598s), its second run hangs with a grandchild, and
        later runs answer at once again."""
        script = os.path.join(self.work, "renewing.py")
        calls = os.path.join(self.work, "calls")
        probe = os.path.abspath(child_probe.__file__)
        with open(script, "w", encoding="utf-8") as f:
            f.write(f"""import datetime, json, os, sys
with open({calls!r}, "a") as log:
    log.write("x")
if os.path.getsize({calls!r}) == 2:
    os.execv(sys.executable, [sys.executable, {probe!r}, "hang", {pid_file!r}])
expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=10)
print(json.dumps({{"Version": 1, "AccessKeyId": "ASIASESSION" + str(os.path.getsize({calls!r})),
                  "SecretAccessKey": "s", "SessionToken": "t",
                  "Expiration": expires.strftime("%Y-%m-%dT%H:%M:%SZ")}}))
""")
        self.config(f"[profile p]\ncredential_process = {sys.executable} {script}\n")

    def fetcher(self, rounds: int) -> str:
        """A command that asks the endpoint `rounds` times, 0.5 s apart, and prints what it got."""
        return ("import json, os, time, urllib.request\n"
                "seen = []\n"
                f"for _ in range({rounds}):\n"
                "    req = urllib.request.Request(os.environ['AWS_CONTAINER_CREDENTIALS_FULL_URI'],"
                " headers={'Authorization': os.environ['AWS_CONTAINER_AUTHORIZATION_TOKEN']})\n"
                "    with urllib.request.urlopen(req, timeout=2) as r:\n"
                "        seen.append((r.status, json.load(r)['AccessKeyId']))\n"
                "    time.sleep(0.5)\n"
                "print('SEEN', json.dumps(seen))\n")

    def assert_gone(self, pid_file: str) -> None:
        with open(pid_file, encoding="utf-8") as f:
            grandchild = int(f.read())
        deadline = time.monotonic() + 3
        while not gone(grandchild) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertTrue(gone(grandchild), f"grandchild {grandchild} still runs")

    def test_the_ecs_server_renewal_stops_a_hung_helper_and_keeps_serving(self) -> None:
        # Even with a terminal (where the first run has no limit), a renewal is bounded,
        # and the endpoint serves the session it has meanwhile.
        pid_file = os.path.join(self.work, "grandchild.pid")
        self.renewing_helper(pid_file)
        started = time.monotonic()
        code, out = run_in_terminal(
            ["exec", "p", "--ecs-server", "--", sys.executable, "-c", self.fetcher(12)],
            self.home.env(AWSX_PROCESS_TIMEOUT="2", AWSX_CACHE_MARGIN="598s"), timeout=60)
        self.assertEqual(code, 0, out)
        self.assertLess(time.monotonic() - started, 30)
        seen = json.loads(out.split("SEEN ", 1)[1].splitlines()[0])
        self.assertTrue(all(status == 200 for status, _ in seen), seen)
        self.assertEqual(seen[0][1], "ASIASESSION1")
        self.assertIn("did not finish within 2s; awsx stopped it and everything it started", out)
        self.assert_gone(pid_file)

    def test_a_renewal_hung_when_the_command_ends_dies_with_awsx(self) -> None:
        pid_file = os.path.join(self.work, "grandchild.pid")
        self.renewing_helper(pid_file)
        started = time.monotonic()
        code, out = run_in_terminal(
            ["exec", "p", "--ecs-server", "--", sys.executable, "-c",
             self.fetcher(4) + "raise SystemExit(7)\n"],
            self.home.env(AWSX_PROCESS_TIMEOUT="60", AWSX_CACHE_MARGIN="598s"), timeout=60)
        # The terminal closes only when nothing holds it: the helper's grandchild would.
        self.assertLess(time.monotonic() - started, 20, out)
        self.assertEqual(code, 7, out)
        self.assertTrue(os.path.exists(pid_file), "the renewal never hung: nothing was tested")
        self.assert_gone(pid_file)

if __name__ == "__main__":
    unittest.main()
