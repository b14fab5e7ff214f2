"""awsx rotate against moto's IAM (AWS_ENDPOINT_URL_IAM) with --no-session: keys in the
keyring and in the credentials file are replaced by a new key that moto then accepts, the
old key is gone from IAM, every other byte of the credentials file stays, and a user with
two keys already is refused before anything changes. moto's GetSessionToken credentials
are refused by its own IAM, so the MFA-session path is unit-tested (tests/unit/cli)."""

from __future__ import annotations

import json
import os
import stat
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from awsxtest import Home, run_awsx  # noqa: E402
from motofixture import MotoSts, client  # noqa: E402
from sts_standin import StsStandin, error  # noqa: E402

PRINT_KEY = "import os; print(os.environ['AWS_ACCESS_KEY_ID'])"


class MotoCase(unittest.TestCase):
    """Each test has a moto of its own: rotating changes the step user's keys."""

    def setUp(self) -> None:
        self.moto = MotoSts().start()
        self.addCleanup(self.moto.stop)
        self.home = Home()
        self.addCleanup(self.home.remove)
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=self.moto.url,
                                 AWS_ENDPOINT_URL_IAM=self.moto.url)
        self.old = self.moto.step_access_key_id

    def iam_keys(self, key_id: str, secret: str) -> list[str]:
        iam = client("iam", self.moto.url, key_id, secret)
        return [k["AccessKeyId"] for k in iam.list_access_keys()["AccessKeyMetadata"]]

    def whoami(self, profile: str) -> str:
        r = run_awsx(["whoami", profile, "--no-session"], self.env)
        self.assertEqual(r.code, 0, r.err)
        return r.out

    def key_calls(self) -> list[str]:
        return [c["action"] for c in self.moto.recorded_requests()
                if c["action"] in ("GetUser", "ListAccessKeys", "CreateAccessKey",
                                   "DeleteAccessKey", "GetCallerIdentity")]

    def deny_to_step_user(self, action: str) -> None:
        """Adds an explicit Deny of `action` to the step user's policies, through the role
        (whose policy allows everything): after set-up nobody else may change IAM."""
        sts = self.moto.step_client("sts")
        role = sts.assume_role(RoleArn=self.moto.role_arn, RoleSessionName="admin")["Credentials"]
        admin = client("iam", self.moto.url, role["AccessKeyId"], role["SecretAccessKey"],
                       role["SessionToken"])
        admin.put_user_policy(UserName="step-user", PolicyName="deny", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": action, "Resource": "*"}]}))


class RotateMoto(MotoCase):
    def test_keys_in_the_keyring_rotate_and_the_old_key_is_gone(self) -> None:
        self.home.write_config("[profile dev]\nregion = eu-west-1\n")
        add = run_awsx(["add", "dev", "--env"], {
            **self.env, "AWS_ACCESS_KEY_ID": self.old,
            "AWS_SECRET_ACCESS_KEY": self.moto.step_secret_access_key})
        self.assertEqual(add.code, 0, add.err)
        self.moto.reset_recording()
        r = run_awsx(["rotate", "dev", "--no-session"], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.key_calls(), ["GetUser", "ListAccessKeys", "CreateAccessKey",
                                            "GetCallerIdentity", "DeleteAccessKey"])
        ex = run_awsx(["exec", "dev", "--no-session", "--", sys.executable, "-c", PRINT_KEY],
                      self.env)
        self.assertEqual(ex.code, 0, ex.err)
        new = ex.out.strip()
        self.assertNotEqual(new, self.old)
        self.assertIn(f"{new} is stored in the file keyring and works; {self.old} is deleted",
                      r.out)
        self.assertIn(self.moto.user_arn, self.whoami("dev"))
        # The old key no longer signs anything.
        with self.assertRaises(Exception) as gone:
            client("sts", self.moto.url, self.old,
                   self.moto.step_secret_access_key).get_caller_identity()
        self.assertIn("InvalidClientTokenId", str(gone.exception))
        self.assertNotIn("SecretAccessKey", r.out + r.err)

    def test_keys_in_the_credentials_file_change_in_place(self) -> None:
        self.home.write_config("[profile dev]\nregion = eu-west-1\n")
        before = ("# keys, hand-kept\n[other]\naws_access_key_id = AKIAOTHERPROFILE0001\n"
                  "aws_secret_access_key = other/secret  ; not a comment\n\n"
                  f"[dev]\naws_access_key_id={self.old}\n"
                  f"aws_secret_access_key :   {self.moto.step_secret_access_key}\t\n"
                  "output = json\n\n# trailing comment, no newline at the end")
        with open(self.home.credentials, "w", encoding="utf-8") as f:
            f.write(before)
        os.chmod(self.home.credentials, 0o644)
        r = run_awsx(["rotate", "dev", "--no-session"], self.env)
        self.assertEqual(r.code, 0, r.err)
        with open(self.home.credentials, encoding="utf-8") as f:
            after = f.read()
        new_id = after.split("aws_access_key_id=")[1].split("\n")[0]
        new_secret = after.split("aws_secret_access_key :   ")[1].split("\t\n")[0]
        expected = (before.replace(self.old, new_id)
                    .replace(self.moto.step_secret_access_key, new_secret))
        self.assertEqual(after, expected)  # byte for byte, apart from the two values
        self.assertNotEqual(new_id, self.old)
        self.assertEqual(stat.S_IMODE(os.stat(self.home.credentials).st_mode), 0o600)
        self.assertEqual(self.iam_keys(new_id, new_secret), [new_id])
        self.assertIn(self.moto.user_arn, self.whoami("dev"))
        self.assertEqual(sorted(os.listdir(self.home.aws)), ["config", "credentials"])

    def test_a_user_with_two_keys_is_refused_before_anything_changes(self) -> None:
        self.home.write_config("[profile dev]\nregion = eu-west-1\n")
        self.home.write_credentials(f"[dev]\naws_access_key_id = {self.old}\n"
                                    f"aws_secret_access_key = {self.moto.step_secret_access_key}\n")
        iam = self.moto.step_client("iam")
        other = iam.create_access_key()["AccessKey"]["AccessKeyId"]
        with open(self.home.credentials, "rb") as f:
            before = f.read()
        self.moto.reset_recording()
        r = run_awsx(["rotate", "dev", "--no-session"], self.env)
        self.assertEqual(r.code, 4, r.err)
        self.assertIn("already has two access keys", r.err)
        self.assertIn(f"delete {other}", r.err)
        self.assertIn("nothing changed", r.err)
        self.assertNotIn("CreateAccessKey", self.key_calls())
        with open(self.home.credentials, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(sorted(self.iam_keys(self.old, self.moto.step_secret_access_key)),
                         sorted([self.old, other]))

    def test_an_old_key_iam_will_not_delete_leaves_the_new_one_stored_and_named(self) -> None:
        """A failure injected at the last step: IAM denies DeleteAccessKey."""
        self.home.write_config("[profile dev]\nregion = eu-west-1\n")
        self.home.write_credentials(f"[dev]\naws_access_key_id = {self.old}\n"
                                    f"aws_secret_access_key = {self.moto.step_secret_access_key}\n")
        self.deny_to_step_user("iam:DeleteAccessKey")
        r = run_awsx(["rotate", "dev", "--no-session"], self.env)
        self.assertEqual(r.code, 5, r.err)
        with open(self.home.credentials, encoding="utf-8") as f:
            new_id = f.read().split("aws_access_key_id = ")[1].split("\n")[0]
        self.assertNotEqual(new_id, self.old)
        self.assertIn(f"the new key {new_id} is stored in {self.home.credentials} and works, but "
                      f"deleting the old key {self.old} failed", r.err)
        self.assertIn("AccessDenied", r.err)
        self.assertIn(f"keys now: {self.old} (old) and {new_id} (new)", r.err)
        self.assertIn(f"--access-key-id {self.old}", r.err)
        self.assertIn(self.moto.user_arn, self.whoami("dev"))

    def test_a_failed_create_changes_nothing(self) -> None:
        """A failure injected at the first change: IAM denies CreateAccessKey."""
        self.home.write_config("[profile dev]\nregion = eu-west-1\n")
        self.home.write_credentials(f"[dev]\naws_access_key_id = {self.old}\n"
                                    f"aws_secret_access_key = {self.moto.step_secret_access_key}\n")
        self.deny_to_step_user("iam:CreateAccessKey")
        with open(self.home.credentials, "rb") as f:
            before = f.read()
        r = run_awsx(["rotate", "dev", "--no-session"], self.env)
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("creating a new access key failed", r.err)
        self.assertIn(f"keys now: {self.old} (the profile's)", r.err)
        with open(self.home.credentials, "rb") as f:
            self.assertEqual(f.read(), before)


class RotateVerification(MotoCase):
    """The new key is proven through an STS stand-in in front of moto, which refuses it as
    STS does while IAM spreads a new key (InvalidClientTokenId)."""

    def setUp(self) -> None:
        super().setUp()
        self.sts = StsStandin(upstream=self.moto.url)
        self.sts.start()
        self.addCleanup(self.sts.stop)
        self.env["AWS_ENDPOINT_URL_STS"] = self.sts.url
        self.home.write_config("[profile dev]\nregion = eu-west-1\n")
        self.before = (f"[dev] # mine\naws_access_key_id = {self.old}\n"
                       f"aws_secret_access_key = {self.moto.step_secret_access_key}\n")
        self.home.write_credentials(self.before)

    def test_a_new_key_that_works_after_a_while_is_kept(self) -> None:
        not_yet = error("InvalidClientTokenId", "The security token included in the request is invalid.")
        self.sts.script(not_yet, not_yet)
        r = run_awsx(["rotate", "dev", "--no-session"], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.sts.actions(), ["GetCallerIdentity"] * 3)
        with open(self.home.credentials, encoding="utf-8") as f:
            self.assertNotIn(self.old, f.read())

    def test_a_new_key_that_never_works_is_deleted_and_the_file_put_back(self) -> None:
        """A failure injected at the proof: about 30 s of tries, then the new key goes."""
        self.sts.default = error("InvalidClientTokenId", "The security token included in the request is invalid.")
        r = run_awsx(["rotate", "dev", "--no-session"], self.env, timeout=120)
        self.assertEqual(r.code, 4, r.err)
        self.assertEqual(self.sts.actions(), ["GetCallerIdentity"] * 6)
        elapsed = self.sts.requests[-1].at - self.sts.requests[0].at
        self.assertGreater(elapsed, 25)
        self.assertLess(elapsed, 40)
        with open(self.home.credentials, encoding="utf-8") as f:
            self.assertEqual(f.read(), self.before)
        self.assertEqual(self.iam_keys(self.old, self.moto.step_secret_access_key), [self.old])
        self.assertIn("did not work", r.err)
        self.assertIn(f"is back in {self.home.credentials}", r.err)
        self.assertIn(f"keys now: {self.old} (old)", r.err)


if __name__ == "__main__":
    unittest.main()
