#!/usr/bin/env python3
"""A clean Debian 12 (bookworm) root for the package test, made once per build folder.

THIS IS THE ONE STEP OF THE TEST SUITE THAT REACHES BEYOND LOOPBACK. Like
scripts/install-deps, it talks to the Debian mirror that the machine's own apt sources
name (/etc/apt/sources.list, /etc/apt/sources.list.d/*.list and *.sources); no mirror is
written down here. The CTest fixture `package.root` runs it before the package tests,
which then install the .deb with no network at all.

What it leaves in the build folder:

* ``package-root/``: ``debootstrap --variant=minbase bookworm`` from that mirror, with
  the machine's bookworm, bookworm-updates and bookworm-security sources (main) and
  their package lists;
* in its ``var/cache/apt/archives``, every package that ``apt-get install`` of the .deb
  would fetch (its Depends and Recommends, recursively), downloaded with
  ``apt-get install --download-only`` inside the root;
* ``package-root.stamp``: what the root and the downloads were made from, so later runs
  redo only what changed (the sources: everything; the .deb's relations: the downloads).

Use: ``python3 debian_root.py BUILD_DIR`` (prints the root's path), after the fixture
`package.deb` made BUILD_DIR/package/awsx_*.deb. Needs root, debootstrap and dpkg-deb;
anything missing or failing is an error that says what to do.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

from apt_sources import SOURCES_LIST, SOURCES_PARTS, AptSource, machine_sources
from dockerd import DockerdError, _mounts_under, _need

SUITE = "bookworm"
# Bump to rebuild every cached root (a change in how it is made).
LAYOUT_VERSION = 1
# A clean environment for the chroot: nothing of the caller's locale, proxies or PATH.
CHROOT_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C.UTF-8",
              "DEBIAN_FRONTEND": "noninteractive", "HOME": "/root"}


class DebianRootError(RuntimeError):
    pass


def root_sources(sources: list[AptSource]) -> tuple[str, str, list[str]]:
    """The mirror for debootstrap (the first `bookworm main` entry, with where it was
    found), and the root's sources.list lines: that one, then bookworm-updates and
    bookworm-security (main) when the machine has them."""
    lines: list[str] = []
    mirror = origin = ""
    for suite in (SUITE, f"{SUITE}-updates", f"{SUITE}-security"):
        match = next((s for s in sources if suite in s.suites and "main" in s.components), None)
        if match is None:
            continue
        uri = match.uris[0]
        if suite == SUITE:
            mirror, origin = uri, match.origin
        lines.append(f"deb {uri} {suite} main")
    if not mirror:
        raise DebianRootError(
            f"no Debian {SUITE} main source in {SOURCES_LIST} or {SOURCES_PARTS}/*.list, "
            f"*.sources: the package test bootstraps Debian 12 from the machine's own mirror; "
            f"add one (e.g. 'deb http://deb.debian.org/debian {SUITE} main')")
    return mirror, origin, lines


# ---- running things ----------------------------------------------------------
def _run(args: list[str], what: str, timeout: float, log: str | None = None,
         env: dict[str, str] | None = None) -> str:
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                              env=env, check=False)
    except subprocess.TimeoutExpired as e:
        raise DebianRootError(f"{what} took more than {timeout:.0f} s") from e
    if proc.returncode != 0:
        detail = (proc.stdout + proc.stderr).strip().splitlines()[-25:]
        if log and os.path.isfile(log):
            with open(log, encoding="utf-8", errors="replace") as f:
                detail = f.read().splitlines()[-25:]
        raise DebianRootError(f"{what} failed with status {proc.returncode}:\n" + "\n".join(detail))
    return proc.stdout


def _chroot(root: str, args: list[str], what: str, timeout: float = 600) -> str:
    return _run(["chroot", root, *args], what, timeout, env=CHROOT_ENV)


def remove_tree(path: str) -> None:
    """Deletes `path`, after unmounting what a failed debootstrap may have left mounted
    in it (/proc, /sys), and never crossing into another file system."""
    for point in _mounts_under(os.path.realpath(path)):
        subprocess.run(["umount", "-l", point], capture_output=True, check=False)
    if os.path.lexists(path):
        subprocess.run(["rm", "-rf", "--one-file-system", path], check=True)


# ---- the cached root ------------------------------------------------------------
def _relations(deb: str) -> str:
    """The .deb's relation fields: what `apt-get install` of it downloads depends on them."""
    dpkg_deb = _need("dpkg-deb", "dpkg")
    return _run([dpkg_deb, "-f", deb, "Pre-Depends", "Depends", "Recommends"],
                f"dpkg-deb -f {deb}", 60)


