"""awsx splits credential_process and mfa_process exactly as botocore splits
credential_process: botocore.compat.compat_shell_split, which is shlex.split in POSIX mode
on Linux. Every case goes through both, through tests/tools/shell_split_dump.cpp
(AWSX_SHELL_SPLIT_DUMP) for awsx; the words, or the error botocore raises, must match.
The cases are a hand-written corpus of tricky strings and a seeded generator."""

from __future__ import annotations

import json
import os
import random
import subprocess
import unittest

try:
    from botocore.compat import compat_shell_split
except ImportError as error:  # a missing peer is a failure, never a skip
    raise RuntimeError(f"botocore is missing ({error}); install it with "
                       "`python3 -m pip install botocore`") from None

DUMP = os.environ.get("AWSX_SHELL_SPLIT_DUMP", "")
GENERATED_CASES = 20000
SEED = 20251129

CORPUS = [
    "", " ", "\t\r\n", "a", "a b", "  a   b  ", "a\tb\nc\rd", "a\vb\fc",
    "'a b'", '"a b"', "''", '""', "a '' b", 'a "" b', "''''", "'a''b'", "\"a\"'b'c",
    r"a\ b", r"a\\b", r"a\'b", r'a\"b', "a\\\nb", "\"a\\\nb\"", "'a\\\nb'",
    r'"a\"b"', r'"a\\b"', r'"a\$b"', r'"a\nb"', r"'a\b'", r"'a\'", r'"\\"',
    "x; touch M", "$(touch M)", "`touch M`", "a | b > c < d & e", "#comment a", "a #b",
    "$HOME ${HOME} ~ ~/x *.txt ?", "prog --token=abc' 'def", "VAR=1 prog",
    "/usr/bin/aws-vault export --format=json prod",
    "sh -c 'printf \"%s\" \"$0\"' '{\"Version\": 1}'",
    "ünïcødé 'wörds' \"ẞ\"", "emoji 🙂 '🙂 🙂'",
    # botocore raises for these
    "'", '"', "a 'b", 'a "b', "a\\", '"a\\', "'it''s", '"a\\"', "\"'\"'",
]
ALPHABET = ["a", "b", " ", "\t", "\n", "\r", "'", '"', "\\", "$", "(", ")", "`", ";", "|",
            ">", "#", "~", "*", "\v", "é", "🙂", "="]


def botocore_split(text: str) -> dict:
    try:
        return {"words": compat_shell_split(text, platform="linux")}
    except ValueError as e:
        return {"error": str(e)}


def awsx_split(cases: list[str]) -> list[dict]:
    if not DUMP or not os.access(DUMP, os.X_OK):
        raise RuntimeError(f"AWSX_SHELL_SPLIT_DUMP={DUMP!r} is not an executable; run the "
                           "tests through ctest")
    data = b"".join(case.encode() + b"\0" for case in cases)
    out = subprocess.run([DUMP], input=data, capture_output=True, check=True, timeout=120)
    return [json.loads(line) for line in out.stdout.decode().splitlines()]


def generated(count: int) -> list[str]:
    rng = random.Random(SEED)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
            for _ in range(count)]


class ShellSplitDifferential(unittest.TestCase):
    def compare(self, cases: list[str]) -> None:
        ours = awsx_split(cases)
        self.assertEqual(len(ours), len(cases))
        for case, mine in zip(cases, ours):
            self.assertEqual(mine, botocore_split(case), repr(case))

    def test_corpus(self) -> None:
        self.compare(CORPUS)
        errors = [case for case in CORPUS if "error" in botocore_split(case)]
        self.assertGreaterEqual(len(errors), 9, "the corpus lost its unbalanced cases")

    def test_generated(self) -> None:
        cases = generated(GENERATED_CASES)
        self.compare(cases)
        both = {("error" in botocore_split(c)) for c in cases}
        self.assertEqual(both, {True, False}, "the generator must make both kinds")


if __name__ == "__main__":
    unittest.main()
