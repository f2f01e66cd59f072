"""Calibration bank, config.json and the evaluation report of the concept encoder.

    Models/concept-encoder/.venv/bin/python Models/concept-encoder/evaluate.py

1. Bank: CALIBRATION_N clean renders (filtered catalogue + clean clip art, training combinations,
   seed 101: images never trained on) -> calibration.safetensors ("clean_embeddings", fp16).
2. Evaluation on the HELD-OUT split (object, position, colour, light combinations never trained):
   EVAL_CLEAN clean renders (seed 202) and, per concept, EVAL_POSITIVE renders holding one of the
   concept's objects (seed 303 + k). Zero-shot concepts use objects left out of training entirely.
3. Per concept: recall and false-positive rate at the calibrated operating point (score 0.5) and at
   every threshold the default policy gives the concept, ROC AUC, and the recall an oracle threshold
   would reach at <= 2% false positives on these same clean renders (for reference only).
Writes metrics.json and prints the tables of MODEL_CARD.md.
"""
from __future__ import annotations

import hashlib
import json
import os
import time

import numpy as np
import torch
import yaml
from safetensors.torch import load_file, save_file

import calibration as cal
from concepts import CONCEPTS, POLICY_CONCEPTS, ZERO_SHOT_CONCEPTS
from data import ConceptScenes, ObjectTable
from encoder import ConceptEncoder, preprocess
from text_bank import embed_texts

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CALIBRATION_N = 2048
EVAL_CLEAN = 2000
EVAL_POSITIVE = 200


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


def policy_thresholds() -> dict[str, list[tuple[str, float]]]:
    out: dict[str, list[tuple[str, float]]] = {}
    for r in policy_rules():
        out.setdefault(r["concept"], []).append((r["id"], float(r["threshold"])))
    return out


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    allv = np.concatenate([pos, neg])
    ranks = allv.argsort().argsort() + 1.0
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def main() -> None:
    torch.set_num_threads(int(os.environ.get("THREADS", "1")))
    t0 = time.time()
    table = ObjectTable()
    model = load_model()
    bank = embed(model, ConceptScenes(table, seed=101, split="train", kind="clean"), CALIBRATION_N)
    bank16 = torch.from_numpy(bank).to(torch.float16)
    save_file({"clean_embeddings": bank16.contiguous()}, os.path.join(HERE, "calibration.safetensors"))
    bank32 = bank16.float().numpy()
    clean = embed(model, ConceptScenes(table, seed=202, split="heldout", kind="clean"), EVAL_CLEAN)
    policy = policy_thresholds()
    concepts = list(CONCEPTS) + list(ZERO_SHOT_CONCEPTS)
    texts = embed_texts(concepts).numpy()
    rows, any_pos = [], []
    clean_scores = {}
    for k, concept in enumerate(concepts):
        objs = table.objects_of(concept)
        pos, pos_ids = embed(model, ConceptScenes(table, seed=303 + k, split="heldout", kind="objects",
                                                  objects=objs), EVAL_POSITIVE, with_ids=True)
        pts = cal.knots(bank32, texts[k])
        sp, sn = cal.scores(pos @ texts[k], pts), cal.scores(clean @ texts[k], pts)
        clean_scores[concept] = sn
        thresholds = [("operating point", 0.5)] + policy.get(concept, [])
        at = [{"rule": rid, "threshold": th, "recall": float((sp >= th).mean()), "fpr": float((sn >= th).mean())}
              for rid, th in thresholds]
        cos_n = np.sort(clean @ texts[k])[::-1]
        oracle = float(((pos @ texts[k]) > cos_n[int(0.02 * len(cos_n))]).mean())
        per_object = {}   # recall at the operating point per object shown (first object of each render)
        for o in objs:
            hit = [bool(sp[j] >= 0.5) for j, ids in enumerate(pos_ids) if ids[0] == o]
            if hit:
                per_object[table.texts[o][0] if not table.clip[o] else table.bases[o]] = [len(hit), float(np.mean(hit))]
        rows.append({"per_object_recall_at_0.5": per_object, "concept": concept, "zero_shot": concept in ZERO_SHOT_CONCEPTS, "objects": len(objs),
                     "positives": len(sp), "auc": auc(sp, sn), "at": at, "oracle_recall_at_2pct": oracle,
                     "knots": pts})
        if concept in POLICY_CONCEPTS:
            any_pos.append((concept, sp))
    # Any policy concept over its lowest policy threshold (what the default policy acts on).
    lowest = {c: min(t for _, t in policy.get(c, [("", 0.5)])) for c in POLICY_CONCEPTS}
    any_clean = np.zeros(EVAL_CLEAN, bool)
    for c in POLICY_CONCEPTS:
        any_clean |= clean_scores[c] >= lowest[c]
    # Clean renders a rule would hold for review or block (warn returns the image).
    held_clean = np.zeros(EVAL_CLEAN, bool)
    for r in policy_rules():
        if r.get("action") in ("review", "block") and r["concept"] in clean_scores:
            held_clean |= clean_scores[r["concept"]] >= float(r["threshold"])
    metrics = {"calibration_images": CALIBRATION_N, "eval_clean": EVAL_CLEAN, "eval_positive_per_concept": EVAL_POSITIVE,
               "concepts": rows, "default_policy_any_rule_fpr": float(any_clean.mean()),
               "default_policy_held_or_blocked_fpr": float(held_clean.mean()),
               "seconds": round(time.time() - t0, 1)}
    json.dump(metrics, open(os.path.join(HERE, "metrics.json"), "w"), indent=1)
    write_config(model)
    report(metrics)


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


def report(m: dict) -> None:
    print(f"calibration bank {m['calibration_images']} clean renders; held-out eval: {m['eval_clean']} clean, "
          f"{m['eval_positive_per_concept']} positive renders per concept ({m['seconds']} s)\n")
    print("| concept | zero-shot | objects | AUC | threshold (rule) | recall | false positives | oracle recall at 2% FP |")
    print("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: |")
    for r in m["concepts"]:
        for j, a in enumerate(r["at"]):
            head = (f"| {r['concept']} | {'yes' if r['zero_shot'] else 'no'} | {r['objects']} | {r['auc']:.4f}"
                    if j == 0 else "| | | |")
            tail = f" {100 * r['oracle_recall_at_2pct']:.1f}% |" if j == 0 else " |"
            print(f"{head} | {a['threshold']:.2f} ({a['rule']}) | {100 * a['recall']:.1f}% | {100 * a['fpr']:.2f}% |{tail}")
    print("\nrecall at the operating point per object (renders, recall):")
    for r in m["concepts"]:
        print(f"* {r['concept']}: " + ", ".join(f"{name} {n}/{100 * v:.0f}%" for name, (n, v)
                                               in sorted(r["per_object_recall_at_0.5"].items(), key=lambda x: x[1][1])))
    print(f"\nclean held-out renders flagged by any default-policy image_concept rule: "
          f"{100 * m['default_policy_any_rule_fpr']:.2f}%")
    print(f"clean held-out renders held for review or blocked by a default-policy image_concept rule: "
          f"{100 * m['default_policy_held_or_blocked_fpr']:.2f}%")


if __name__ == "__main__":
    main()
