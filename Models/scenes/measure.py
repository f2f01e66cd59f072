"""Adherence by pixel statistics, for single-object scenes on solid backgrounds (the held-out split):
background colour, object position, light direction. Calibrated on ground-truth renders: running
this file measures how often each statistic recovers the truth from the real scenes (the ceiling
a generator can reach).

    Models/scenes/.venv/bin/python Models/scenes/measure.py [N]

colour:   median of the 2-pixel border -> nearest palette colour over brightness scales 0.7..1.2
position: pixels far (> 0.2 in RGB, [0,1]) from a plane fitted to the background by two robust
          passes; their centroid; thirds at 0.39 / 0.61 of the side -> one of 9 positions
light:    on background pixels only: luminance of left/right/top/bottom border strips and centre vs
          ring; the largest contrast over a threshold names the side (front: centre brighter than
          the ring), else "none"
"""
from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from render import COLOURS, POSITIONS  # noqa: E402

_PAL = np.array(list(COLOURS.values()), np.float32) / 255.0
_SCALES = np.linspace(0.7, 1.2, 11, dtype=np.float32)


def background_colour(img: np.ndarray) -> str:
    x = img.astype(np.float32) / 255.0
    border = np.concatenate([x[:2].reshape(-1, 3), x[-2:].reshape(-1, 3), x[:, :2].reshape(-1, 3), x[:, -2:].reshape(-1, 3)])
    med = np.median(border, axis=0)
    d = np.linalg.norm(_PAL[:, None, :] * _SCALES[None, :, None] - med[None, None, :], axis=-1).min(1)
    return list(COLOURS)[int(d.argmin())]


def _fit_background(x: np.ndarray):
    """Object mask (True = object) from two passes of a per-channel plane fit."""
    R = x.shape[0]
    yy, xx = np.mgrid[0:R, 0:R].astype(np.float32) / R
    A = np.stack([np.ones(R * R, np.float32), xx.ravel(), yy.ravel(),
                  ((xx - 0.5) ** 2 + (yy - 0.5) ** 2).ravel()], 1)
    flat = x.reshape(-1, 3)
    keep = np.ones(R * R, bool)
    border = np.zeros((R, R), bool)
    border[:3], border[-3:], border[:, :3], border[:, -3:] = True, True, True, True
    keep = border.ravel().copy()
    for _ in range(3):
        coef, *_ = np.linalg.lstsq(A[keep], flat[keep], rcond=None)
        resid = np.linalg.norm(flat - A @ coef, axis=1)
        keep = resid < 0.12
        if keep.sum() < 16:
            keep = border.ravel()
    obj = (resid > 0.2).reshape(R, R)
    return obj, (~obj & (resid < 0.12).reshape(R, R))


def position(img: np.ndarray) -> str | None:
    x = img.astype(np.float32) / 255.0
    obj, _ = _fit_background(x)
    if obj.sum() < 4:
        return None
    R = x.shape[0]
    ys, xs = np.nonzero(obj)
    cx, cy = (xs.mean() + 0.5) / R, (ys.mean() + 0.5) / R
    col = 0 if cx < 0.39 else (2 if cx > 0.61 else 1)
    row = 0 if cy < 0.39 else (2 if cy > 0.61 else 1)
    return POSITIONS[row * 3 + col]


def light(img: np.ndarray, threshold: float = 0.035) -> str:
    x = img.astype(np.float32) / 255.0
    obj, bg = _fit_background(x)
    lum = x @ np.array([0.299, 0.587, 0.114], np.float32)
    R = x.shape[0]
    dil = obj.copy()
    for s in range(1, max(2, R // 8)):  # keep away from objects and their shadows
        dil |= np.roll(obj, s, 0) | np.roll(obj, -s, 0) | np.roll(obj, s, 1) | np.roll(obj, -s, 1)
    ok = bg & ~dil
    k = max(2, R // 5)

    def mean(region):
        m = ok & region
        return float(lum[m].mean()) if m.sum() >= 3 else float("nan")

    Z = np.zeros((R, R), bool)
    left, right, top, bottom = Z.copy(), Z.copy(), Z.copy(), Z.copy()
    left[:, :k], right[:, -k:], top[:k], bottom[-k:] = True, True, True, True
    yy, xx = np.mgrid[0:R, 0:R] / R
    r2 = (xx - 0.5) ** 2 + (yy - 0.5) ** 2
    ring = r2 > 0.16
    centre = r2 < 0.04
    L, Rr, Tp, Bt = mean(left), mean(right), mean(top), mean(bottom)
    scale = max(np.nanmean([L, Rr, Tp, Bt]), 0.05)
    cand = {"left": (L - Rr) / scale, "right": (Rr - L) / scale, "top": (Tp - Bt) / scale,
            "bottom": (Bt - Tp) / scale}
    cand = {k_: v for k_, v in cand.items() if np.isfinite(v)}
    front = (mean(centre) - mean(ring)) / scale
    if np.isfinite(front):
        cand["front"] = front * 1.2
    if not cand:
        return "none"
    best = max(cand, key=cand.get)
    return best if cand[best] > threshold * 4 else "none"


def measure(img: np.ndarray) -> dict:
    return {"colour": background_colour(img), "position": position(img), "light": light(img)}


def calibrate(n: int = 300, res: int = 64) -> dict:
    from dataset import SceneDataset
    ds = SceneDataset(seed=7, resolution=res, split="heldout")
    hits = {"colour": 0, "position": 0, "light": 0}
    for i in range(n):
        img, _, sc = ds[i]
        m = measure(img)
        hits["colour"] += m["colour"] == sc.colour
        hits["position"] += m["position"] == sc.objects[0].position
        hits["light"] += m["light"] == sc.light
    return {k: v / n for k, v in hits.items()}


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    for res in (64, 256):
        print(f"{res}x{res} ground-truth renders, {n} held-out scenes: "
              + ", ".join(f"{k} {100 * v:.1f}%" for k, v in calibrate(n, res).items()))
