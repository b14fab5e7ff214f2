"""The install layout: `cmake --install` into a temporary prefix, and the .deb that
`cpack -G DEB` makes, each holding every file where its user looks for it."""

from __future__ import annotations

import glob
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shelltest import SOURCE_DIR, require_program  # noqa: E402

BUILD_DIR = os.environ.get("AWSX_BUILD_DIR", "")
CMAKE = os.environ.get("AWSX_CMAKE", "cmake")
CPACK = os.environ.get("AWSX_CPACK", "cpack")

# Where each file goes, relative to the prefix, and where it comes from in the sources
# (a .gz holds its source gzip-compressed).
LAYOUT = {
    "bin/awsx": None,
    "libexec/awsx/awsx-core": None,
    "share/man/man1/awsx.1.gz": "man/awsx.1",
    "share/doc/awsx/copyright": "packaging/copyright",
    "share/doc/awsx/changelog.gz": "packaging/changelog",
    "share/bash-completion/completions/awsx": "completions/awsx.bash",
    "share/zsh/site-functions/_awsx": "completions/_awsx",
    "share/fish/vendor_completions.d/awsx.fish": "completions/awsx.fish",
    "share/awsx/shell/awsx.bash": "shell/awsx.bash",
    "share/awsx/shell/awsx.zsh": "shell/awsx.zsh",
    "share/awsx/shell/awsx.fish": "shell/awsx.fish",
}


def require_build_dir() -> str:
    if not os.path.isfile(os.path.join(BUILD_DIR, "CMakeCache.txt")):
        raise AssertionError(f"AWSX_BUILD_DIR={BUILD_DIR!r} is not a build folder; run through ctest")
    return BUILD_DIR


class InstallLayout(unittest.TestCase):
    def test_cmake_install_puts_every_file_in_place(self) -> None:
        prefix = tempfile.mkdtemp(prefix="awsx-install-")
        self.addCleanup(shutil.rmtree, prefix, True)
        subprocess.run([CMAKE, "--install", require_build_dir(), "--prefix", prefix],
                       check=True, capture_output=True, timeout=120)
        for path, source in LAYOUT.items():
            installed = os.path.join(prefix, path)
            self.assertTrue(os.path.isfile(installed), f"{path} was not installed")
            if source is not None:
                with open(os.path.join(SOURCE_DIR, source), "rb") as f:
                    expected = f.read()
                opener = gzip.open if path.endswith(".gz") else open
                with opener(installed, "rb") as f:
                    self.assertEqual(f.read(), expected, f"{path} differs from {source}")
        binary = os.path.join(prefix, "bin", "awsx")
        self.assertTrue(os.access(binary, os.X_OK))
        # The front-end finds awsx-core in libexec/awsx and hands --version to it.
        version = subprocess.run([binary, "--version"], capture_output=True, text=True,
                                 timeout=20, check=True)
        self.assertRegex(version.stdout, r"^awsx \d+\.\d+\.\d+\n$")


class DebPackage(unittest.TestCase):
    def test_deb_holds_every_file(self) -> None:
        dpkg_deb = require_program("dpkg-deb")
        out = tempfile.mkdtemp(prefix="awsx-deb-")
        self.addCleanup(shutil.rmtree, out, True)
        subprocess.run([CPACK, "-G", "DEB", "-B", out, "--config",
                        os.path.join(require_build_dir(), "CPackConfig.cmake")],
                       check=True, capture_output=True, timeout=300)
        debs = glob.glob(os.path.join(out, "*.deb"))
        self.assertEqual(len(debs), 1, os.listdir(out))
        listing = subprocess.run([dpkg_deb, "-c", debs[0]], capture_output=True, text=True,
                                 check=True, timeout=60).stdout
        print(f"\n{os.path.basename(debs[0])}:\n{listing}", file=sys.stderr)
        paths = {line.split()[-1].lstrip(".") for line in listing.splitlines()}
        for path in LAYOUT:
            self.assertIn("/usr/" + path, paths)
        fields = subprocess.run([dpkg_deb, "-f", debs[0], "Package", "Depends"],
                                capture_output=True, text=True, check=True, timeout=60).stdout
        self.assertIn("Package: awsx", fields)
        self.assertIn("libpoco", fields)


if __name__ == "__main__":
    unittest.main()
