"""Threshold sweep for the default policy's image_concept review rules, on a validation slice of
TRAINING combinations (never the held-out split that evaluate.py reports):

    Models/concept-encoder/.venv/bin/python Models/concept-encoder/thresholds.py

Clean renders: seed 404 (filtered catalogue + clean clip art, split 'train'); positives: seed 505+k
per policy concept (the seeds train.py validates on; the training stream uses seed 1). Scores use
the shipped calibration (calibration.safetensors). For a common review threshold t over the
policy's review/block concepts, prints each concept's recall and the share of clean renders that
any review rule would hold, so the policy can pick the lowest t that holds <= 2% of clean images.
"""
from __future__ import annotations

import os

import numpy as np
import torch
from safetensors.torch import load_file

import calibration as cal
from concepts import POLICY_CONCEPTS
from data import ConceptScenes, ObjectTable
from evaluate import embed, load_model, policy_rules
from text_bank import embed_texts

HERE = os.path.dirname(os.path.abspath(__file__))
CLEAN, POSITIVE = 4000, 200


def main() -> None:
    torch.set_num_threads(int(os.environ.get("THREADS", "1")))
    table, model = ObjectTable(), load_model()
    bank = load_file(os.path.join(HERE, "calibration.safetensors"))["clean_embeddings"].float().numpy()
    held = sorted({r["concept"] for r in policy_rules() if r.get("action") in ("review", "block")})
    texts = dict(zip(POLICY_CONCEPTS, embed_texts(list(POLICY_CONCEPTS)).numpy()))
    clean = embed(model, ConceptScenes(table, seed=404, split="train", kind="clean"), CLEAN)
    sc_clean, sc_pos = {}, {}
    for k, c in enumerate(POLICY_CONCEPTS):
        pts = cal.knots(bank, texts[c])
        pos = embed(model, ConceptScenes(table, seed=505 + list(POLICY_CONCEPTS).index(c), split="train",
                                         kind="objects", objects=table.objects_of(c)), POSITIVE)
        sc_clean[c], sc_pos[c] = cal.scores(clean @ texts[c], pts), cal.scores(pos @ texts[c], pts)
    print(f"validation slice (training combinations): {CLEAN} clean, {POSITIVE} positives per concept")
    print("| review threshold | " + " | ".join(f"{c} recall / FP" for c in held) + " | clean held by any |")
    print("| ---: | " + " | ".join("---:" for _ in held) + " | ---: |")
    for t in np.arange(0.50, 0.851, 0.05):
        any_held = np.zeros(CLEAN, bool)
        cells = []
        for c in held:
            any_held |= sc_clean[c] >= t
            cells.append(f"{100 * (sc_pos[c] >= t).mean():.1f}% / {100 * (sc_clean[c] >= t).mean():.2f}%")
        print(f"| {t:.2f} | " + " | ".join(cells) + f" | {100 * any_held.mean():.2f}% |")


if __name__ == "__main__":
    main()
