"""awsx and botocore must read the same AWS config and credentials files the same way.

Every case is read twice: by awsx's own loader, through tests/tools/config_dump.cpp
(AWSX_CONFIG_DUMP), and by botocore's configloader, merged as botocore.session merges
the credentials file over the config file. The resulting profile, sso-session, services
and other-section maps must be equal. Where botocore raises, awsx must fail too, naming
the file and the first line botocore cannot get past.

The cases are the hand-written corpus in data/config_corpus/ (see its README) and a
seeded generator that mixes the same tricky constructs at random."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import tempfile
import unittest

try:
    import botocore.configloader
    import botocore.exceptions
    import botocore.session
except ImportError as error:  # a missing peer is a failure, never a skip
    raise RuntimeError(f"botocore is missing ({error}); install it with "
                       "`python3 -m pip install botocore`") from None

DUMP = os.environ.get("AWSX_CONFIG_DUMP", "")
CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "config_corpus")
SUFFIXES = (".config", ".credentials")
GENERATED_CASES = 2000
SEED = 20240607
# Finding the line botocore stops at rewrites a scratch file many times, which costs
# milliseconds on a disk and microseconds on tmpfs.
SCRATCH_ROOT = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None

# botocore's full_config stores these three maps at its top level next to the other
# sections, so a section literally named [sso_sessions] is overwritten and lost there;
# awsx keeps it with the others. Neither side is wrong, so it is not compared.
TOP_LEVEL = ("profiles", "sso_sessions", "services")


def full_config(config: str, credentials: str) -> dict:
    """botocore.session.Session.full_config for these two paths, without building a
    Session per case (about 70 ms each). test_full_config_mirrors_botocore_session
    checks that the two agree."""
    try:
        merged = botocore.configloader.load_config(config)
    except botocore.exceptions.ConfigNotFound:
        merged = {"profiles": {}}
    try:
        for name, values in botocore.configloader.raw_config_parse(credentials).items():
            if name not in merged["profiles"]:
                merged["profiles"][name] = values
            else:
                merged["profiles"][name].update(values)
    except botocore.exceptions.ConfigNotFound:
        pass
    return merged


def botocore_view(config: str, credentials: str) -> dict:
    """botocore's maps in the dump tool's shape; raises where botocore raises."""
    merged = full_config(config, credentials)
    view = {key: merged.get(key, {}) for key in TOP_LEVEL}
    view["others"] = {k: v for k, v in merged.items() if k not in TOP_LEVEL}
    return view


def awsx_views(pairs: list[tuple[str, str]]) -> list[dict]:
    """awsx's reading of each (config, credentials) pair, all in one dump-tool run."""
    if not DUMP or not os.access(DUMP, os.X_OK):
        raise RuntimeError(f"AWSX_CONFIG_DUMP={DUMP!r} is not an executable; "
                           "run the tests through ctest")
    args = [DUMP]
    for config, credentials in pairs:
        args += [config, credentials]
    run = subprocess.run(args, capture_output=True, timeout=60)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"{DUMP} exited {run.returncode}: {run.stderr!r}")
    # surrogateescape keeps any invalid UTF-8 awsx let through visible as a mismatch.
    # split("\n"), not splitlines(): values may hold U+2028 and other line separators.
    lines = run.stdout.decode("utf-8", "surrogateescape").split("\n")[:-1]
    if len(lines) != len(pairs):
        raise RuntimeError(f"{DUMP} printed {len(lines)} results for {len(pairs)} pairs")
    views = [json.loads(line) for line in lines]
    for view in views:
        if "others" in view:
            for key in TOP_LEVEL:
                view["others"].pop(key, None)
    return views


def fails_in_botocore(data: bytes, scratch: str) -> bool:
    """Whether botocore rejects a file holding `data` (written to `scratch`)."""
    with open(scratch, "wb") as f:
        f.write(data)
    try:
        botocore.configloader.raw_config_parse(scratch)
    except Exception:  # ConfigParseError, or a crash: botocore cannot read it either way
        return True
    return False


def first_bad_line(path: str, scratch: str) -> int:
    """The line botocore cannot get past: the file's first N lines fail to parse and its
    first N-1 do not. Lines end as Python's universal newlines end them."""
    with open(path, "rb") as f:
        data = f.read()
    lines = data.splitlines(keepends=True)
    if b"[DEFAULT]" in data:
        # A malformed [DEFAULT] value fails only in sections that lack the key so far,
        # so a longer prefix may parse again: no bisecting.
        return next(n for n in range(1, len(lines) + 1)
                    if fails_in_botocore(b"".join(lines[:n]), scratch))
    low, high = 0, len(lines)  # prefix of `low` lines parses, of `high` lines fails
    while high - low > 1:
        middle = (low + high) // 2
        if fails_in_botocore(b"".join(lines[:middle]), scratch):
            high = middle
        else:
            low = middle
    return high


