"""Figures of any trained heads (a folder with config.json + heads.safetensors) on the current
validation split: all of it, round 1 (the first build's validation prompts) and round 2, per
category recall and benign FPR at the heads' own thresholds (closed upward when their config.json
has `hierarchy.close_upward`), and any category.
Used for the model card's "before" columns (the previous heads, from git):

    mkdir -p /tmp/old-heads
    git show 4d4d1fd:Models/prompt-classifier/config.json > /tmp/old-heads/config.json
    git show 4d4d1fd:Models/prompt-classifier/heads.safetensors > /tmp/old-heads/heads.safetensors
    Models/prompt-classifier/.venv/bin/python Models/prompt-classifier/evaluate_heads.py /tmp/old-heads
    # recall of one category per validation template instead:
    Models/prompt-classifier/.venv/bin/python Models/prompt-classifier/evaluate_heads.py /tmp/old-heads --by-template self-harm

Head inputs (config.json `architecture.features`, `mean` when absent) come from pooling.py's cache
(work/token_pools.npz), computed when missing.
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pooling  # noqa: E402
from train import CATEGORIES, flag, logits, sigmoid  # noqa: E402


def main():
    from safetensors.numpy import load_file
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != "--by-template"):
        sys.exit(__doc__)
    folder = sys.argv[1]
    by_template = sys.argv[3] if len(sys.argv) == 4 else None
    config = json.load(open(os.path.join(folder, "config.json")))
    weights = load_file(os.path.join(folder, "heads.safetensors"))
    rows = [json.loads(line) for line in open(os.path.join(HERE, "dataset", "prompts.jsonl"), encoding="utf-8")]
    rows = [r for r in rows if r["split"] == "validation"]
    x = pooling.features([r["text"] for r in rows], config["architecture"].get("features", "mean"))
    calibration = config["calibration"]
    p = sigmoid(logits(weights, x) * np.array(calibration["scale"]) + np.array(calibration["offset"]))
    # Flags closed upward (a flagged subcategory flags its parent) when the heads' config says so.
    closed = config.get("hierarchy", {}).get("close_upward", False)
    flags = flag(p, [config["thresholds"][c] for c in CATEGORIES], closed=closed)
    labels = np.array([[c in r["labels"] for c in CATEGORIES] for r in rows])
    benign = ~labels.any(1)
    rounds = np.array([r.get("round", 1) for r in rows])
    if by_template:
        # Recall of one category per validation template (hand-written groups pooled), in file order.
        k = CATEGORIES.index(by_template)
        counts = {}
        for r, positive, flagged in zip(rows, labels[:, k], flags[:, k]):
            if positive:
                unit = "hand-written groups" if r["template"].startswith("handwritten") else r["template"]
                hit, total = counts.get(unit, (0, 0))
                counts[unit] = (hit + int(flagged), total + 1)
        print(f"{by_template} recall by template: " + ", ".join(f"{u} {h}/{t}" for u, (h, t) in counts.items()))
        return
    for name, subset in (("all", np.ones(len(rows), bool)), ("round 1", rounds == 1), ("round 2", rounds == 2)):
        print(f"== {name}: {int((subset & ~benign).sum())} unsafe, {int((subset & benign).sum())} benign")
        for k, cat in enumerate(CATEGORIES):
            pos = subset & labels[:, k]
            recall = f"{flags[pos, k].mean():.3f}" if pos.any() else "  n/a"
            print(f"  {cat:24s} positives {int(pos.sum()):4d}  recall {recall}  benign FPR "
                  f"{flags[subset & benign, k].mean():.3f}")
        print(f"  any category: recall {flags[subset & ~benign].any(1).mean():.3f}, benign FPR "
              f"{flags[subset & benign].any(1).mean():.3f}")


if __name__ == "__main__":
    main()
