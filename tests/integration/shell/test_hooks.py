"""The shell hooks in real shells (bash --noprofile --norc, zsh -f, fish --no-config) with
a temporary HOME and moto as STS: `awsx use`, `awsx use --unset`, awsx_prompt_info, and
the prompt hook's renewal and warning."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shelltest import PtyShell, load_hook, run_script, with_awsx_on_path  # noqa: E402
from awsxtest import Home, run_awsx, use_shared_moto  # noqa: E402
from motofixture import MotoSts  # noqa: E402

MOTO: MotoSts | None = None

DUMP_ENV = f"""{sys.executable} -c 'import json, os; print("ENV" + json.dumps(dict(os.environ)))'"""
WHOAMI = (f"""{sys.executable} -c 'import boto3; """
          """print("ARN=" + boto3.client("sts").get_caller_identity()["Arn"])'""")
SESSION_VARS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_CREDENTIAL_EXPIRATION", "AWS_REGION", "AWS_DEFAULT_REGION", "AWSX_PROFILE")
STALE_VARS = ("AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")


use_shared_moto(globals())


def iso(seconds_from_now: int) -> str:
    when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds_from_now)
    return when.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def dumped_env(out: str, index: int = 0) -> dict[str, str]:
    dumps = re.findall(r"(?m)^ENV(\{.*\})$", out)
    return json.loads(dumps[index])