def expected_error_prefix(config: str, credentials: str, scratch: str) -> str:
    """`path:line:` that awsx's error must start with when botocore rejects the pair:
    the config file is read first, as in botocore.session."""
    try:
        botocore.configloader.load_config(config)
        path = credentials
    except botocore.exceptions.ConfigNotFound:
        path = credentials
    except Exception:
        path = config
    return f"{path}:{first_bad_line(path, scratch)}:"


def shorten(value):
    """`value` with long strings cut, so a mismatch report stays readable."""
    if isinstance(value, dict):
        return {shorten(k): shorten(v) for k, v in value.items()}
    if isinstance(value, (str, bytes)) and len(value) > 120:
        digest = hashlib.sha1(value.encode("utf-8", "surrogateescape")
                              if isinstance(value, str) else value).hexdigest()[:12]
        return value[:60] + f"…[{len(value)} long, sha1 {digest}]"
    return value


def describe(view: dict) -> str:
    return json.dumps(shorten(view), indent=2, sort_keys=True, ensure_ascii=False)


class Comparison(unittest.TestCase):
    """Shared by the corpus and the generated cases."""

    def setUp(self) -> None:
        self.tmp = tempfile.mkdtemp(prefix="awsx-config-diff-", dir=SCRATCH_ROOT)
        self.scratch = os.path.join(self.tmp, "prefix")

    def tearDown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def mismatch(self, config: str, credentials: str, awsx: dict) -> str | None:
        """How `awsx`, awsx's reading of the pair, differs from botocore's, or None."""
        try:
            expected = botocore_view(config, credentials)
        except Exception as error:
            # Mostly ConfigParseError. Should botocore ever crash with a traceback
            # instead, awsx owes the user a clean file:line error all the same.
            prefix = expected_error_prefix(config, credentials, self.scratch)
            if "error" not in awsx:
                return (f"botocore raises:\n  {error}\nbut awsx accepts the files and "
                        f"reads:\n{describe(awsx)}")
            if not awsx["error"].startswith(prefix):
                return (f"botocore raises:\n  {error}\nso awsx's error should start with "
                        f"{prefix!r}, but it is:\n  {awsx['error']}")
            return None
        if "error" in awsx:
            return (f"awsx fails:\n  {awsx['error']}\nbut botocore reads:\n"
                    f"{describe(expected)}")
        if awsx != expected:
            return f"awsx reads:\n{describe(awsx)}\nbotocore reads:\n{describe(expected)}"
        return None


def corpus_cases() -> list[tuple[str, str, str]]:
    """(name, config path, credentials path) per stem in the corpus; a part the stem
    lacks is a path that does not exist, which both sides read as an empty file."""
    stems = sorted({os.path.splitext(name)[0] for name in os.listdir(CORPUS)
                    if name.endswith(SUFFIXES)})
    cases = []
    for stem in stems:
        paths = [os.path.join(CORPUS, stem + suffix) for suffix in SUFFIXES]
        config, credentials = (p if os.path.exists(p) else p + ".absent" for p in paths)
        cases.append((stem, config, credentials))
    return cases


