"""Calibration bank, config.json and the evaluation report of the concept encoder.

    Models/concept-encoder/.venv/bin/python Models/concept-encoder/evaluate.py [--bank-only]

1. Bank: CALIBRATION_N clean renders (filtered catalogue + clean clip art, training combinations,
   seed 101: images never trained on) -> calibration.safetensors ("clean_embeddings", fp16).
   Session 5: 8,192 (was 2,048), so the 2% knot rests on 164 images instead of 41.
2. Evaluation on the HELD-OUT split (object, position, colour, light combinations never trained):
   EVAL_CLEAN clean renders (seed 202) and, per concept, EVAL_POSITIVE renders holding one of the
   concept's objects (seed 303 + k). Zero-shot concepts use objects left out of training entirely.
3. Per concept: recall and false-positive rate at the calibrated operating point (score 0.5) and at
   every threshold the default policy gives the concept, ROC AUC, and the recall an oracle threshold
   would reach at <= 2% false positives on these same clean renders (for reference only); the same
   with the concept's phrase set (concepts.PHRASE_SETS, which Policies/default.yaml repeats).
4. Unseen artwork style (styles.py): EmojiOne renders of the held-out combinations (a style never
   trained), and OpenMoji ones (trained as a second style): recall of each concept's EmojiOne /
   OpenMoji objects and false positives on clean renders of the same style.
Writes metrics.json and prints the tables of MODEL_CARD.md.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time

import numpy as np
import torch
import yaml
from safetensors.torch import load_file, save_file

import calibration as cal
from concepts import CONCEPTS, PHRASE_SETS, POLICY_CONCEPTS, ZERO_SHOT_CONCEPTS
from styles import STYLES
from data import ConceptScenes, ObjectTable
from encoder import ConceptEncoder, preprocess
from text_bank import embed_texts

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CALIBRATION_N = int(os.environ.get("CALIBRATION_N", 8192))   # env: only for smoke runs
EVAL_CLEAN = int(os.environ.get("EVAL_CLEAN", 8000))
EVAL_POSITIVE = int(os.environ.get("EVAL_POSITIVE", 200))
STYLE_CLEAN = int(os.environ.get("STYLE_CLEAN", 4000))


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_model() -> ConceptEncoder:
    m = ConceptEncoder()
    state = {k: v.float() for k, v in load_file(os.path.join(HERE, "model.safetensors")).items()}
    missing, unexpected = m.load_state_dict(state, strict=False)
    assert missing == ["logit_scale"] and not unexpected, (missing, unexpected)
    return m.eval()


@torch.no_grad()
def embed(model: ConceptEncoder, ds: ConceptScenes, n: int, batch: int = 256, with_ids: bool = False):
    out, ids = [], []
    for s in range(0, n, batch):
        imgs, obj = ds.batch(s, min(batch, n - s))
        out.append(model(preprocess(torch.from_numpy(imgs))).numpy())
        ids += obj
    return (np.concatenate(out), ids) if with_ids else np.concatenate(out)


def policy_rules() -> list[dict]:
    doc = yaml.safe_load(open(os.path.join(ROOT, "Policies", "default.yaml")))
    return [r for r in doc.get("rules", []) if r.get("kind") == "image_concept"]


def phrase_sets() -> dict[str, list[str]]:
    """concepts.PHRASE_SETS, checked against the phrases the default policy's rules list."""
    for r in policy_rules():
        listed = r.get("phrases")
        if listed is not None and tuple(listed) != PHRASE_SETS.get(r["concept"]):
            raise SystemExit(f"rule {r['id']}: phrases differ from concepts.PHRASE_SETS[{r['concept']!r}]")
    return {c: [c] + [p for p in ps if p != c] for c, ps in PHRASE_SETS.items()}


def policy_thresholds() -> dict[str, list[tuple[str, float]]]:
    out: dict[str, list[tuple[str, float]]] = {}
    for r in policy_rules():
        out.setdefault(r["concept"], []).append((r["id"], float(r["threshold"])))
    return out


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    allv = np.concatenate([pos, neg])
    ranks = allv.argsort().argsort() + 1.0
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


