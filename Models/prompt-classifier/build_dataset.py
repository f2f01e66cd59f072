"""Builds the project's labelled prompt set, deterministically from a seed.

    python3 Models/prompt-classifier/build_dataset.py --seed 20261124

Writes (both committed):
  dataset/prompts.jsonl   one object a line: text, labels, template, split, source
  eval/validation.jsonl   the validation split only: text, labels, template (for `warden eval prompts`)

Splits are assigned BY UNIT (a template id, or a group of hand-written lines `handwritten-<cat>-N`),
never by example, so validation and calibration are never paraphrases of training rows.
Within each stratum (an unsafe category; benign: the hard-negative families benign-howto-* and benign-kids-*, each its
own stratum, each round-2 mirror family in MIRROR_FAMILIES its own, and all other benign units) the units are shuffled with
the seed, sorted by size, and each goes to the split furthest below its target share of
examples (train 60%, calibration 20%, validation 20%).
AdvBench is NOT part of this file (its licence allows it, but the project keeps third-party
data out of the repository): train.py reads it from ../shared/data and uses it for training only.
Uses only the Python standard library.
"""
import argparse
import collections
import json
import os
import random
import re

import prompts_benign as B
import prompts_benign_more as B2
import prompts_benign3 as B3
import prompts_selfharm3 as U4
import prompts_selfharm4 as U5
import prompts_benign4 as B4
import prompts_selfharm as U2
import prompts_violence as U3
import prompts_unsafe as U

CATEGORIES = ["harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
              "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual",
              "sexual/minors", "violence", "violence/graphic"]
PARENT = {"harassment/threatening": "harassment", "hate/threatening": "hate", "illicit/violent": "illicit",
          "self-harm/intent": "self-harm", "self-harm/instructions": "self-harm", "sexual/minors": "sexual",
          "violence/graphic": "violence"}
# Extra labels that hand-written lines of a category carry (threats are threats of violence).
HANDWRITTEN_EXTRA = {"harassment/threatening": ["violence"], "hate/threatening": ["violence"]}
# Round-2 benign families that mirror round-2 unsafe formats: each is its own stratum (3 variants),
# so at least one variant is in training whatever the others get.
MIRROR_FAMILIES = {"benign2-story", "benign2-merch", "benign2-diary", "benign2-post", "benign2-diagram",
                   "benign2-ask", "benign2-battle"}
TARGET = {"train": 0.6, "calibration": 0.2, "validation": 0.2}
SLOT = re.compile(r"\{([a-z_0-9]+)\}")


def close_labels(labels):
    out = set(labels)
    for label in list(out):
        if label in PARENT:
            out.add(PARENT[label])
    unknown = out - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown labels {unknown}")
    return sorted(out, key=CATEGORIES.index)


def fill(pattern, slots, rng):
    text = pattern
    for _ in range(4):  # slot values may hold slots themselves ({victim} inside an attack)
        if "{" not in text:
            break
        text = SLOT.sub(lambda m: rng.choice(slots[m.group(1)]), text)
    if "{" in text:
        raise ValueError(f"unfilled slot in {pattern!r}")
    return text


def expand(template_id, pattern, slots, count, rng):
    seen, out = set(), []
    for _ in range(count * 30):
        if len(out) == count:
            break
        text = fill(pattern, slots, rng)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def chunk(lines, size):
    return [lines[i:i + size] for i in range(0, len(lines), size)]


def collect(benign, unsafe_modules, rng, prefix=""):
    """Units of one round: {stratum: [(unit id, [(text, labels, source)])]}."""
    units = collections.defaultdict(list)
    for tid, pattern, count in benign.TEMPLATES:
        stratum = ("benign-instructional" if tid.startswith("benign-howto")
                   else "benign-children" if tid.startswith("benign-kids")
                   else tid.rsplit("-", 1)[0] if tid.rsplit("-", 1)[0] in MIRROR_FAMILIES else "benign")
        rows = [(t, [], "template") for t in expand(tid, pattern, benign.SLOTS, count, rng)]
        units[stratum].append((tid, rows))
    hw = list(benign.HANDWRITTEN)
    rng.shuffle(hw)
    for i, group in enumerate(chunk(hw, 8)):
        units["benign"].append((f"handwritten{prefix}-benign-{i + 1}", [(t, [], "handwritten") for t in group]))
    for unsafe in unsafe_modules:
        for tid, pattern, labels, count in unsafe.TEMPLATES:
            stratum = "unsafe:" + labels[0]
            rows = [(t, close_labels(labels), "template") for t in expand(tid, pattern, unsafe.SLOTS, count, rng)]
            units[stratum].append((tid, rows))
    handwritten = collections.defaultdict(list)
    for unsafe in unsafe_modules:
        for cat, lines in unsafe.HANDWRITTEN.items():
            handwritten[cat] += lines
    for cat, lines in handwritten.items():
        lines = list(lines)
        rng.shuffle(lines)
        slug = cat.replace("/", "_")
        labels = close_labels([cat] + HANDWRITTEN_EXTRA.get(cat, []))
        for i, group in enumerate(chunk(lines, 4)):
            units["unsafe:" + cat].append((f"handwritten{prefix}-{slug}-{i + 1}",
                                           [(t, labels, "handwritten") for t in group]))
    return units