class Corpus(Comparison):
    def test_corpus_is_big_enough(self) -> None:
        files = [n for n in os.listdir(CORPUS) if n.endswith(SUFFIXES)]
        self.assertGreaterEqual(len(files), 60, files)

    def test_awsx_reads_the_corpus_like_botocore(self) -> None:
        cases = corpus_cases()
        views = awsx_views([(config, credentials) for _, config, credentials in cases])
        for (name, config, credentials), awsx in zip(cases, views):
            with self.subTest(case=name):
                problem = self.mismatch(config, credentials, awsx)
                self.assertIsNone(problem, f"\n{name}: {problem}")

    def test_full_config_mirrors_botocore_session(self) -> None:
        # The mirror must stay what botocore.session really does; a few cases with both
        # files, or with a creds-only profile, cover the merge.
        for name in ("merge", "credentials-nested", "credentials-sso-section",
                     "credentials-only", "DEFAULT-section"):
            config, credentials = (os.path.join(CORPUS, name + s) for s in SUFFIXES)
            with self.subTest(case=name):
                session = botocore.session.Session()
                session.set_config_variable("config_file", config)
                session.set_config_variable("credentials_file", credentials)
                self.assertEqual(full_config(config, credentials), session.full_config)

    def test_dump_tool_reports_a_parse_error_and_fails(self) -> None:
        config = os.path.join(CORPUS, "key-without-separator.config")
        run = subprocess.run([DUMP, config, config + ".absent"], capture_output=True,
                             text=True, timeout=30)
        self.assertEqual(run.returncode, 1, run)
        self.assertIn(f"awsx: error: {config}:3:", run.stderr)

    def test_merged_profile_takes_credentials_keys(self) -> None:
        # A spot check that the comparison compares something: the merge case holds
        # config-only, credentials-only and overridden keys.
        config, credentials = (os.path.join(CORPUS, "merge" + s) for s in SUFFIXES)
        [awsx] = awsx_views([(config, credentials)])
        self.assertEqual(awsx["profiles"]["default"]["aws_access_key_id"], "AKIDEFAULT")
        self.assertEqual(awsx["profiles"]["default"]["region"], "us-east-1")
        self.assertEqual(awsx["profiles"]["dev"]["s3"], "replaced wholesale")
        self.assertEqual(awsx["profiles"]["only-creds"], {"aws_access_key_id": "AKIONLY"})
        self.assertIn("profile dev", awsx["profiles"])


class KeyCase(Comparison):
    def test_every_cased_character_lowercases_like_str_lower(self) -> None:
        # configparser lowercases keys with str.lower(): every code point it changes, and
        # capital sigma next to every character that decides whether it is final.
        sigma = "\u03a3"

        def final(text: str) -> bool:
            return text.lower().endswith("\u03c2")

        usable = [chr(c) for c in range(0x21, 0x110000)
                  if not 0xD800 <= c < 0xE000 and chr(c).isprintable()
                  and not chr(c).isspace() and chr(c) not in "=:[]#;"]
        keys = [f"x{ch}" for ch in usable if ch.lower() != ch]
        for ch in usable:
            if final(ch + sigma) or final("A" + ch + sigma):  # cased or case-ignorable
                keys += [ch + sigma, sigma + ch, "A" + ch + sigma, "A" + sigma + ch]
        self.assertGreater(len(keys), 20000)
        config = os.path.join(self.tmp, "keys.config")
        with open(config, "w", encoding="utf-8") as f:
            f.writelines(f"[k{i}]\n{key} = v\n" for i, key in enumerate(keys))
        [awsx] = awsx_views([(config, config + ".absent")])
        problem = self.mismatch(config, config + ".absent", awsx)
        self.assertIsNone(problem, problem)


