"""Safety filter of the generator's training data (as DALL·E 2 and GLIDE filtered theirs).

Emoji are removed by name, by CLDR keyword, or by subgroup, for one of five reasons; a reviewed
allow-list keeps false positives. The unfiltered catalogue stays available for classifiers
(`filtered=False` in dataset.py, `--unfiltered` in the CLIs).

Write the report (Models/scenes/FILTER_REPORT.md):
    Models/scenes/.venv/bin/python Models/scenes/safety.py --report Models/scenes/FILTER_REPORT.md
"""
from __future__ import annotations

import argparse
import collections
import re

from catalog import Emoji, load_catalog

# reason -> rules. A rule matches a whole word/phrase of the name, a whole CLDR keyword, or a subgroup.
RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "weapons": {
        "name": ("dagger", "crossed swords", "water pistol", "pistol", "bomb", "bow and arrow",
                 "kitchen knife"),
        "keyword": ("weapon", "gun", "handgun", "revolver", "sword", "knife", "dagger", "rifle"),
        "subgroup": (),
    },
    "drugs": {
        "name": ("syringe", "pill"),
        "keyword": ("drug", "drugs", "narcotic", "needle"),
        "subgroup": (),
    },
    "alcohol and tobacco": {
        "name": ("beer mug", "clinking beer mugs", "wine glass", "cocktail glass", "tropical drink",
                 "bottle with popping cork", "tumbler glass", "clinking glasses", "sake", "cigarette"),
        "keyword": ("beer", "wine", "whisky", "whiskey", "liquor", "cocktail", "champagne", "sake",
                    "smoking", "cigarette", "tobacco", "alcohol", "booze", "drunk"),
        "subgroup": (),
    },
    "violence and gore": {
        "name": ("drop of blood",),
        "keyword": ("blood", "bleed", "gore", "kill", "murder", "violence", "injury"),
        "subgroup": (),
    },
    "explicit gestures": {
        "name": ("middle finger", "face with symbols on mouth", "no one under eighteen"),
        "keyword": ("swearing", "cursing", "obscene", "explicit"),
        "subgroup": (),
    },
}

# Reviewed false positives: name -> why it stays in the generator's data.
ALLOW: dict[str, str] = {
    "fork and knife": "cutlery; 'knife' keyword, no weapon depicted",
    "fork and knife with plate": "table setting; 'knife' keyword",
    "shield": "defensive heraldic shape; CLDR tags it 'weapon' but it harms no one",
    "person fencing": "Olympic sport; 'sword' keyword",
    "A button (blood type)": "letter in a box; 'blood type' keyword only",
    "B button (blood type)": "letter in a box; 'blood type' keyword only",
    "AB button (blood type)": "letter in a box; 'blood type' keyword only",
    "O button (blood type)": "letter in a box; 'blood type' keyword only",
    "face with head-bandage": "minor injury, cartoon; 'injury' keyword, no gore",
    "thread": "sewing; 'needle' keyword (a drugs rule aimed at syringes)",
    "sewing needle": "sewing; 'needle' keyword (a drugs rule aimed at syringes)",
    "no smoking": "prohibition sign; 'smoking' keyword, depicts no cigarette use",
}


def _words(s: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", s.lower()).strip() + " "


def reasons_for(e: Emoji) -> list[tuple[str, str]]:
    """(reason, 'name: x' | 'keyword: x' | 'subgroup: x') for every rule that matches e."""
    hits: list[tuple[str, str]] = []
    base = _words(e.base_name)
    keys = {k.lower() for k in e.keywords}
    for reason, r in RULES.items():
        for n in r["name"]:
            if _words(n) in base:
                hits.append((reason, f"name: {n}"))
        for k in r["keyword"]:
            if k in keys:
                hits.append((reason, f"keyword: {k}"))
        for s in r["subgroup"]:
            if e.subgroup == s:
                hits.append((reason, f"subgroup: {s}"))
    return hits


def classify(e: Emoji) -> tuple[str, list[tuple[str, str]]]:
    """('keep' | 'allowed' | 'removed', matched rules)."""
    hits = reasons_for(e)
    if not hits:
        return "keep", hits
    if e.base_name in ALLOW:
        return "allowed", hits
    return "removed", hits


def filtered_catalog(cat: list[Emoji]) -> list[Emoji]:
    return [e for e in cat if classify(e)[0] != "removed"]


def report(cat: list[Emoji]) -> str:
    removed: dict[str, list[Emoji]] = collections.OrderedDict()
    allowed: list[tuple[Emoji, list]] = []
    by_reason = collections.Counter()
    for e in cat:
        status, hits = classify(e)
        if status == "removed":
            removed.setdefault(e.base_name, []).append(e)
            by_reason[hits[0][0]] += 1
        elif status == "allowed":
            allowed.append((e, hits))
    n_removed = sum(len(v) for v in removed.values())
    lines = [
        "# Safety filter of the generator's training data",
        "",
        "Made by `Models/scenes/.venv/bin/python Models/scenes/safety.py --report Models/scenes/FILTER_REPORT.md`",
        "(rules and allow-list in `Models/scenes/safety.py`).",
        "",
        "**What.** Emoji depicting weapons, drugs, alcohol and tobacco, violence and gore, or explicit",
        "gestures are removed from the *generator's* training data, matched by whole-word name, by whole",
        "CLDR keyword (unicode-cldr-core `annotations/en.xml`), or by subgroup (emoji-test.txt).",
        "Skin-tone variants inherit the decision of their base emoji.",
        "",
        "**Why.** As DALL·E 2 and GLIDE did, a generator that never saw a concept renders it badly even",
        "when a prompt slips past screening: filtering the data is a second, independent layer behind the",
        "prompt screen and the image screen. The classifiers (prompt and image screening) need these",
        "concepts to recognise them, so the unfiltered catalogue stays available to them",
        "(`SceneDataset(filtered=False)`, `--unfiltered`).",
        "",
        f"**Counts.** Catalogue: {len(cat)} fully-qualified emoji (Component group excluded). "
        f"Removed: {n_removed} emoji ({len(removed)} distinct base names). "
        f"Allowed after review: {len(allowed)}. Kept: {len(cat) - n_removed}.",
        "",
        "| reason (first matching rule) | emoji removed |",
        "| --- | ---: |",
    ]
    for reason in RULES:
        lines.append(f"| {reason} | {by_reason.get(reason, 0)} |")
    lines += ["", "## Removed (base name, variants, matching rules)", "",
              "| emoji | base name | variants | rules |", "| --- | --- | ---: | --- |"]
    for base, es in removed.items():
        hits = sorted({f"{r} ({w})" for r, w in reasons_for(es[0])})
        lines.append(f"| {es[0].text} | {base} | {len(es)} | {'; '.join(hits)} |")
    lines += ["", "## Reviewed allow-list (matched a rule, kept)", "",
              "| emoji | name | matched | why kept |", "| --- | --- | --- | --- |"]
    for e, hits in allowed:
        lines.append(f"| {e.text} | {e.name} | {'; '.join(w for _, w in hits)} | {ALLOW[e.base_name]} |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", default="")
    a = ap.parse_args()
    cat = load_catalog()
    text = report(cat)
    if a.report:
        with open(a.report, "w", encoding="utf-8") as f:
            f.write(text)
    print(text)