class Scorer:
    """Per-concept scores against the calibration bank: single concept, and its phrase set."""

    def __init__(self, bank32: np.ndarray, concepts: list[str], sets: dict[str, list[str]]):
        self.concepts, self.sets = concepts, sets
        phrases = sorted({p for c in concepts for p in [c] + sets.get(c, [])})
        self.text = dict(zip(phrases, embed_texts(phrases).numpy()))
        self.single = {c: cal.knots(bank32, self.text[c]) for c in concepts}
        self.set = {c: cal.set_knots(bank32, np.stack([self.text[p] for p in sets[c]])) for c in concepts if c in sets}

    def single_scores(self, emb: np.ndarray, c: str) -> np.ndarray:
        return cal.scores(emb @ self.text[c], self.single[c])

    def set_scores(self, emb: np.ndarray, c: str) -> tuple[np.ndarray, np.ndarray]:
        per, outer = self.set[c]
        return cal.set_scores(emb @ np.stack([self.text[p] for p in self.sets[c]]).T, per, outer)


def at_thresholds(sp: np.ndarray, sn: np.ndarray, thresholds) -> list[dict]:
    return [{"rule": rid, "threshold": th, "recall": float((sp >= th).mean()), "fpr": float((sn >= th).mean())}
            for rid, th in thresholds]


def main() -> None:
    torch.set_num_threads(int(os.environ.get("THREADS", "1")))
    t0 = time.time()
    table = ObjectTable(styles=STYLES)
    model = load_model()
    bank = embed(model, ConceptScenes(table, seed=101, split="train", kind="clean"), CALIBRATION_N)
    bank16 = torch.from_numpy(bank).to(torch.float16)
    save_file({"clean_embeddings": bank16.contiguous()}, os.path.join(HERE, "calibration.safetensors"))
    bank32 = bank16.float().numpy()
    if "--bank-only" in sys.argv:   # thresholds.py reads the bank; the held-out split is not touched
        write_config(model)
        print(f"wrote calibration.safetensors ({CALIBRATION_N} clean renders) and config.json")
        return
    clean = embed(model, ConceptScenes(table, seed=202, split="heldout", kind="clean"), EVAL_CLEAN)
    policy = policy_thresholds()
    sets = phrase_sets()
    concepts = list(CONCEPTS) + list(ZERO_SHOT_CONCEPTS)
    scorer = Scorer(bank32, concepts, sets)
    rows = []
    clean_scores, clean_set_scores = {}, {}
    for k, concept in enumerate(concepts):
        objs = table.objects_of(concept)
        pos, pos_ids = embed(model, ConceptScenes(table, seed=303 + k, split="heldout", kind="objects",
                                                  objects=objs), EVAL_POSITIVE, with_ids=True)
        text = scorer.text[concept]
        sp, sn = scorer.single_scores(pos, concept), scorer.single_scores(clean, concept)
        clean_scores[concept] = sn
        thresholds = [("operating point", 0.5)] + policy.get(concept, [])
        cos_n = np.sort(clean @ text)[::-1]
        oracle = float(((pos @ text) > cos_n[int(0.02 * len(cos_n))]).mean())
        row = {"concept": concept, "zero_shot": concept in ZERO_SHOT_CONCEPTS, "objects": len(objs),
               "positives": len(sp), "auc": auc(sp, sn), "at": at_thresholds(sp, sn, thresholds),
               "oracle_recall_at_2pct": oracle, "knots": scorer.single[concept]}
        per_object = {}   # recall at the operating point per object shown (first object of each render)
        if concept in scorer.set:
            ssp, arg = scorer.set_scores(pos, concept)
            ssn, _ = scorer.set_scores(clean, concept)
            clean_set_scores[concept] = ssn
            row["phrase_set"] = {"phrases": sets[concept], "auc": auc(ssp, ssn), "at": at_thresholds(ssp, ssn, thresholds),
                                 "knots": scorer.set[concept][1],
                                 "matched_phrases": {p: int((arg[ssp >= 0.5] == j).sum()) for j, p in enumerate(sets[concept])
                                                     if (arg[ssp >= 0.5] == j).any()}}
        for o in objs:
            rows_o = [j for j, ids in enumerate(pos_ids) if ids[0] == o]
            if rows_o:
                name = table.texts[o][0] if not table.clip[o] else table.bases[o]
                per_object[name] = [len(rows_o), float(np.mean(sp[rows_o] >= 0.5))] + (
                    [float(np.mean(ssp[rows_o] >= 0.5))] if concept in scorer.set else [])
        row["per_object_recall_at_0.5"] = per_object
        rows.append(row)
    styles = evaluate_styles(model, table, scorer, concepts)
    # Default policy: each rule reads its concept's score (its phrase set's when the rule lists phrases).
    rules = policy_rules()

    def rule_clean(r):
        return clean_set_scores[r["concept"]] if r.get("phrases") else clean_scores[r["concept"]]
    any_clean = np.zeros(EVAL_CLEAN, bool)
    held_clean = np.zeros(EVAL_CLEAN, bool)
    for r in rules:
        if r["concept"] in clean_scores:
            fired = rule_clean(r) >= float(r["threshold"])
            any_clean |= fired
            if r.get("action") in ("review", "block"):   # a warning returns the image
                held_clean |= fired
    metrics = {"calibration_images": CALIBRATION_N, "eval_clean": EVAL_CLEAN, "eval_positive_per_concept": EVAL_POSITIVE,
               "concepts": rows, "styles": styles, "default_policy_any_rule_fpr": float(any_clean.mean()),
               "default_policy_held_or_blocked_fpr": float(held_clean.mean()),
               "default_policy_rules": policy_rule_rows(rules, rows),
               "seconds": round(time.time() - t0, 1)}
    json.dump(metrics, open(os.path.join(HERE, "metrics.json"), "w"), indent=1)
    write_config(model)
    report(metrics)


