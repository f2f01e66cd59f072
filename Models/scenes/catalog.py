"""Emoji catalogue: names, groups and subgroups from Debian unicode-data's emoji-test.txt,
keywords from unicode-cldr-core's English annotations, tidied names for captions.

Usage (prints a summary):
    Models/scenes/.venv/bin/python Models/scenes/catalog.py
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import os

# Debian paths; a machine without the Debian packages (the GPU machine) uses copies made by
# prepare_assets.sh under Models/scenes/work/assets/ (git-ignored; carried to that machine).
_ASSETS = os.environ.get("SCENES_ASSETS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "work", "assets"))


def asset(debian_path: str) -> str:
    if os.path.exists(debian_path):
        return debian_path
    return os.path.join(_ASSETS, os.path.basename(debian_path))


EMOJI_TEST = asset("/usr/share/unicode/emoji/emoji-test.txt")
CLDR_EN = asset("/usr/share/unicode/cldr/common/annotations/en.xml")

SKIN_TONES = {0x1F3FB: "light skin tone", 0x1F3FC: "medium-light skin tone", 0x1F3FD: "medium skin tone",
              0x1F3FE: "medium-dark skin tone", 0x1F3FF: "dark skin tone"}
HAIR = {0x1F9B0, 0x1F9B1, 0x1F9B2, 0x1F9B3}
_LINE = re.compile(r"^([0-9A-F ]+?)\s*;\s*([a-z-]+)\s*#\s*\S+\s+E[0-9.]+\s+(.+)$")


@dataclass(frozen=True)
class Emoji:
    """One fully-qualified emoji of the RGI set."""
    index: int            # position in emoji-test.txt order among kept entries
    codepoints: tuple[int, ...]
    name: str             # the Unicode CLDR short name, e.g. "flag: Congo - Brazzaville"
    group: str
    subgroup: str
    keywords: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return "".join(chr(c) for c in self.codepoints)

    @property
    def is_flag(self) -> bool:
        return self.group == "Flags"

    @property
    def has_skin_tone(self) -> bool:
        return any(c in SKIN_TONES for c in self.codepoints)

    @property
    def base_name(self) -> str:
        """Name without skin-tone / hair qualifiers: the unit of even sampling within a subgroup."""
        if self.has_skin_tone and ":" in self.name:
            return self.name.split(":", 1)[0].strip()
        return self.name

    @property
    def phrase(self) -> str:
        """A tidied noun phrase for captions (no article)."""
        return tidy_name(self.name, self.group)


def tidy_name(name: str, group: str) -> str:
    """'flag: Congo - Brazzaville' -> 'flag of Congo - Brazzaville';
    'waving hand: medium skin tone' -> 'waving hand with medium skin tone';
    'keycap: 1' -> 'keycap 1'; 'family: man, woman, boy' -> 'family of man, woman, boy'."""
    name = name.replace("\u201c", "").replace("\u201d", "").replace("\u2019", "'").strip()
    if ":" not in name:
        return name
    head, tail = (s.strip() for s in name.split(":", 1))
    if head == "flag":
        return f"flag of {tail}"
    if head == "keycap":
        return f"keycap {tail}"
    if head in ("family", "kiss", "couple with heart"):
        return f"{head} of {tail}"
    return f"{head} with {tail}"


def article(phrase: str) -> str:
    return "an" if phrase[:1].lower() in "aeiou" else "a"


def load_keywords(path: str = CLDR_EN) -> dict[str, tuple[str, ...]]:
    """CLDR keys omit U+FE0F; map the key text to its keywords (type='tts' entries skipped)."""
    out: dict[str, tuple[str, ...]] = {}
    root = ET.parse(path).getroot()
    for a in root.iter("annotation"):
        if a.get("type") == "tts" or not a.text:
            continue
        out[a.get("cp", "")] = tuple(k.strip() for k in a.text.split("|") if k.strip())
    return out


def _strip_for_keywords(cps: tuple[int, ...]) -> str:
    return "".join(chr(c) for c in cps if c != 0xFE0F and c not in SKIN_TONES and c not in HAIR)


def load_catalog(path: str = EMOJI_TEST) -> list[Emoji]:
    """All fully-qualified emoji except the Component group (bare skin tones and hair styles)."""
    kw = load_keywords()
    group = subgroup = ""
    out: list[Emoji] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# group:"):
                group = line.split(":", 1)[1].strip()
                continue
            if line.startswith("# subgroup:"):
                subgroup = line.split(":", 1)[1].strip()
                continue
            if not line or line.startswith("#"):
                continue
            m = _LINE.match(line)
            if not m or m.group(2) != "fully-qualified" or group == "Component":
                continue
            cps = tuple(int(h, 16) for h in m.group(1).split())
            keys = kw.get(_strip_for_keywords(cps), ()) or kw.get("".join(chr(c) for c in cps), ())
            out.append(Emoji(len(out), cps, m.group(3).strip(), group, subgroup, keys))
    return out


if __name__ == "__main__":
    cat = load_catalog()
    print(f"{len(cat)} fully-qualified emoji (Component group excluded)")
    print(f"flags: {sum(e.is_flag for e in cat)}, skin-tone variants: {sum(e.has_skin_tone for e in cat)}, "
          f"with CLDR keywords: {sum(bool(e.keywords) for e in cat)}, subgroups: {len({e.subgroup for e in cat})}")
    for e in cat[::400]:
        print(e.index, e.text, repr(e.name), "->", repr(e.phrase), e.group, "/", e.subgroup, e.keywords[:5])