class HookCase:
    """The tests, run once per shell by the subclasses below."""

    shell = ""

    def setUp(self) -> None:
        assert MOTO is not None
        self.moto = MOTO
        self.home = Home()
        self.home.write_config(f"""\
            [profile step]
            region = eu-west-1
            mfa_serial = {MOTO.mfa_serial}

            [profile prod]
            role_arn = {MOTO.role_arn}
            source_profile = step
            duration_seconds = 43200
            region = eu-central-1
            """)
        self.home.write_credentials(f"""\
            [step]
            aws_access_key_id = {MOTO.step_access_key_id}
            aws_secret_access_key = {MOTO.step_secret_access_key}
            """)
        self.env = with_awsx_on_path(self.home.env(AWS_ENDPOINT_URL_STS=MOTO.url))
        MOTO.reset_recording()
        self.shells: list[PtyShell] = []

    def tearDown(self) -> None:
        for shell in self.shells:
            shell.close()
        self.home.remove()

    # -- shell dialect --------------------------------------------------------------

    def export(self, name: str, value: str) -> str:
        if self.shell == "fish":
            return f"set -gx {name} '{value}'"
        return f"export {name}='{value}'"

    def prompt_info(self) -> str:
        if self.shell == "fish":
            return "printf 'INFO<%s>\\n' (awsx_prompt_info)"
        return "printf 'INFO<%s>\\n' \"$(awsx_prompt_info)\""

    def var(self, name: str) -> str:
        return f'"${name}"'

    def script(self, *lines: str) -> str:
        return "\n".join((load_hook(self.shell), *lines)) + "\n"

    def interactive(self) -> PtyShell:
        shell = PtyShell(self.shell, self.env)
        self.shells.append(shell)
        shell.command(load_hook(self.shell))
        return shell

    # -- awsx use -------------------------------------------------------------------

    def test_use_exports_the_session_and_clears_stale_variables(self) -> None:
        r = run_script(self.shell, self.script(
            self.export("AWS_SECURITY_TOKEN", "stale"), self.export("AWS_PROFILE", "step"),
            self.export("AWS_DEFAULT_PROFILE", "step"),
            "awsx use prod --mfa-token 123456", DUMP_ENV, WHOAMI, self.prompt_info()), self.env)
        self.assertEqual(r.code, 0, r.err)
        env = dumped_env(r.out)
        self.assertRegex(env["AWS_ACCESS_KEY_ID"], r"^ASIA")
        self.assertTrue(env["AWS_SECRET_ACCESS_KEY"] and env["AWS_SESSION_TOKEN"])
        self.assertEqual(env["AWS_REGION"], "eu-central-1")
        self.assertEqual(env["AWS_DEFAULT_REGION"], "eu-central-1")
        self.assertEqual(env["AWSX_PROFILE"], "prod")
        self.assertRegex(env["AWS_CREDENTIAL_EXPIRATION"],
                         r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
        for gone in STALE_VARS:
            self.assertNotIn(gone, env)
        self.assertIn(":assumed-role/prod-role/", r.out)
        self.assertRegex(r.out, r"(?m)^INFO<prod (11h5\dm|12h00m)>$")
        self.assertEqual([c["action"] for c in self.moto.sts_calls()],
                         ["AssumeRole", "GetCallerIdentity"])  # the second is WHOAMI's
        self.assertEqual(r.err, "")

    def test_unset_clears_everything_use_set(self) -> None:
        r = run_script(self.shell, self.script(
            self.export("AWS_REGION", "us-west-2"), self.export("KEEP_ME", "yes"),
            "awsx use prod -t 123456", "awsx use --unset", DUMP_ENV, self.prompt_info()),
            self.env)
        self.assertEqual(r.code, 0, r.err)
        env = dumped_env(r.out)
        for gone in SESSION_VARS + STALE_VARS:
            self.assertNotIn(gone, env)
        self.assertEqual(env["KEEP_ME"], "yes")
        self.assertIn("INFO<>", r.out)

    def test_use_without_region_keeps_none_from_the_previous_use(self) -> None:
        self.home.write_config(f"""\
            [profile step]
            region = eu-west-1
            mfa_serial = {self.moto.mfa_serial}

            [profile prod]
            role_arn = {self.moto.role_arn}
            source_profile = step
            region = eu-central-1

            [profile keys]
            """)
        with open(self.home.credentials, "a", encoding="utf-8") as f:
            f.write("[keys]\naws_access_key_id = AKIAKEYS\naws_secret_access_key = secret\n")
        r = run_script(self.shell, self.script(
            "awsx use prod -t 123456", "awsx use keys --no-session", DUMP_ENV), self.env)
        self.assertEqual(r.code, 0, r.err)
        env = dumped_env(r.out)
        self.assertEqual(env["AWS_ACCESS_KEY_ID"], "AKIAKEYS")
        self.assertEqual(env["AWSX_PROFILE"], "keys")
        for gone in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SESSION_TOKEN",
                     "AWS_CREDENTIAL_EXPIRATION"):
            self.assertNotIn(gone, env)

    def test_failed_use_keeps_the_current_session(self) -> None:
        r = run_script(self.shell, self.script(
            "awsx use prod -t 123456", DUMP_ENV, "awsx use prod -t 12 --no-cache",
            "echo STATUS=$status" if self.shell == "fish" else "echo STATUS=$?", DUMP_ENV),
            self.env)
        self.assertIn("STATUS=4", r.out)
        self.assertIn("awsx: error: the MFA code from --mfa-token is not 6 digits", r.err)
        before, after = ({k: v for k, v in dumped_env(r.out, i).items() if k.startswith("AWS")}
                         for i in (0, 1))
        self.assertEqual(before, after)
        self.assertRegex(after["AWS_ACCESS_KEY_ID"], "^ASIA")

    def test_use_returns_zero_on_success_and_the_binarys_status_on_failure(self) -> None:
        status = "$status" if self.shell == "fish" else "$?"
        then = "; and" if self.shell == "fish" else " &&"
        r = run_script(self.shell, self.script(
            "false", "awsx use prod -t 123456", f"echo FIRST={status}",
            "false", f"awsx use prod{then} echo CHAINED",
            "false", "awsx use --unset", f"echo UNSET={status}",
            "awsx use nosuch", f"echo MISSING={status}",
            "awsx use prod --bogus", f"echo USAGE={status}"), self.env)
        self.assertIn("FIRST=0", r.out, r.err)
        self.assertIn("CHAINED", r.out, r.err)
        self.assertIn("UNSET=0", r.out, r.err)
        self.assertIn("MISSING=3", r.out, r.err)
        self.assertIn("USAGE=2", r.out, r.err)

    def test_values_are_quoted_so_they_cannot_run_as_code(self) -> None:
        # Every way these shells run a command from text; a name can't hold quotes or spaces
        # (botocore splits section names like a shell does), values can.
        # (A region can't carry code at all: it must be a host label, see the next test.)
        name = "evil;pwned;$(pwned)(pwned)`pwned`"
        region = "eu-west-1"
        secret = "s3cr'et\"$(pwned)\\n\\'"
        self.home.write_config(f"[profile {name}]\nregion = {region}\n")
        self.home.write_credentials(
            f"[{name}]\naws_access_key_id = AKIAEVIL\naws_secret_access_key = {secret}\n")
        pwned = os.path.join(self.home.path, "pwned")
        define = ("function pwned; touch $HOME/pwned; end" if self.shell == "fish"
                  else 'pwned() { : >"$HOME/pwned"; }')
        r = run_script(self.shell, self.script(
            define, f"awsx use '{name}' --no-session", DUMP_ENV, self.prompt_info()), self.env)
        self.assertEqual(r.code, 0, r.err)
        env = dumped_env(r.out)
        self.assertEqual(env["AWS_REGION"], region)
        self.assertEqual(env["AWS_SECRET_ACCESS_KEY"], secret)
        self.assertEqual(env["AWSX_PROFILE"], name)
        self.assertIn(f"INFO<{name}>", r.out)
        self.assertFalse(os.path.exists(pwned), "a value ran as code")

    def test_a_region_that_could_run_as_code_is_refused(self) -> None:
        region = "eu-west-1'\"$(pwned)`pwned`(pwned);pwned"
        self.home.write_config(f"[profile keys]\nregion = {region}\n")
        self.home.write_credentials("[keys]\naws_access_key_id = AKIAEVIL\n"
                                    "aws_secret_access_key = s3cret\n")
        define = ("function pwned; touch $HOME/pwned; end" if self.shell == "fish"
                  else 'pwned() { : >"$HOME/pwned"; }')
        status = "$status" if self.shell == "fish" else "$?"
        r = run_script(self.shell, self.script(
            define, "awsx use keys --no-session", f"echo STATUS={status}", DUMP_ENV), self.env)
        self.assertIn("STATUS=3", r.out)
        self.assertIn("is not a valid region name", r.err)
        self.assertNotIn("AWSX_PROFILE", dumped_env(r.out))
        self.assertFalse(os.path.exists(os.path.join(self.home.path, "pwned")))

    def test_other_commands_go_to_the_binary(self) -> None:
        r = run_script(self.shell, self.script("awsx --version", "awsx use --help"), self.env)
        self.assertEqual(r.code, 0, r.err)
        direct = run_awsx(["--version"], self.env)
        self.assertTrue(r.out.startswith(direct.out), r.out)
        self.assertIn("Usage: awsx use", r.out)

    def test_binary_alone_explains_the_hook(self) -> None:
        login_shell = "/usr/bin/" + self.shell
        r = run_awsx(["use", "prod"], dict(self.env, SHELL=login_shell))
        self.assertEqual(r.code, 2)
        hook = "awsx init fish | source" if self.shell == "fish" else f'eval "$(awsx init {self.shell})"'
        self.assertIn(f"awsx: error: awsx use needs the shell hook: {hook}", r.err)

    # -- the prompt hook ------------------------------------------------------------

    def test_idle_hook_prints_nothing_keeps_the_status_and_registers_once(self) -> None:
        sh = self.interactive()
        sh.command(load_hook(self.shell))  # a second time, as a re-sourced rc file would
        sh.send("false")  # alone on its line, so the prompt hook runs right after it
        status = sh.value("$status" if self.shell == "fish" else "$?")
        self.assertEqual(status, "1")
        if self.shell == "bash":
            hooks = sh.value('"$PROMPT_COMMAND"')
        elif self.shell == "zsh":
            hooks = sh.value('"${(j: :)precmd_functions}"')
        else:
            hooks = sh.value("(functions --handlers-type generic | string join ' ')")
        self.assertEqual(hooks.count("__awsx_hook"), 1, hooks)
        self.assertNotIn("awsx:", sh.transcript)

    def test_prompt_renews_a_session_near_expiry_from_the_cache(self) -> None:
        sh = self.interactive()
        sh.command("awsx use prod -t 123456")
        key = sh.value(self.var("AWS_ACCESS_KEY_ID"))
        first_expiry = sh.value(self.var("AWS_CREDENTIAL_EXPIRATION"))
        out = sh.command(self.export("AWS_CREDENTIAL_EXPIRATION", iso(120)))
        out += sh.command("true")  # the prompt before this line renewed the session
        self.assertEqual(sh.value(self.var("AWS_CREDENTIAL_EXPIRATION")), first_expiry)
        self.assertEqual(sh.value(self.var("AWS_ACCESS_KEY_ID")), key)
        self.assertNotIn("awsx", out)
        self.assertEqual(len(self.moto.sts_calls()), 1, "the renewal must come from the cache")

    def test_expired_session_needing_mfa_warns_once_and_never_prompts(self) -> None:
        sh = self.interactive()
        sh.command("awsx use prod -t 123456")
        key = sh.value(self.var("AWS_ACCESS_KEY_ID"))
        sh.command("awsx clear")
        started = time.monotonic()
        out = sh.command(self.export("AWS_CREDENTIAL_EXPIRATION", iso(-10)))
        out += sh.command("true")
        out += sh.command("true")
        self.assertLess(time.monotonic() - started, 15)
        self.assertNotIn("MFA code", out)
        warnings = re.findall(r"awsx: [^\n]*", out)
        self.assertEqual(warnings, ["awsx: the session of prod expired; renew it with: awsx use prod"])
        self.assertEqual(sh.value(self.var("AWS_ACCESS_KEY_ID")), key)
        self.assertIn("INFO<prod expired>", sh.command(self.prompt_info()))
        self.assertEqual(len(self.moto.sts_calls()), 1)

    def test_renewal_can_be_turned_off(self) -> None:
        sh = self.interactive()
        sh.command(self.export("AWSX_NO_RENEW", "1"))
        sh.command("awsx use prod -t 123456")
        out = sh.command(self.export("AWS_CREDENTIAL_EXPIRATION", iso(200)))
        out += sh.command("true")
        warnings = re.findall(r"awsx: [^\n]*", out)
        self.assertEqual(len(warnings), 1, out)
        self.assertRegex(warnings[0], r"^awsx: the session of prod ends in [23]m; renew it with: "
                                      r"awsx use prod$")
        self.assertRegex(sh.command(self.prompt_info()), r"INFO<prod [23]m>")


