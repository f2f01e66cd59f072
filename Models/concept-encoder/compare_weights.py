"""Choose between weight files on a validation slice of TRAINING combinations (never held-out):

    Models/concept-encoder/.venv/bin/python Models/concept-encoder/compare_weights.py work/model-a.safetensors ...

For each file: its own calibration bank (seed 101, evaluate.CALIBRATION_N clean renders, as
evaluate.py builds it), then thresholds.py's validation slice (seed 404: CLEAN clean renders; seed
505+k: POSITIVE renders per concept). Prints per concept the recall at the calibrated operating
point 0.5, single concept and phrase set, and the clean false-positive rate; the criterion (fixed
before looking at the table, session 5) is the mean phrase-set recall over the six concepts.
"""
from __future__ import annotations

import os
import sys

import numpy as np
import torch
from safetensors.torch import load_file

import calibration as cal
from concepts import CONCEPTS
from data import ConceptScenes, ObjectTable
from encoder import ConceptEncoder
from evaluate import CALIBRATION_N, embed, phrase_sets
from text_bank import embed_texts

CLEAN, POSITIVE = int(os.environ.get("CLEAN", 8000)), int(os.environ.get("POSITIVE", 200))


def load(path: str) -> ConceptEncoder:
    m = ConceptEncoder()
    m.load_state_dict({k: v.float() for k, v in load_file(path).items()}, strict=False)
    return m.eval()


def main() -> None:
    torch.set_num_threads(int(os.environ.get("THREADS", "1")))
    table = ObjectTable()
    sets = phrase_sets()
    concepts = list(CONCEPTS)
    text = {c: embed_texts(sets[c]).numpy() for c in concepts}
    print("| weights | " + " | ".join(f"{c} single / set (FP single / set)" for c in concepts) + " | mean set recall |")
    print("| --- |" + " --- |" * (len(concepts) + 1))
    for path in sys.argv[1:]:
        model = load(path)
        bank = embed(model, ConceptScenes(table, seed=101, split="train", kind="clean"), CALIBRATION_N)
        bank = torch.from_numpy(bank).to(torch.float16).float().numpy()
        clean = embed(model, ConceptScenes(table, seed=404, split="train", kind="clean"), CLEAN)
        cells, means = [], []
        for k, c in enumerate(concepts):
            pos = embed(model, ConceptScenes(table, seed=505 + k, split="train", kind="objects",
                                             objects=table.objects_of(c)), POSITIVE)
            pts = cal.knots(bank, text[c][0])
            per, outer = cal.set_knots(bank, text[c])
            sp, sn = cal.scores(pos @ text[c][0], pts), cal.scores(clean @ text[c][0], pts)
            ssp = cal.set_scores(pos @ text[c].T, per, outer)[0]
            ssn = cal.set_scores(clean @ text[c].T, per, outer)[0]
            means.append((ssp >= 0.5).mean())
            cells.append(f"{100 * (sp >= 0.5).mean():.1f}% / {100 * (ssp >= 0.5).mean():.1f}% "
                         f"({100 * (sn >= 0.5).mean():.2f}% / {100 * (ssn >= 0.5).mean():.2f}%)")
        print(f"| {os.path.basename(path)} | " + " | ".join(cells) + f" | {100 * np.mean(means):.1f}% |", flush=True)


if __name__ == "__main__":
    main()