def deal(units, rng, seen, round_number, target=None):
    """Deals whole units to the splits, per stratum; skips texts already in `seen` (case-folded).
    `target` (default TARGET) gives each split's share; a split left out of it gets nothing."""
    shares = target or TARGET
    records = []
    for index, stratum in enumerate(sorted(units)):
        ordered = sorted(units[stratum], key=lambda u: u[0])
        rng.shuffle(ordered)
        ordered.sort(key=lambda u: -len(u[1]))  # stable: ties stay in seeded order
        assigned = {s: 0 for s in shares}
        # Ties between calibration and validation (two-unit strata) alternate from stratum to stratum.
        tie_rank = {"train": 0, "calibration": 1 + index % 2, "validation": 2 - index % 2}
        for unit_id, rows in ordered:
            # Greedy: the split furthest below its target share of examples takes the unit.
            split = min(shares, key=lambda s: ((assigned[s] + len(rows)) / shares[s], tie_rank[s]))
            assigned[split] += len(rows)
            for text, labels, source in rows:
                key = text.lower()
                if key in seen:
                    continue
                seen.add(key)
                records.append({"text": text, "labels": labels, "template": unit_id, "split": split,
                                "source": source, "round": round_number})
    return records


def build(seed):
    """Round 1 (prompts_benign, prompts_unsafe) exactly as first built; round 2 (prompts_benign_more,
    prompts_selfharm, prompts_violence, added in session 3) from its own RNG and dealt to the splits on its own, so
    round 1's split assignment, and so its validation prompts, stay as they were; round 3 (prompts_selfharm3,
    prompts_benign3, session 4) and round 4 (prompts_selfharm4, prompts_benign4, session 5) each from its own RNG,
    all to training."""
    rng = random.Random(seed)
    records, seen = [], set()
    records += deal(collect(B, [U], rng), rng, seen, 1)
    rng2 = random.Random(seed + 2)
    records += deal(collect(B2, [U2, U3], rng2, prefix="2"), rng2, seen, 2)
    # Round 3 (session 4: prompts_selfharm3, prompts_benign3) goes to TRAINING only, so the
    # calibration split (thresholds) and the validation split stay those of rounds 1-2.
    rng3 = random.Random(seed + 3)
    records += deal(collect(B3, [U4], rng3, prefix="3"), rng3, seen, 3, target={"train": 1.0})
    # Round 4 (session 5: prompts_selfharm4, prompts_benign4), training only as well.
    rng4 = random.Random(seed + 4)
    records += deal(collect(B4, [U5], rng4, prefix="4"), rng4, seen, 4, target={"train": 1.0})
    return records


def summary(records):
    counts = collections.Counter()
    for r in records:
        counts[("benign", r["split"])] += not r["labels"]
        for label in r["labels"]:
            counts[(label, r["split"])] += 1
    lines = ["| category | train | calibration | validation |", "| --- | ---: | ---: | ---: |"]
    for cat in ["benign"] + CATEGORIES:
        lines.append(f"| {cat} | {counts[(cat, 'train')]} | {counts[(cat, 'calibration')]} | "
                     f"{counts[(cat, 'validation')]} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = parser.parse_args()
    records = build(args.seed)
    os.makedirs(os.path.join(args.out, "dataset"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "eval"), exist_ok=True)
    with open(os.path.join(args.out, "dataset", "prompts.jsonl"), "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "eval", "validation.jsonl"), "w", encoding="utf-8") as f:
        for r in records:
            if r["split"] == "validation":
                f.write(json.dumps({"text": r["text"], "labels": r["labels"], "template": r["template"]},
                                   ensure_ascii=False) + "\n")
    print(f"{len(records)} prompts (seed {args.seed})")
    print(summary(records))


if __name__ == "__main__":
    main()
