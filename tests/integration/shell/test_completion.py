"""The committed completions (completions/) in real shells: bash's registered completion
function, fish's `complete -C`, and zsh under compinit, interactively in tmux. Profiles
come live from the config that AWS_CONFIG_FILE names."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shelltest import SOURCE_DIR, require_program, run_script, with_awsx_on_path  # noqa: E402
from awsxtest import Home  # noqa: E402

COMPLETIONS = os.path.join(SOURCE_DIR, "completions")
PROFILES = ["default", "prod", "prod-eu", "step"]
FORMATS = ["docker", "dotenv", "env", "env-no-export", "fish", "json", "powershell", "process",
           "windows-cmd"]


class CompletionCase(unittest.TestCase):
    def setUp(self) -> None:
        self.home = Home()
        # Not ~/.aws/config: completions must follow AWS_CONFIG_FILE.
        self.config = os.path.join(self.home.path, "elsewhere.ini")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write("[default]\nregion = us-east-1\n[profile step]\n[profile prod]\n"
                    "role_arn = arn:aws:iam::1:role/r\nsource_profile = step\n"
                    "[profile prod-eu]\nsource_profile = step\nrole_arn = arn:aws:iam::1:role/r\n"
                    "[sso-session corp]\nsso_start_url = https://x\n")
        self.env = with_awsx_on_path(self.home.env(AWS_CONFIG_FILE=self.config))

    def tearDown(self) -> None:
        self.home.remove()


class BashCompletion(CompletionCase):
    def complete(self, line: str) -> list[str]:
        """What the function registered for awsx offers for `line` (cursor at its end)."""
        script = f"""
            source {COMPLETIONS}/awsx.bash
            read -ra COMP_WORDS <<<{line!r}
            [[ {line!r} == *' ' ]] && COMP_WORDS+=('')
            COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))
            COMP_LINE={line!r}; COMP_POINT=${{#COMP_LINE}}
            spec=$(complete -p awsx) || exit 3
            fn=${{spec#*-F }}; fn=${{fn%% *}}
            "$fn" awsx "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
            printf '%s\\n' "${{COMPREPLY[@]}}"
            """
        r = run_script("bash", script, self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(r.err, "")
        return sorted(w for w in r.out.splitlines() if w)

    def test_profiles_for_exec(self) -> None:
        self.assertEqual(self.complete("awsx exec "), PROFILES)
        self.assertEqual(self.complete("awsx exec pro"), ["prod", "prod-eu"])
        self.assertEqual(self.complete("awsx use --duration 12h "), PROFILES)

    def test_subcommands_flags_formats_and_shells(self) -> None:
        self.assertIn("completion", self.complete("awsx "))
        self.assertEqual(self.complete("awsx ex"), ["exec", "export"])
        self.assertIn("--mfa-token", self.complete("awsx exec --"))
        self.assertEqual(self.complete("awsx export --format "), FORMATS)
        self.assertEqual(self.complete("awsx export -f j"), ["json"])
        self.assertEqual(self.complete("awsx init "), ["bash", "fish", "zsh"])
        self.assertEqual(self.complete("awsx completion "), ["bash", "fish", "zsh"])

    def test_the_command_exec_runs(self) -> None:
        self.assertIn("python3", self.complete("awsx exec prod pytho"))

    def test_a_profile_name_with_a_space_is_escaped(self) -> None:
        with open(self.config, "a", encoding="utf-8") as f:
            f.write('[profile "my prod"]\nregion = eu-west-1\n')
        self.assertEqual(self.complete("awsx exec my"), ["my\\ prod"])


class FishCompletion(CompletionCase):
    def complete(self, line: str) -> list[str]:
        r = run_script("fish", f"source {COMPLETIONS}/awsx.fish; complete -C {line!r}", self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(r.err, "")
        return sorted(w.split("\t")[0] for w in r.out.splitlines() if w)

    def test_profiles_for_exec(self) -> None:
        self.assertEqual(self.complete("awsx exec "), PROFILES)
        self.assertEqual(self.complete("awsx whoami prod"), ["prod", "prod-eu"])

    def test_subcommands_flags_formats_and_shells(self) -> None:
        self.assertEqual(self.complete("awsx ex"), ["exec", "export"])
        self.assertIn("--role-arn", self.complete("awsx exec --"))
        self.assertEqual(self.complete("awsx export --format "), FORMATS)
        self.assertEqual(self.complete("awsx init "), ["bash", "fish", "zsh"])

    def test_the_command_exec_runs(self) -> None:
        self.assertIn("python3", self.complete("awsx exec prod pytho"))


class ZshCompletion(CompletionCase):
    def test_loads_under_compinit(self) -> None:
        r = run_script("zsh", f"fpath=({COMPLETIONS} $fpath); autoload -Uz compinit; "
                              f"compinit -D -u; print -r -- $_comps[awsx]", self.env)
        self.assertEqual((r.code, r.out.strip(), r.err), (0, "_awsx", ""))

    def test_tab_in_tmux_shows_the_profiles(self) -> None:
        tmux = require_program("tmux")
        zsh = require_program("zsh")
        socket_dir = tempfile.mkdtemp(prefix="awsx-tmux-")
        base = [tmux, "-S", os.path.join(socket_dir, "sock"), "-f", "/dev/null"]
        env = dict(self.env, TERM="xterm", PS1="zsh> ")
        try:
            subprocess.run([*base, "new-session", "-d", "-x", "160", "-y", "40", zsh, "-f"],
                           env=env, check=True, timeout=20)
            keys = (f"fpath=({COMPLETIONS} $fpath); autoload -Uz compinit; compinit -D -u; "
                    "PS1='ready> '")
            subprocess.run([*base, "send-keys", keys, "Enter"], check=True, timeout=20)
            self.wait_for(base, "ready> ")
            subprocess.run([*base, "send-keys", "clear", "Enter"], check=True, timeout=20)
            subprocess.run([*base, "send-keys", "awsx exec ", "Tab"], check=True, timeout=20)
            screen = self.wait_for(base, "prod-eu")
            for profile in PROFILES:
                self.assertIn(profile, screen)
            subprocess.run([*base, "send-keys", "C-u", "awsx export --format ", "Tab"],
                           check=True, timeout=20)
            screen = self.wait_for(base, "env-no-export")
            self.assertIn("windows-cmd", screen)
        finally:
            subprocess.run([*base, "kill-server"], capture_output=True, timeout=20)
            shutil.rmtree(socket_dir, ignore_errors=True)

    def wait_for(self, base: list[str], text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = subprocess.run([*base, "capture-pane", "-p"], capture_output=True,
                                    text=True, timeout=20).stdout
            if text in screen:
                return screen
            time.sleep(0.1)
        self.fail(f"{text!r} never showed in tmux; the screen:\n{screen}")


class ProfilesLookup(CompletionCase):
    def test_a_thousand_profiles_come_back_fast(self) -> None:
        with open(self.config, "w", encoding="utf-8") as f:
            for i in range(1000):
                f.write(f"[profile team-{i:04d}]\nregion = eu-west-1\n"
                        f"role_arn = arn:aws:iam::{i:012d}:role/admin\nsource_profile = step\n\n")
        awsx = os.path.join(self.env["PATH"].split(os.pathsep)[0], "awsx")
        best = float("inf")
        for _ in range(5):
            started = time.monotonic()
            out = subprocess.run([awsx, "completion", "--profiles"], env=self.env,
                                 capture_output=True, text=True, timeout=20, check=True).stdout
            best = min(best, time.monotonic() - started)
        self.assertEqual(len(out.splitlines()), 1000)
        print(f"\n  awsx completion --profiles, 1000 profiles: {best * 1000:.1f} ms", file=sys.stderr)
        self.assertLess(best, 0.5)

    def test_a_broken_config_completes_nothing_quietly(self) -> None:
        with open(self.config, "w", encoding="utf-8") as f:
            f.write("[profile a]\nnot an assignment\n")
        r = run_script("bash", f"source {COMPLETIONS}/awsx.bash; COMP_WORDS=(awsx exec ''); "
                               "COMP_CWORD=2; _awsx; echo \"n=${#COMPREPLY[@]}\"", self.env)
        self.assertEqual((r.out, r.err), ("n=0\n", ""))


if __name__ == "__main__":
    unittest.main()
