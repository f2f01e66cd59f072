"""Per-concept calibration of cosine scores onto the policy's scale (mirrored exactly by
Sources/Screening/ConceptCalibration.swift).

The model ships a bank of clean image embeddings (renders of objects the safety filter keeps,
never trained on, from the training combinations; calibration.safetensors). For a concept text
embedding t, the bank's cosines to t, sorted from the highest, give the cosine c_f above which a
share f of clean images lies: c_f = sorted_desc[floor(f * N)]. The score is piecewise linear
through the knots

    cosine  -1     c_0.5   c_0.1   c_0.02   c_0.005   1
    score    0     0.10    0.25    0.50     0.75      1

so 0.5 means "as high as the top 2% of clean images" for every concept, 0.75 the top 0.5%,
0.25 the top 10% (session 5: the 0.5 knot sits at 1.6% of the bank, a margin; see below). Policy thresholds therefore read as false-positive budgets on clean images:
0.45-0.5 ~ 2-3%, 0.6-0.65 ~ 1-1.5%, 0.75 ~ 0.5%. Monotone, so rankings are unchanged; any
concept in words is calibrated this way, including ones the recipe never saw.
"""
from __future__ import annotations

import numpy as np

# Session 5: the 0.5 knot at 1.6% instead of 2% of the bank, a margin chosen by thresholds.py's
# rule on a validation slice of training combinations (the largest rate for which every concept,
# single and phrase set, let <= 2.0% of 8,000 validation clean renders reach 0.5).
FALSE_POSITIVE_RATES = (0.5, 0.1, 0.016, 0.005)
SCORES = (0.10, 0.25, 0.50, 0.75)
MIN_GAP = 1e-6


def knots(bank: np.ndarray, text: np.ndarray) -> list[tuple[float, float]]:
    """bank float32 [N, 384] (fp16 values), text float32 [384] -> [(cosine, score)] ascending."""
    cos = (bank.astype(np.float32) @ text.astype(np.float32)).astype(np.float64)
    desc = np.sort(cos)[::-1]
    n = len(desc)
    pts = [(-1.0, 0.0)]
    for f, s in zip(FALSE_POSITIVE_RATES, SCORES):
        c = float(desc[min(n - 1, int(np.floor(f * n)))])
        c = min(max(c, pts[-1][0] + MIN_GAP), 1.0 - MIN_GAP * (len(SCORES) + 1))
        pts.append((c, s))
    pts.append((1.0, 1.0))
    return pts


def score(cosine: float, pts: list[tuple[float, float]]) -> float:
    c = min(1.0, max(-1.0, float(cosine)))
    for (c0, s0), (c1, s1) in zip(pts[:-1], pts[1:]):
        if c <= c1:
            return s0 + (s1 - s0) * (c - c0) / (c1 - c0)
    return 1.0


def scores(cosines: np.ndarray, pts: list[tuple[float, float]]) -> np.ndarray:
    xs, ys = zip(*pts)
    return np.interp(np.clip(cosines.astype(np.float64), -1, 1), xs, ys)


# Phrase sets (session 5). A rule may list phrases that spell out its concept ("a weapon": a gun,
# a sword, ...). Each phrase p (the concept itself first) gets its own knots from the bank, as
# above; an image's raw set score is max_p score_p(cos(image, t_p)); that max is calibrated again
# on the same bank (knots over [0, 1] at the same false-positive rates), so 0.5 still means "as
# high as the top 2% of clean images" however many phrases the set holds. Mirrored by
# Sources/Screening/ConceptPhraseSetMap.swift.

def value_knots(values: np.ndarray, low: float = 0.0, high: float = 1.0) -> list[tuple[float, float]]:
    """Knots of clean values (any monotone score in [low, high]) -> [(value, score)] ascending."""
    desc = np.sort(values.astype(np.float64))[::-1]
    n = len(desc)
    pts = [(low, 0.0)]
    for f, s in zip(FALSE_POSITIVE_RATES, SCORES):
        c = float(desc[min(n - 1, int(np.floor(f * n)))])
        c = min(max(c, pts[-1][0] + MIN_GAP), high - MIN_GAP * (len(SCORES) + 1))
        pts.append((c, s))
    pts.append((high, 1.0))
    return pts


def set_knots(bank: np.ndarray, texts: np.ndarray) -> tuple[list[list[tuple[float, float]]], list[tuple[float, float]]]:
    """bank [N, 384], texts [P, 384] (the concept first) -> (per-phrase knots, knots of the max)."""
    per = [knots(bank, t) for t in texts]
    raw = set_raw(bank.astype(np.float32) @ texts.astype(np.float32).T, per)[0]
    return per, value_knots(raw)


def set_raw(cosines: np.ndarray, per: list[list[tuple[float, float]]]) -> tuple[np.ndarray, np.ndarray]:
    """cosines [N, P] -> (max over phrases of the per-phrase score [N], argmax phrase [N])."""
    s = np.stack([scores(cosines[:, p], per[p]) for p in range(len(per))], axis=1)
    return s.max(1), s.argmax(1)


def set_scores(cosines: np.ndarray, per, outer) -> tuple[np.ndarray, np.ndarray]:
    """cosines [N, P] -> (calibrated set score [N], index of the phrase that scored highest [N])."""
    raw, arg = set_raw(cosines, per)
    return scores(raw, outer), arg