class PosixAliases:
    """bash and zsh expand aliases in what the hook evaluates; fish has none to expand."""

    def test_aliases_of_builtins_do_not_reach_the_hook(self) -> None:
        names = ["builtin", "command", "unset", "export", "local", "eval", "typeset", "shift",
                 "return", "printf", "print"]
        aliases = "\n".join(f"alias {name}='echo ALIASED'" for name in names)
        r = run_script(self.shell, self.script(
            "shopt -s expand_aliases" if self.shell == "bash" else "", aliases,
            "awsx use prod -t 123456", DUMP_ENV, "awsx use --unset", DUMP_ENV), self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertNotIn("ALIASED", r.out + r.err)
        self.assertEqual(dumped_env(r.out, 0)["AWSX_PROFILE"], "prod")
        self.assertNotIn("AWS_ACCESS_KEY_ID", dumped_env(r.out, 1))


class BashHooks(PosixAliases, HookCase, unittest.TestCase):
    shell = "bash"


class ZshHooks(PosixAliases, HookCase, unittest.TestCase):
    shell = "zsh"


class FishHooks(HookCase, unittest.TestCase):
    shell = "fish"

    def test_a_universal_aws_profile_is_hidden_from_children(self) -> None:
        r = run_script(self.shell, "set -Ux AWS_PROFILE step\n" + self.script(
            "awsx use prod -t 123456", DUMP_ENV), self.env)
        self.assertEqual(r.code, 0, r.err)
        env = dumped_env(r.out)
        self.assertNotIn("AWS_PROFILE", env)
        self.assertEqual(env["AWSX_PROFILE"], "prod")


if __name__ == "__main__":
    unittest.main()