def _read_stamp(path: str) -> dict:
    with contextlib.suppress(OSError, ValueError):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    return {}


def _write_stamp(path: str, stamp: dict) -> None:
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(stamp, f, indent=1)
    os.replace(path + ".tmp", path)


def _bootstrap(root: str, mirror: str, origin: str, lines: list[str]) -> None:
    debootstrap = _need("debootstrap", "debootstrap")
    fresh = root + ".new"
    remove_tree(fresh)
    try:
        print(f"debian_root: debootstrap --variant=minbase {SUITE} from {mirror} ({origin})",
              flush=True)
        _run([debootstrap, "--variant=minbase", SUITE, fresh, mirror],
             f"debootstrap --variant=minbase {SUITE} {fresh} {mirror} (needs the mirror)",
             900, log=os.path.join(fresh, "debootstrap", "debootstrap.log"))
        with open(os.path.join(fresh, "etc/apt/sources.list"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        _chroot(fresh, ["apt-get", "clean"], "apt-get clean in the new root")
        remove_tree(root)
        os.rename(fresh, root)
    except BaseException:
        remove_tree(fresh)
        raise


def _download(root: str, deb: str) -> None:
    """Fills the root's apt cache with what installing `deb` needs, from the mirror."""
    inside = "/tmp/" + os.path.basename(deb)
    shutil.copyfile(deb, os.path.join(root, inside.lstrip("/")))
    try:
        print("debian_root: apt-get update; apt-get install --download-only of the .deb",
              flush=True)
        _chroot(root, ["apt-get", "update"], "apt-get update in the Debian root (needs the mirror)")
        _chroot(root, ["apt-get", "install", "--download-only", "--yes", inside],
                "apt-get install --download-only of the .deb's dependencies (needs the mirror)")
    finally:
        os.unlink(os.path.join(root, inside.lstrip("/")))


def prepare(build_dir: str, deb: str) -> str:
    """The path of the cached Debian root for `deb` in `build_dir`, (re)made as needed."""
    if os.geteuid() != 0:
        raise DebianRootError("the package test builds a Debian root with debootstrap and "
                              "chroot, which needs root: run make test as root (CI does)")
    mirror, origin, lines = root_sources(machine_sources())
    root = os.path.join(build_dir, "package-root")
    stamp_path = root + ".stamp"
    with open(root + ".lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder per build folder
        stamp = _read_stamp(stamp_path)
        root_key = {"layout": LAYOUT_VERSION, "sources": lines}
        if stamp.get("root") != root_key or not os.path.isdir(root):
            started = time.monotonic()
            _bootstrap(root, mirror, origin, lines)
            stamp = {"root": root_key}
            _write_stamp(stamp_path, stamp)
            print(f"debian_root: bootstrapped in {time.monotonic() - started:.1f} s", flush=True)
        relations = hashlib.sha256(_relations(deb).encode()).hexdigest()
        if stamp.get("downloads") != relations:
            started = time.monotonic()
            _download(root, deb)
            stamp["downloads"] = relations
            _write_stamp(stamp_path, stamp)
            print(f"debian_root: downloaded in {time.monotonic() - started:.1f} s", flush=True)
        else:
            print(f"debian_root: cached in {root} (delete {stamp_path} to rebuild)", flush=True)
    return root


def find_deb(build_dir: str) -> str:
    """The one awsx_*.deb that the fixture `package.deb` made in `build_dir`/package."""
    debs = glob.glob(os.path.join(build_dir, "package", "awsx_*.deb"))
    if len(debs) != 1:
        raise DebianRootError(f"expected one awsx_*.deb in {build_dir}/package, found "
                              f"{len(debs)}: run the package tests through ctest, whose "
                              "fixture package.deb makes it")
    return debs[0]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("use: debian_root.py BUILD_DIR", file=sys.stderr)
        return 2
    try:
        print(prepare(argv[1], find_deb(argv[1])))
    except (DebianRootError, DockerdError) as e:
        print(f"debian_root: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