def policy_rule_rows(rules: list[dict], rows: list[dict]) -> list[dict]:
    """Each default-policy image rule: recall of its concept's held-out positives and clean FP."""
    by = {r["concept"]: r for r in rows}
    out = []
    for r in rules:
        row = by.get(r["concept"])
        if row is None:
            continue
        src = row["phrase_set"]["at"] if r.get("phrases") else row["at"]
        hit = next(a for a in src if a["rule"] == r["id"])
        out.append({"rule": r["id"], "concept": r["concept"], "action": r["action"], "threshold": float(r["threshold"]),
                    "phrases": bool(r.get("phrases")), "recall": hit["recall"], "fpr": hit["fpr"]})
    return out


def evaluate_styles(model, table, scorer: Scorer, concepts: list[str]) -> list[dict]:
    """Held-out combinations drawn in each extra style: per concept, recall at 0.5 (single / set)
    over the concept's objects that style has, and false positives on clean renders of the style."""
    out = []
    for si, style in enumerate(STYLES):
        clean = embed(model, ConceptScenes(table, seed=212 + si, split="heldout", kind="clean", style=style), STYLE_CLEAN)
        for k, concept in enumerate(concepts):
            has = [o for o in table.objects_of(concept) if table.style_sprite[style][o] >= 0]
            row = {"style": style, "concept": concept, "objects": len(has)}
            if has:
                pos = embed(model, ConceptScenes(table, seed=313 + 10 * si + k, split="heldout", kind="objects",
                                                 objects=has, style=style), EVAL_POSITIVE)
                sp, sn = scorer.single_scores(pos, concept), scorer.single_scores(clean, concept)
                row.update(recall=float((sp >= 0.5).mean()), fpr=float((sn >= 0.5).mean()), auc=auc(sp, sn))
                if concept in scorer.set:
                    ssp, ssn = scorer.set_scores(pos, concept)[0], scorer.set_scores(clean, concept)[0]
                    row.update(set_recall=float((ssp >= 0.5).mean()), set_fpr=float((ssn >= 0.5).mean()),
                               set_auc=auc(ssp, ssn))
            out.append(row)
    return out


