"""Group k-fold cross-validation over the TRAINING templates, to choose the head's training
settings (hidden size, positive weighting, label smoothing, weight decay, epochs) without
looking at the calibration or validation splits.

    Models/prompt-classifier/.venv/bin/python Models/prompt-classifier/cv_heads.py \
        --advbench ../shared/data/advbench/harmful_behaviors.csv [--folds 5] [--configs NAME,...]

Folds are train.py's `template_folds` (whole templates / hand-written groups per fold, every
category in every fold; the style-tag copy of a prompt goes with its template; AdvBench is always
trained on and never scored). Each configuration is trained on k-1 folds and scores the held-out
fold; the pooled out-of-fold scores give, per category, the recall at 1% and at 2% of the
out-of-fold BENIGN training prompts flagged (threshold set on those benign prompts), and the AUC.
Reported: the mean over the 13 categories and the self-harm family. Writes work/cv_heads.json.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pooling  # noqa: E402
from train import (CATEGORIES, PARENT, auc, flag, label_matrix, load_rows, logits,  # noqa: E402
                   recall_at_fpr, style_tag_copies, ensemble_mlp, template_folds, threshold_for, train_mlp)

CONFIGS = {
    # name: keyword arguments of train_mlp
    "h256 pw20 (shipped)": {"hidden": 256},
    "h64 pw20": {"hidden": 64},
    "h512 pw20": {"hidden": 512},
    "h256 pw5": {"hidden": 256, "pos_weight_cap": 5},
    "h256 pw1": {"hidden": 256, "pos_weight_cap": 1},
    "h256 pw20 ls0.05": {"hidden": 256, "label_smoothing": 0.05},
    "h256 pw20 wd1e-2": {"hidden": 256, "weight_decay": 1e-2},
    "h256 pw20 30ep": {"hidden": 256, "epochs": 30},
    "h256 pw20 dropout0.2": {"hidden": 256, "dropout": 0.2},
    # Mean of the logits of MLPs trained with seeds seed, seed+1, ... (train.ensemble_mlp: one wider MLP).
    "h256 pw20 x3 seeds": {"hidden": 256, "seeds": 3},
    "h256 pw20 x5 seeds": {"hidden": 256, "seeds": 5},
    "h512 pw20 x5 seeds": {"hidden": 512, "seeds": 5},
    "h256 pw20 dropout0.2 x5 seeds": {"hidden": 256, "dropout": 0.2, "seeds": 5},
}
FAMILY = ["self-harm", "self-harm/intent", "self-harm/instructions"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", default=os.path.join(HERE, "dataset", "prompts.jsonl"))
    parser.add_argument("--advbench", default=os.path.join(HERE, "..", "..", "..", "shared", "data", "advbench",
                                                           "harmful_behaviors.csv"))
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--configs", default="", help="comma-separated names (default: all)")
    parser.add_argument("--features", default="mean", choices=pooling.KINDS,
                        help="head input pooled from the final token states (pooling.py); results are keyed "
                             "'NAME [FEATURES]' when not mean")
    parser.add_argument("--always-train-round", type=int, default=0,
                        help="rows of this data round are always trained on and never scored (like AdvBench), so "
                             "the folds and scored prompts are exactly those without the round: measures what the "
                             "round adds on the other rounds' held-out templates")
    parser.add_argument("--tag", default="", help="suffix of the results key")
    parser.add_argument("--out", default=os.path.join(HERE, "work", "cv_heads.json"), help="results JSON (merged by name)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    advbench = args.advbench if os.path.exists(args.advbench) else None
    rows, _, _ = load_rows(args.dataset, advbench)
    rows += style_tag_copies(rows, args.seed)
    x = pooling.features([r["text"] for r in rows], args.features)
    y = label_matrix(rows)
    split = np.array([r["split"] for r in rows])
    tr = split == "train"
    extra = np.array([r.get("round", 1) == args.always_train_round for r in rows]) if args.always_train_round \
        else np.zeros(len(rows), bool)
    folds = template_folds(rows, tr & ~extra, args.seed, k=args.folds)  # extra rows: -1, always trained
    scored = folds >= 0
    benign = (y.sum(1) == 0) & scored
    original = np.array([r["source"] != "style-tags" for r in rows])
    names = [n for n in args.configs.split(",") if n] or list(CONFIGS)
    out_path = args.out
    results = json.load(open(out_path)) if os.path.exists(out_path) else {}
    for name in names:
        kw = dict(CONFIGS[name])
        hidden = kw.pop("hidden")
        p = np.zeros((len(x), len(CATEGORIES)))
        for f in range(args.folds):
            fit = tr & (folds != f)
            seeds = kw.get("seeds", 1)
            weights = ensemble_mlp([train_mlp(x[fit], y[fit], hidden, args.seed + s,
                                              **{k: v for k, v in kw.items() if k != "seeds"}) for s in range(seeds)])
            held = folds == f
            p[held] = logits(weights, x[held])
        # Scored: the project's own prompts (not their style-tag copies, which would count twice).
        ev = scored & original
        per = {}
        for k, cat in enumerate(CATEGORIES):
            pos = ev & (y[:, k] == 1)
            neg = ev & benign
            per[cat] = {"positives": int(pos.sum()), "recall_at_1pct": recall_at_fpr(p[pos, k], p[neg, k], 0.01),
                        "recall_at_2pct": recall_at_fpr(p[pos, k], p[neg, k], 0.02), "auc": auc(p[pos, k], p[neg, k])}
        # Upward closure (train.CLOSE_UPWARD): every head thresholded at 1% of the out-of-fold benign
        # prompts, then a flagged subcategory flags its parent; parents' recall and benign FPR.
        t1 = [threshold_for(p[ev & benign, k], 0.01) for k in range(len(CATEGORIES))]
        own, closed = flag(p, t1, closed=False), flag(p, t1, closed=True)
        for cat in sorted(set(PARENT.values())):
            k = CATEGORIES.index(cat)
            pos = ev & (y[:, k] == 1)
            per[cat]["closure_at_1pct"] = {
                "recall_own": float(own[pos, k].mean()), "recall_closed": float(closed[pos, k].mean()),
                "benign_fpr_own": float(own[ev & benign, k].mean()), "benign_fpr_closed": float(closed[ev & benign, k].mean())}
        # Closure within the same budget: every head of a family at one common share q of the benign
        # prompts, q the largest (in steps of 0.05%) whose CLOSED parent flags stay <= 1% (and <= 2%).
        for cat in sorted(set(PARENT.values())):
            k = CATEGORIES.index(cat)
            family_idx = [k] + [CATEGORIES.index(c) for c, par in PARENT.items() if par == cat]
            pos, neg = ev & (y[:, k] == 1), ev & benign
            for budget in (0.01, 0.02):
                best = (0.0, 0.0, 0.0)
                for q in np.arange(0.0005, budget + 1e-9, 0.0005):
                    ts = [threshold_for(p[neg, j], q) for j in range(len(CATEGORIES))]
                    closed_q = flag(p, ts, closed=True)[:, k]
                    fpr = float(closed_q[neg].mean())
                    if fpr <= budget + 1e-12:
                        best = (float(q), float(closed_q[pos].mean()), fpr)
                per[cat][f"closure_within_{int(budget * 100)}pct"] = {"share_per_head": best[0], "recall_closed": best[1],
                                                                      "benign_fpr_closed": best[2]}
        summary = {m: float(np.mean([per[c][m] for c in CATEGORIES])) for m in ("recall_at_1pct", "recall_at_2pct", "auc")}
        family = {m: float(np.mean([per[c][m] for c in FAMILY])) for m in ("recall_at_1pct", "recall_at_2pct", "auc")}
        key = (name if args.features == "mean" else f"{name} [{args.features}]") + args.tag
        results[key] = {"config": CONFIGS[name], "folds": args.folds, "mean": summary, "self_harm_family": family,
                         "categories": per}
        print(f"{key:24s} mean r@1% {summary['recall_at_1pct']:.3f} r@2% {summary['recall_at_2pct']:.3f} "
              f"AUC {summary['auc']:.4f} | self-harm family r@1% {family['recall_at_1pct']:.3f} "
              f"r@2% {family['recall_at_2pct']:.3f} AUC {family['auc']:.4f} | "
              + " ".join(f"{per[c]['recall_at_2pct']:.2f}" for c in CATEGORIES), flush=True)
        print("    closure at 1% per head (parent recall own -> closed, benign FPR own -> closed): " + "; ".join(
            f"{c} {m['recall_own']:.3f}->{m['recall_closed']:.3f} / {m['benign_fpr_own']:.3f}->{m['benign_fpr_closed']:.3f}"
            for c in sorted(set(PARENT.values())) for m in [per[c]["closure_at_1pct"]]), flush=True)
        print("    closure within the budget (share per head, closed parent recall / FPR): " + "; ".join(
            f"{c} @{b}%: q {m['share_per_head']:.4f} {m['recall_closed']:.3f} / {m['benign_fpr_closed']:.3f}"
            for c in ("illicit", "self-harm", "violence") for b in (1, 2) for m in [per[c][f"closure_within_{b}pct"]]),
            flush=True)
        with open(out_path, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
