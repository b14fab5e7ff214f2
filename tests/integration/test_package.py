"""The .deb, installed as a user would (CTest label `package`).

Two fixtures run first: `package.deb` makes <build>/package/awsx_*.deb with cpack, and
`package.root` (lib/debian_root.py) makes a clean Debian 12 minbase root whose apt cache
holds everything installing the .deb needs. That fixture is the only step that reaches
the Debian mirror; nothing here leaves loopback.

* PackageMetadata: lintian finds no error, and the Depends are right.
* InstalledPackage: the root, imported into a private dockerd, gets
  `apt-get install ./awsx_*.deb` in a container with no network at all: apt has only
  what the .deb's own relations made the fixture fetch, so a library the .deb fails to
  declare is simply absent. Then, on the host's network (moto listens on 127.0.0.1),
  with nothing else installed: `awsx --version`, `awsx exec` against moto, TLS through
  the system CA store, bash completion of a profile, and `man awsx`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from awsxtest import Home, Result, write_moto_profiles  # noqa: E402
from debian_root import find_deb  # noqa: E402
from dockerd import PrivateDockerd  # noqa: E402
from motofixture import MotoSts  # noqa: E402
from sts_standin import StsStandin  # noqa: E402
from tls_fixture import TlsFiles  # noqa: E402

BUILD_DIR = os.environ.get("AWSX_BUILD_DIR", "")
ROOT_IMAGE = "awsx-test/bookworm:latest"
INSTALLED_IMAGE = "awsx-test/bookworm-awsx:latest"
CHECKER = "awsx-package-check"


def deb_field(deb: str, name: str) -> str:
    """The value of the control field `name` of `deb` (one line)."""
    return subprocess.run(["dpkg-deb", "-f", deb, name], capture_output=True, text=True,
                          check=True, timeout=60).stdout.strip()


def package_names(relations: str) -> set[str]:
    """The package names in a relation field, versions and alternatives aside."""
    return {re.split(r"[\s(]", alt.strip())[0] for rel in relations.split(",")
            for alt in rel.split("|") if alt.strip()}


class PackageMetadata(unittest.TestCase):
    def setUp(self) -> None:
        self.deb = find_deb(BUILD_DIR)

    def test_lintian_reports_no_error(self) -> None:
        lintian = shutil.which("lintian")
        if lintian is None:
            self.fail("lintian is missing: apt-get install lintian (make test does)")
        proc = subprocess.run([lintian, "--pedantic", "-I", "-E", self.deb],
                              capture_output=True, text=True, timeout=300, check=False)
        tags = [line for line in proc.stdout.splitlines() if re.match(r"^[EWIPX]: ", line)]
        print("\nlintian:\n  " + "\n  ".join(tags or ["(no tags)"]), file=sys.stderr)
        self.assertEqual([t for t in tags if t.startswith("E: ")], [], proc.stdout)
        # Status 2 would be lintian failing to run, with no tags to show for it.
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_depends_name_what_the_binaries_load(self) -> None:
        depends = package_names(deb_field(self.deb, "Depends"))
        # dpkg-shlibdeps wrote the library part when the build was configured with it.
        self.assertEqual(os.environ.get("AWSX_DEB_SHLIBDEPS"), "ON",
                         "dpkg-shlibdeps was not found when the build was configured: "
                         "apt-get install dpkg-dev (make test does) and configure again")
        fallback = set(os.environ.get("AWSX_DEB_LIBRARY_DEPENDS", "").split())
        self.assertEqual(depends - {"ca-certificates"}, fallback,
                         "AWSX_DEB_LIBRARY_DEPENDS in cmake/Package.cmake (used without "
                         "dpkg-shlibdeps) names other packages than dpkg-shlibdeps found")
        self.assertIn("ca-certificates", depends)


def _decode(proc: subprocess.CompletedProcess[bytes]) -> Result:
    return Result(proc.returncode, proc.stdout.decode(errors="replace"),
                  proc.stderr.decode(errors="replace"))


class InstalledPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.deb = find_deb(BUILD_DIR)
        root = os.path.join(BUILD_DIR, "package-root")
        if not os.path.isdir(root):
            raise AssertionError(f"{root} is missing: run through ctest, whose fixture "
                                 "package.root makes it")
        cls.moto = MotoSts().start()
        cls.addClassCleanup(cls.moto.stop)
        cls.docker = PrivateDockerd().start()
        cls.addClassCleanup(cls.docker.stop)
        cls.home = Home()
        cls.addClassCleanup(cls.home.remove)
        write_moto_profiles(cls.home, cls.moto)
        started = time.monotonic()
        cls.docker.import_tree(root, ROOT_IMAGE)
        imported = time.monotonic()
        # --network none rather than apt-get's --no-download, which apt 2.6 refuses for a
        # local .deb ("Pathname to install is not absolute"): nothing can be fetched.
        install = cls.docker.run(
            ["run", "--name", "awsx-package-install", "--network", "none",
             "-e", "DEBIAN_FRONTEND=noninteractive",
             "-v", f"{os.path.dirname(cls.deb)}:/mnt/deb:ro", ROOT_IMAGE,
             "sh", "-c", "cd /mnt/deb && apt-get install --yes ./awsx_*.deb"],
            check=False, timeout=600)
        print(f"\napt-get install ./{os.path.basename(cls.deb)} (no network):\n"
              + install.stdout.decode(errors="replace"), file=sys.stderr)
        if install.returncode != 0:
            raise AssertionError("apt-get install of the .deb failed in a clean Debian 12 with "
                                 "only the dependencies the .deb declares at hand:\n"
                                 + install.stderr.decode(errors="replace"))
        cls.docker.run(["commit", "awsx-package-install", INSTALLED_IMAGE])
        installed = time.monotonic()
        # The home's config and credentials (moto's step keys, the prod role) are the
        # container's root's; the container shares the host's loopback to reach moto.
        cls.docker.run(["run", "--detach", "--name", CHECKER, "--network", "host",
                        "-v", f"{cls.home.aws}:/root/.aws:ro", INSTALLED_IMAGE,
                        "sleep", "1200"])
        # Killed before dockerd stops: sleep, as pid 1, ignores the TERM dockerd would send
        # first, and dockerd would wait 10 s for it.
        cls.addClassCleanup(cls.docker.run, ["rm", "--force", CHECKER], check=False)
        print(f"import {imported - started:.1f} s, install and commit "
              f"{installed - imported:.1f} s", file=sys.stderr)

    def inside(self, *args: str, timeout: float = 120, **env: str) -> Result:
        """`args` run in the container as its root user would, with `env` added."""
        flags = [a for name, value in env.items() for a in ("-e", f"{name}={value}")]
        return _decode(self.docker.run(["exec", *flags, CHECKER, *args], check=False,
                                       timeout=timeout))

    def test_version(self) -> None:
        r = self.inside("awsx", "--version")
        self.assertEqual((r.code, r.err), (0, ""))
        self.assertEqual(r.out, f"awsx {deb_field(self.deb, 'Version')}\n")

    def test_exec_without_a_kernel_keyring_fetches_and_says_how_to_cache(self) -> None:
        # Docker's default seccomp profile blocks keyctl, so sessions go to the file
        # keyring, which needs a passphrase: with neither it nor a terminal, exec still
        # runs the command and says what to set.
        self.moto.reset_recording()
        r = self.inside("awsx", "exec", "prod", "--", "sh", "-c",
                        'echo "$AWSX_PROFILE $AWS_ACCESS_KEY_ID"',
                        AWS_ENDPOINT_URL_STS=self.moto.url, XDG_CACHE_HOME="/tmp/no-passphrase")
        self.assertEqual(r.code, 0, r.err)
        self.assertRegex(r.out, r"^prod ASIA\w+\n$")
        self.assertIn("could not cache the session", r.err)
        self.assertIn("file keyring", r.err)
        self.assertIn("AWSX_FILE_PASSPHRASE", r.err)
        calls = self.moto.sts_calls()
        self.assertEqual([c["action"] for c in calls], ["AssumeRole"])
        self.assertEqual(calls[0]["access_key_id"], self.moto.step_access_key_id)
        self.assertEqual(calls[0]["params"]["RoleArn"], self.moto.role_arn)

    def test_exec_caches_in_the_file_keyring_given_a_passphrase(self) -> None:
        self.moto.reset_recording()
        env = {"AWS_ENDPOINT_URL_STS": self.moto.url, "XDG_CACHE_HOME": "/tmp/passphrase"}
        args = ("awsx", "exec", "prod", "--", "printenv", "AWS_ACCESS_KEY_ID")
        first = self.inside(*args, AWSX_FILE_PASSPHRASE="in a container", **env)
        second = self.inside(*args, AWSX_FILE_PASSPHRASE="in a container", **env)
        self.assertEqual((first.code, first.err, second.code, second.err), (0, "", 0, ""))
        self.assertEqual(first.out, second.out)
        self.assertEqual([c["action"] for c in self.moto.sts_calls()], ["AssumeRole"])
        # A later script without the passphrase can't open that cache, but still runs.
        third = self.inside(*args, **env)
        self.assertEqual(third.code, 0, third.err)
        self.assertIn("running without the session cache", third.err)
        self.assertEqual(len(self.moto.sts_calls()), 2)

    def test_tls_trusts_the_system_ca_store(self) -> None:
        # ca-certificates (a Depends) is the system store awsx verifies against: a CA
        # added the Debian way is trusted, with no AWS_CA_BUNDLE.
        with TlsFiles() as tls, StsStandin(upstream=self.moto.url, certfile=tls.server_chain,
                                           keyfile=tls.server_key) as sts:
            args = ("awsx", "exec", "prod", "--no-cache", "--", "true")
            before = self.inside(*args, AWS_ENDPOINT_URL_STS=sts.url)
            self.assertNotEqual(before.code, 0)
            self.assertIn("certificate", before.err)
            copy = self.docker.run(["cp", tls.ca_cert,
                                    f"{CHECKER}:/usr/local/share/ca-certificates/awsx-test.crt"],
                                   check=False)
            update = self.inside("update-ca-certificates")
            self.assertEqual((copy.returncode, update.code), (0, 0),
                             "no system CA store to add a CA to: is ca-certificates among the "
                             f".deb's Depends?\n{copy.stderr!r}\n{update.out}{update.err}")
            after = self.inside(*args, AWS_ENDPOINT_URL_STS=sts.url)
            self.assertEqual(after.code, 0, after.err)

    def test_bash_completes_profiles(self) -> None:
        # An interactive login shell reads /etc/profile.d/bash_completion.sh (from
        # bash-completion, a Recommends). On the first Tab for `awsx`, bash calls the
        # default completion, bash-completion's loader, which sources
        # /usr/share/bash-completion/completions/awsx and asks bash to retry (124).
        script = r"""
            _completion_loader awsx pr exec; echo "loader $?"
            fn=$(complete -p awsx) && fn=${fn#*-F } && fn=${fn%% *}
            COMP_WORDS=(awsx exec pr); COMP_CWORD=2
            COMP_LINE='awsx exec pr'; COMP_POINT=${#COMP_LINE}
            "$fn" awsx pr exec
            printf 'reply %s\n' "${COMPREPLY[@]}"
        """
        r = self.inside("bash", "-l", "-i", "-c", script)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(r.out.splitlines(), ["loader 124", "reply prod"],
                         "no completion for awsx (loader 127: bash-completion is not installed; "
                         f"is it among the .deb's Recommends?)\n{r.err}")

    def test_man_page(self) -> None:
        r = self.inside("man", "awsx")
        self.assertEqual(r.code, 0, "man awsx failed (126 or 127: there is no man; is man-db "
                         f"among the .deb's Recommends?)\n{r.out[-2000:]}{r.err}")
        self.assertIn("awsx - run commands with short-lived AWS credentials", r.out)
        self.assertIn("awsx exec [PROFILE]", r.out)


if __name__ == "__main__":
    unittest.main()
