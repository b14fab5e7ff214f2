"""The machine's apt sources, read as apt reads them: /etc/apt/sources.list and
/etc/apt/sources.list.d/*.list (one-line format) and *.sources (deb822). The package
test takes its Debian mirror from here rather than writing one down."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field

SOURCES_LIST = "/etc/apt/sources.list"
SOURCES_PARTS = "/etc/apt/sources.list.d"


@dataclass
class AptSource:
    """One apt source entry, one-line or deb822, as apt reads it."""
    types: list[str]
    uris: list[str]
    suites: list[str]
    components: list[str] = field(default_factory=list)
    enabled: bool = True
    origin: str = ""


def parse_one_line(text: str, origin: str) -> list[AptSource]:
    """The entries of a sources.list file (`deb [options] uri suite components...`)."""
    out = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        kind, rest = words[0], words[1:]
        if rest and rest[0].startswith("["):  # options: up to the word ending in "]"
            while rest and not rest[0].endswith("]"):
                rest.pop(0)
            rest = rest[1:]
        if len(rest) >= 2:
            out.append(AptSource([kind], [rest[0]], [rest[1]], rest[2:],
                                 origin=f"{origin}:{number}"))
    return out


def parse_deb822(text: str, origin: str) -> list[AptSource]:
    """The entries of a .sources file: paragraphs of `Field: value` with continuations."""
    out = []
    for start, paragraph in _paragraphs(text):
        fields: dict[str, str] = {}
        name = ""
        for line in paragraph:
            if line[0] in " \t" and name:
                fields[name] += " " + line.strip()
            elif ":" in line:
                name, value = line.split(":", 1)
                name = name.strip().lower()
                fields[name] = value.strip()
        if "uris" not in fields or "suites" not in fields:
            continue
        out.append(AptSource(fields.get("types", "").split(), fields["uris"].split(),
                             fields["suites"].split(), fields.get("components", "").split(),
                             fields.get("enabled", "yes").lower() != "no",
                             origin=f"{origin}:{start}"))
    return out


def _paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """deb822 paragraphs (their first line number and lines), comment lines dropped."""
    out: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                out.append((start, current))
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        out.append((start, current))
    return out


def machine_sources(list_file: str = SOURCES_LIST, parts: str = SOURCES_PARTS) -> list[AptSource]:
    """Every enabled entry of the machine's apt sources, in the order apt reads them."""
    sources = []
    files = [list_file] + sorted(glob.glob(os.path.join(parts, "*.list")))
    for path in files:
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                sources += parse_one_line(f.read(), path)
    for path in sorted(glob.glob(os.path.join(parts, "*.sources"))):
        with open(path, encoding="utf-8") as f:
            sources += parse_deb822(f.read(), path)
    return [s for s in sources if s.enabled and "deb" in s.types]
