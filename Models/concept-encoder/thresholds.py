"""Operating-point margin and review-threshold sweep, on a validation slice of TRAINING
combinations (never the held-out split that evaluate.py reports):

    Models/concept-encoder/.venv/bin/python Models/concept-encoder/thresholds.py

Clean renders: seed 404 (filtered catalogue + clean clip art, split 'train', CLEAN of them);
positives: seed 505+k per concept (the seeds train.py validates on; the training stream uses seed 1).
Scores use the shipped calibration bank (calibration.safetensors, seed 101), single concept and
phrase set (concepts.PHRASE_SETS).

1. Margin (session 5). The rule, fixed before any held-out figure of the session-5 weights was
   seen: the 0.5 knot sits at the cosine that a share f of the bank exceeds; f is the largest of
   0.020, 0.019, ..., 0.014 for which EVERY concept (single and phrase set) lets <= 2.0% of these
   validation clean renders reach 0.5. Prints the table and the chosen f, which then goes into
   calibration.FALSE_POSITIVE_RATES[2] (config.json's calibration.false_positive_rates, which the
   Swift side reads). Run after `evaluate.py --bank-only` (the bank of the weights being judged).
2. For a common review threshold t over the policy's review/block concepts, each concept's recall
   and the share of clean renders that any review/block rule would hold.
"""
from __future__ import annotations

import os

import numpy as np
import torch
from safetensors.torch import load_file

import calibration as cal
from concepts import CONCEPTS
from data import ConceptScenes, ObjectTable
from evaluate import embed, load_model, phrase_sets, policy_rules
from text_bank import embed_texts

HERE = os.path.dirname(os.path.abspath(__file__))
CLEAN, POSITIVE = int(os.environ.get("CLEAN", 8000)), int(os.environ.get("POSITIVE", 200))
RATES = (0.020, 0.019, 0.018, 0.017, 0.016, 0.015, 0.014)


def scores_with(bank, texts, emb, rates):
    """Single-concept and set scores of emb under knots at the given false-positive rates."""
    saved = cal.FALSE_POSITIVE_RATES
    cal.FALSE_POSITIVE_RATES = rates
    try:
        single = cal.scores(emb @ texts[0], cal.knots(bank, texts[0]))
        per, outer = cal.set_knots(bank, texts)
        return single, cal.set_scores(emb @ texts.T, per, outer)[0]
    finally:
        cal.FALSE_POSITIVE_RATES = saved


def main() -> None:
    torch.set_num_threads(int(os.environ.get("THREADS", "1")))
    table, model = ObjectTable(), load_model()
    bank = load_file(os.path.join(HERE, "calibration.safetensors"))["clean_embeddings"].float().numpy()
    sets = phrase_sets()
    concepts = list(CONCEPTS)
    text = {c: embed_texts(sets[c]).numpy() for c in concepts}
    clean = embed(model, ConceptScenes(table, seed=404, split="train", kind="clean"), CLEAN)
    pos = {c: embed(model, ConceptScenes(table, seed=505 + k, split="train", kind="objects",
                                         objects=table.objects_of(c)), POSITIVE) for k, c in enumerate(concepts)}
    print(f"validation slice (training combinations): {CLEAN} clean, {POSITIVE} positives per concept\n")
    print("| f at 0.5 | " + " | ".join(f"{c} FP single / set" for c in concepts) + " | max FP | "
          + " | ".join(f"{c} recall single / set" for c in concepts) + " |")
    print("| ---: |" + " ---: |" * (2 * len(concepts) + 1))
    chosen = None
    for f in RATES:
        rates = (0.5, 0.1, f, 0.005)
        fps, recs = [], []
        for c in concepts:
            sn, ssn = scores_with(bank, text[c], clean, rates)
            sp, ssp = scores_with(bank, text[c], pos[c], rates)
            fps.append(((sn >= 0.5).mean(), (ssn >= 0.5).mean()))
            recs.append(((sp >= 0.5).mean(), (ssp >= 0.5).mean()))
        worst = max(max(a, b) for a, b in fps)
        if chosen is None and worst <= 0.020:
            chosen = f
        print(f"| {f:.3f} | " + " | ".join(f"{100 * a:.2f}% / {100 * b:.2f}%" for a, b in fps) + f" | {100 * worst:.2f}% | "
              + " | ".join(f"{100 * a:.1f}% / {100 * b:.1f}%" for a, b in recs) + " |")
    print(f"\nchosen rate for the 0.5 knot: {chosen} (largest f with every concept's validation FP <= 2.0%)\n")

    rules = [r for r in policy_rules() if r.get("action") in ("review", "block")]
    held = sorted({r["concept"] for r in rules})
    with_set = {r["concept"] for r in rules if r.get("phrases")}
    rates = (0.5, 0.1, chosen or RATES[-1], 0.005)
    sc_clean, sc_pos = {}, {}
    for c in held:
        sn, ssn = scores_with(bank, text[c], clean, rates)
        sp, ssp = scores_with(bank, text[c], pos[c], rates)
        sc_clean[c], sc_pos[c] = (ssn, ssp) if c in with_set else (sn, sp)
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