class Generator:
    """Random config files built from the constructs botocore's parser treats specially:
    mostly valid, with a few lines that botocore rejects."""

    NAMES = ["default", "dev", "prod", "a b", "x", "Dev", "ünï", "日本", "", "p-1"]
    KEYS = ["region", "output", "Region", "s3", "role_arn", "my key", "AWS_Access_Key_ID",
            "ÜBER", "k\tk", "sso_session", "x", "endpoint_url"]
    VALUES = ["us-east-1", "", "50%", "%(x)s", "b # c", "b ; c", "  spaced  ", "a=b",
              "x:y", "héllo", "🚀", "\u00a0nbsp\u00a0", "\t", "https://h:1/?a=b", "#",
              "a" * 300, "[not a header]", "\u3000"]
    NESTED_KEYS = ["max_concurrent_requests", "Addressing_Style", "a b", "k", ""]
    SPACE = [" ", "  ", "\t", " \t", "\u00a0", "\u3000", "\x0c"]

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, items):
        return self.rng.choice(items)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # (weight, header text); {shown} is the name, quoted when it needs it.
    HEADERS = [(15, "default"), (40, "profile{sep}{shown}{pad}"), (10, "sso-session {shown}"),
               (7, "services {shown}"), (5, "DEFAULT"), (3, "profile {name} extra"),
               (3, 'profile "{name}'), (17, "{bare}")]

    def header(self, used: set[str]) -> str:
        name = self.fresh(self.NAMES, used)
        shown = f'"{name}"' if (" " in name or not name or self.chance(0.1)) else name
        weights, templates = zip(*self.HEADERS)
        text = self.rng.choices(templates, weights)[0].format(
            name=name, shown=shown, bare=name or "other", sep=self.pick([" ", "  ", "\t"]),
            pad=self.pick(["", " "]))
        indent = self.pick(["", "", "", " "])
        tail = self.pick(["", "", "", " # note", "]"])
        return f"{indent}[{text}]{tail}"

    def separator(self) -> str:
        return self.pick(["=", " = ", ":", " : ", "\t=\t", " =", "=  ", " :"])

    def fresh(self, pool: list[str], used: set[str]) -> str:
        """An item of `pool` not in `used` (compared lowercased), except now and then:
        a repeat is an error in botocore, and most files should parse."""
        item = self.pick(pool)
        for _ in range(3):
            if item.lower() not in used or self.chance(0.04):
                break
            item = self.pick(pool)
        used.add(item.lower())
        return item

    def option(self, lines: list[str], used: set[str]) -> None:
        key = self.fresh(self.KEYS, used)
        if self.chance(0.25):  # a nested block
            lines.append(f"{key}{self.pick([' =', '=', ' = ', ':'])}")
            indent = self.pick(self.SPACE[:5])
            for _ in range(self.rng.randint(0, 4)):
                roll = self.rng.random()
                if roll < 0.1:
                    lines.append(self.pick(["", "   ", "\t"]))
                elif roll < 0.2:
                    lines.append(indent + self.pick(["# note", "; note"]))
                elif roll < 0.21:
                    lines.append(indent + "no equals here")
                else:
                    lines.append(f"{indent}{self.pick(self.NESTED_KEYS)}"
                                 f"{self.pick([' = ', '=', ' =  '])}{self.pick(self.VALUES)}")
            return
        lines.append(f"{key}{self.separator()}{self.pick(self.VALUES)}")
        while self.chance(0.12):  # continuation lines under a non-empty value
            lines.append(self.pick(self.SPACE) + self.pick(["more", "k = v", "# c", ""]))

    def broken_line(self) -> str:
        return self.pick(["this line is wrong", "= value", "[]", "[unterminated",
                          "[abc = 1", "\u00a0", "  : x"])

    def config(self) -> str:
        lines = []
        names: set[str] = set()
        if self.chance(0.05):
            lines.append(self.pick(["# leading comment", "", "   "]))
        for _ in range(self.rng.randint(0, 5)):
            lines.append(self.header(names))
            keys: set[str] = set()
            for _ in range(self.rng.randint(0, 5)):
                roll = self.rng.random()
                if roll < 0.08:
                    lines.append(self.pick(["", "   ", "# c", "; c", "  # c", "\t"]))
                elif roll < 0.095:
                    lines.append(self.broken_line())
                else:
                    self.option(lines, keys)
        return "".join(line + self.pick(["\n", "\n", "\n", "\r\n"]) for line in lines)

    def encode(self, text: str) -> bytes:
        ending = self.rng.random()
        if ending < 0.1:
            text = text.replace("\r\n", "\n").replace("\n", "\r")
        elif ending < 0.2:
            text = text.rstrip("\r\n")
        data = text.encode("utf-8")
        if self.chance(0.01):
            data = b"\xef\xbb\xbf" + data
        if self.chance(0.01) and data:
            cut = self.rng.randrange(len(data))
            data = data[:cut] + b"\xff" + data[cut:]
        return data


class Generated(Comparison):
    def test_generated_configs_read_like_botocore(self) -> None:
        generator = Generator(SEED)
        pairs = []
        for i in range(GENERATED_CASES):
            config = os.path.join(self.tmp, f"{i}.config")
            credentials = os.path.join(self.tmp, f"{i}.credentials")
            with open(config, "wb") as f:
                f.write(generator.encode(generator.config()))
            if generator.chance(0.3):
                with open(credentials, "wb") as f:
                    f.write(generator.encode(generator.config()))
            pairs.append((config, credentials))
        problems = []
        errors = 0
        for (config, credentials), awsx in zip(pairs, awsx_views(pairs)):
            errors += "error" in awsx
            problem = self.mismatch(config, credentials, awsx)
            if problem:
                texts = []
                for path in (config, credentials):
                    if os.path.exists(path):
                        with open(path, "rb") as f:
                            texts.append(f"{path}:\n{f.read()[:3000]!r}")
                problems.append("\n".join(texts) + f"\n{problem}")
        # The generator must produce both outcomes, or it tests only half the contract.
        self.assertGreater(errors, GENERATED_CASES // 20)
        self.assertLess(errors, GENERATED_CASES // 2)
        if problems:
            self.fail(f"{len(problems)} of {GENERATED_CASES} generated cases differ; the "
                      "first ones:\n\n" + "\n\n".join(problems[:5]))


if __name__ == "__main__":
    unittest.main()
