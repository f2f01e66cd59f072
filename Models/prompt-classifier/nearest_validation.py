"""Nearest-validation cosine of every prompt of one data round (MiniLM sentence embeddings,
pooling.py's cache): the check that a training-only round holds no paraphrase of a validation
prompt. Prints the distribution, the closest pairs, and every prompt at or above --drop (0.9),
which must then be removed from the round's generator.

    Models/prompt-classifier/.venv/bin/python Models/prompt-classifier/nearest_validation.py --round 4
"""
import argparse
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pooling  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", default=os.path.join(HERE, "dataset", "prompts.jsonl"))
    parser.add_argument("--round", type=int, required=True)
    parser.add_argument("--drop", type=float, default=0.9)
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()
    import torch
    torch.set_num_threads(1)
    rows = [json.loads(line) for line in open(args.dataset, encoding="utf-8")]
    new = [r for r in rows if r.get("round") == args.round]
    val = [r for r in rows if r["split"] == "validation"]
    a = pooling.features([r["text"] for r in new], "mean")
    b = pooling.features([r["text"] for r in val], "mean")
    sim = a @ b.T
    best = sim.argmax(1)
    top = sim[np.arange(len(new)), best]
    unsafe = np.array([bool(r["labels"]) for r in new])
    for name, mask in (("unsafe", unsafe), ("benign", ~unsafe)):
        if mask.any():
            q = np.quantile(top[mask], [0.5, 0.9, 0.99])
            print(f"round {args.round} {name}: {int(mask.sum())} prompts, nearest-validation cosine max {top[mask].max():.3f}, "
                  f"median {q[0]:.3f}, p90 {q[1]:.3f}, p99 {q[2]:.3f}")
    print(f"closest {args.show} (round-{args.round} prompt | its nearest validation prompt's template):")
    for i in np.argsort(-top)[:args.show]:
        print(f"  {top[i]:.3f}  {new[i]['template']:18s} {new[i]['text'][:90]!r} | {val[best[i]]['template']}")
    over = np.flatnonzero(top >= args.drop)
    print(f"{len(over)} prompts at or above {args.drop}" + ("" if not len(over) else ": " + "; ".join(
        repr(new[i]["text"]) for i in over)))
    return 1 if len(over) else 0


if __name__ == "__main__":
    sys.exit(main())