def write_config(model: ConceptEncoder) -> None:
    state_path = os.path.join(HERE, "work", "training_state.json")
    cfg_path = os.path.join(HERE, "config.json")
    old = json.load(open(cfg_path)) if os.path.exists(cfg_path) else {}
    training = json.load(open(state_path)) if os.path.exists(state_path) else old.get("training", {})
    cfg = {
        "model_type": "warden-concept-encoder",
        "input_size": 64, "mean": 0.5, "std": 0.25, "channels": list(model.channels), "groups": 8,
        "hidden": model.hidden, "embedding_dim": model.dim,
        "weights": "model.safetensors", "sha256": sha256(os.path.join(HERE, "model.safetensors")),
        "calibration": {"file": "calibration.safetensors", "tensor": "clean_embeddings",
                        "sha256": sha256(os.path.join(HERE, "calibration.safetensors")),
                        "false_positive_rates": list(cal.FALSE_POSITIVE_RATES), "scores": list(cal.SCORES)},
        "text_encoder": "all-MiniLM-L6-v2 (Models/text-encoder), frozen",
        "training": training,
    }
    json.dump(cfg, open(cfg_path, "w"), indent=1)


def fmt_fp(b: dict | None) -> str:
    return f"{100 * b['fpr']:.2f}%" if b else "-"


def report(m: dict) -> None:
    pct = lambda v: f"{100 * v:.1f}%"  # noqa: E731
    print(f"calibration bank {m['calibration_images']} clean renders; held-out eval: {m['eval_clean']} clean, "
          f"{m['eval_positive_per_concept']} positive renders per concept ({m['seconds']} s)\n")
    print("| concept | zero-shot | objects | AUC single / set | threshold (rule) | recall single | recall set "
          "| FP single | FP set | oracle recall at 2% FP (single) |")
    print("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for r in m["concepts"]:
        ps = r.get("phrase_set")
        for j, a in enumerate(r["at"]):
            b = ps["at"][j] if ps else None
            head = (f"| {r['concept']} | {'yes' if r['zero_shot'] else 'no'} | {r['objects']} | {r['auc']:.4f} / "
                    + (f"{ps['auc']:.4f}" if ps else "-") if j == 0 else "| | | |")
            tail = f" {pct(r['oracle_recall_at_2pct'])} |" if j == 0 else " |"
            print(f"{head} | {a['threshold']:.2f} ({a['rule']}) | {pct(a['recall'])} | {pct(b['recall']) if b else '-'} "
                  f"| {100 * a['fpr']:.2f}% | {fmt_fp(b)} |{tail}")
    print("\nrecall at the operating point per object (renders, single / set):")
    for r in m["concepts"]:
        items = sorted(r["per_object_recall_at_0.5"].items(), key=lambda x: x[1][1])
        print(f"* {r['concept']}: " + ", ".join(f"{name} {v[0]}/{pct(v[1])}" + (f"/{pct(v[2])}" if len(v) > 2 else "")
                                               for name, v in items))
    print("\nphrases that matched (set score >= 0.5, held-out positives):")
    for r in m["concepts"]:
        if "phrase_set" in r:
            print(f"* {r['concept']}: " + ", ".join(f"{p} {n}" for p, n in sorted(r["phrase_set"]["matched_phrases"].items(),
                                                                               key=lambda x: -x[1])))
    print("\n| style | concept | objects | recall single | FP single | AUC single | recall set | FP set | AUC set |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in m["styles"]:
        if "recall" not in r:
            print(f"| {r['style']} | {r['concept']} | 0 | - | - | - | - | - | - |")
            continue
        st = (f"{pct(r['set_recall'])} | {100 * r['set_fpr']:.2f}% | {r['set_auc']:.4f}" if "set_recall" in r else "- | - | -")
        print(f"| {r['style']} | {r['concept']} | {r['objects']} | {pct(r['recall'])} | {100 * r['fpr']:.2f}% "
              f"| {r['auc']:.4f} | {st} |")
    print("\n| default-policy rule | concept | action | threshold | phrases | recall | clean FP |")
    print("| --- | --- | --- | ---: | --- | ---: | ---: |")
    for r in m["default_policy_rules"]:
        print(f"| {r['rule']} | {r['concept']} | {r['action']} | {r['threshold']:.2f} | {'yes' if r['phrases'] else 'no'} "
              f"| {pct(r['recall'])} | {100 * r['fpr']:.2f}% |")
    print(f"\nclean held-out renders flagged by any default-policy image_concept rule: "
          f"{100 * m['default_policy_any_rule_fpr']:.2f}%")
    print(f"clean held-out renders held for review or blocked by a default-policy image_concept rule: "
          f"{100 * m['default_policy_held_or_blocked_fpr']:.2f}%")


if __name__ == "__main__":
    main()
