"""A stand-in for the programs awsx starts: a credential_process, an mfa_process, the
command of `exec` or `exec --ecs-server`. It writes what it was given (argv, open
descriptors, some variables, its process group) as JSON to the file named by its second
argument, then acts its part:

    child_probe.py creds REPORT [WORDS...]   prints credential_process JSON
    child_probe.py mfa REPORT [WORDS...]     prints the MFA code 123456
    child_probe.py child REPORT              just reports (exec and --ecs-server children)
    child_probe.py hang PIDFILE              starts a sleeping grandchild, writes its pid
                                             to PIDFILE and sleeps, holding stdout open
    child_probe.py slow-creds REPORT SECONDS sleeps, then reports and prints JSON
"""

from __future__ import annotations

import json
import os
import sys
import time

CREDENTIALS = {"Version": 1, "AccessKeyId": "ASIAPROBEEXAMPLE0001",
               "SecretAccessKey": "probe/secret", "SessionToken": "probe-token",
               "Expiration": "2099-01-01T00:00:00Z"}


def command(mode: str, target: str) -> str:
    """The config line (credential_process, mfa_process) that runs this probe."""
    return f"{sys.executable} {os.path.abspath(__file__)} {mode} {target}"


def open_descriptors() -> list[int]:
    """The descriptors open in this process, found without opening one to look."""
    found = []
    for fd in range(0, 4096):
        try:
            os.fstat(fd)
        except OSError:
            continue
        found.append(fd)
    return found


def report(path: str) -> None:
    tty_foreground = None
    try:
        tty = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
        try:
            tty_foreground = os.tcgetpgrp(tty) == os.getpgrp()
        finally:
            os.close(tty)
    except OSError:
        pass  # no controlling terminal
    data = {
        "argv": sys.argv,
        "fds": open_descriptors(),
        "passphrase": os.environ.get("AWSX_FILE_PASSPHRASE"),
        "own_session": os.getsid(0) == os.getpid(),
        "tty_foreground": tty_foreground,
        "stdin_is_null": os.path.samestat(os.fstat(0), os.stat("/dev/null")),
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f)


def main() -> None:
    mode, target = sys.argv[1], sys.argv[2]
    if mode == "hang":
        grandchild = os.fork()
        if grandchild == 0:
            time.sleep(600)
            os._exit(0)
        with open(target, "w", encoding="utf-8") as f:
            f.write(str(grandchild))
        time.sleep(600)
        return
    if mode == "slow-creds":
        time.sleep(float(sys.argv[3]))
    report(target)
    if mode in ("creds", "slow-creds"):
        print(json.dumps(CREDENTIALS))
    elif mode == "mfa":
        print("123456")


if __name__ == "__main__":
    main()
