"""Golden fixtures for the Swift port (Tests/ScreeningTests/ConceptEncoderGoldenTests.swift).

    Models/concept-encoder/.venv/bin/python Models/concept-encoder/golden.py

Writes golden/*.png (five small held-out renders: four at 64x64, one at 256x256 that exercises the
Swift downscaling path) and golden/golden.json: per image the PyTorch embedding of the exact input
the Swift port builds, and per concept of the default policy its PyTorch/transformers text
embedding, its calibration knots and each image's cosine and calibrated score.
"""
from __future__ import annotations

import json
import os

import numpy as np
import torch
from PIL import Image
from safetensors.torch import load_file

import calibration as cal
from concepts import POLICY_CONCEPTS
from evaluate import phrase_sets
from data import ConceptScenes, ObjectTable
from encoder import preprocess
from evaluate import load_model
from text_bank import embed_texts

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "golden")
KNOT_SETS = ("a syringe", "a cigarette")


def halve(img: np.ndarray) -> np.ndarray:
    """Swift's RGBAImage.resized to half size on an opaque image: 2x2 mean, rounded half up."""
    s = img.astype(np.int64)
    q = s[0::2, 0::2] + s[1::2, 0::2] + s[0::2, 1::2] + s[1::2, 1::2]
    return np.floor(q / 4 + 0.5).astype(np.uint8)


def main() -> None:
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    table = ObjectTable()
    model = load_model()
    cases = [("knife", "a knife"), ("syringe", "a syringe"), ("weapon", "a weapon"), ("blood", "blood")]
    images: list[tuple[str, np.ndarray, np.ndarray]] = []    # name, image as stored, model input 64x64
    for k, (name, concept) in enumerate(cases):
        ds = ConceptScenes(table, seed=900 + k, split="heldout", kind="objects", objects=table.objects_of(concept))
        img, _ = ds[0]
        images.append((name, img, img))
    img, _ = ConceptScenes(table, seed=950, split="heldout", kind="clean")[0]
    images.append(("clean", img, img))
    big = ConceptScenes(table, seed=960, split="heldout", kind="objects", objects=table.objects_of("a cigarette"),
                        resolution=256)
    img256, _ = big[0]
    images.append(("cigarette-256", img256, halve(halve(img256))))
    bank = load_file(os.path.join(HERE, "calibration.safetensors"))["clean_embeddings"].float().numpy()
    texts = embed_texts(list(POLICY_CONCEPTS)).numpy()
    out = {"command": "Models/concept-encoder/.venv/bin/python Models/concept-encoder/golden.py",
           "images": [], "concepts": []}
    with torch.no_grad():
        for name, stored, inp in images:
            Image.fromarray(stored).save(os.path.join(OUT, f"{name}.png"))
            emb = model(preprocess(torch.from_numpy(inp[None]))).numpy()[0]
            out["images"].append({"file": f"{name}.png", "embedding": [float(v) for v in emb]})
    for c, t in zip(POLICY_CONCEPTS, texts):
        pts = cal.knots(bank, t)
        cos = [float(np.dot(np.array(i["embedding"], np.float32), t)) for i in out["images"]]
        out["concepts"].append({"concept": c, "embedding": [float(v) for v in t],
                                "knots": [[float(a), float(b)] for a, b in pts],
                                "cosines": cos, "scores": [cal.score(x, pts) for x in cos]})
    # Phrase sets (session 5): per concept, its phrases (the concept first), their transformers
    # embeddings, per-phrase knots, the knots of the max, and each image's set score + phrase.
    sets = phrase_sets()
    out["phrase_sets"] = []
    embs = np.stack([np.array(i["embedding"], np.float32) for i in out["images"]])
    for c in POLICY_CONCEPTS:
        phrases = sets[c]
        tx = embed_texts(phrases).numpy()
        per, outer = cal.set_knots(bank, tx)
        sc, arg = cal.set_scores(embs @ tx.T, per, outer)
        entry = {"concept": c, "phrases": phrases, "scores": [float(v) for v in sc], "phrase_index": [int(v) for v in arg]}
        if c in KNOT_SETS:   # embeddings and knots of two sets only, to keep the fixture small
            entry.update(embeddings=[[float(v) for v in t] for t in tx],
                         knots=[[[float(a), float(b)] for a, b in p] for p in per],
                         outer_knots=[[float(a), float(b)] for a, b in outer],
                         raw=[float(v) for v in cal.set_raw(embs @ tx.T, per)[0]])
        out["phrase_sets"].append(entry)
    json.dump(out, open(os.path.join(OUT, "golden.json"), "w"))
    for c in out["concepts"]:
        print(c["concept"], " ".join(f"{s:.3f}" for s in c["scores"]))
    for c in out["phrase_sets"]:
        print(c["concept"], "(set)", " ".join(f"{s:.3f}:{c['phrases'][j]}" for s, j in zip(c["scores"], c["phrase_index"])))


if __name__ == "__main__":
    main()
