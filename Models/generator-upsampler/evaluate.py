"""Upsampler quality on held-out scenes: PSNR against the 256x256 ground-truth render, for the
upsampler (DDIM, --steps, no CFG, noise-augmentation timestep 100) and for plain bilinear x4 of the
same 64x64 input; a comparison grid (low-res | bilinear | upsampler | truth) and the loss plot.

    Models/generator-upsampler/.venv/bin/python Models/generator-upsampler/evaluate.py --n 8 --steps 10
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "..", "generator-base")
sys.path.insert(0, BASE)
sys.path.insert(0, os.path.join(HERE, "..", "scenes"))
from diffusion import DDIM, guided_v, q_sample  # noqa: E402
from evaluate import loss_plot  # noqa: E402
from export import model_from  # noqa: E402
from text import TextEncoder  # noqa: E402


def psnr(a, b):
    mse = float(((a.astype(np.float64) - b.astype(np.float64)) ** 2).mean())
    return 10 * math.log10(255 ** 2 / max(mse, 1e-9))


@torch.no_grad()
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=HERE)
    ap.add_argument("--n", type=int, default=8)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--aug", type=int, default=100)
    a = ap.parse_args()
    torch.set_num_threads(1)
    from dataset import SceneDataset
    from PIL import Image
    loss_plot(a.model)
    model, config = model_from(a.model)
    enc = TextEncoder()
    ut, _, upool, _ = enc.encode([""])
    ds = SceneDataset(seed=7, resolution=256, split="heldout")
    rows, p_up, p_bil = [], [], []
    t0 = time.time()
    for i in range(a.n):
        img, cap, _ = ds[i]
        x0 = torch.from_numpy(img).permute(2, 0, 1)[None].float() / 127.5 - 1
        low = F.avg_pool2d(x0, 4)
        g = torch.Generator().manual_seed(500 + i)
        low_aug, _ = q_sample(low, torch.randn(low.shape, generator=g), torch.tensor([a.aug]))
        cond = F.interpolate(low_aug, scale_factor=4, mode="bilinear", align_corners=False)
        bil = F.interpolate(low, scale_factor=4, mode="bilinear", align_corners=False)
        ct, _, cp, _ = enc.encode([cap])
        x = torch.randn(1, 3, 256, 256, generator=g)
        sched = DDIM(a.steps)
        aug = torch.tensor([a.aug / 1000.0])
        for t in sched.timesteps:
            v = guided_v(model, torch.cat([x, cond], 1), t / 1000.0, (ct, cp), (ut, upool), 1.0, aug)
            x = sched.step(v, t, x)
        to8 = lambda z: ((z[0].clamp(-1, 1) + 1) * 127.5).round().byte().permute(1, 2, 0).numpy()  # noqa: E731
        up8, bil8, low8 = to8(x), to8(bil), to8(low)
        p_up.append(psnr(up8, img))
        p_bil.append(psnr(bil8, img))
        rows.append([np.asarray(Image.fromarray(low8).resize((256, 256), Image.NEAREST)), bil8, up8, img])
    secs = time.time() - t0
    grid = np.concatenate([np.concatenate(r, 1) for r in rows[:4]], 0)
    Image.fromarray(grid).resize((grid.shape[1] // 2, grid.shape[0] // 2), Image.LANCZOS).save(
        os.path.join(a.model, "samples_heldout.png"))
    res = {"heldout_scenes": a.n, "sampler": f"DDIM {a.steps} steps, no CFG, aug timestep {a.aug}",
           "psnr_upsampler_db": round(float(np.mean(p_up)), 2), "psnr_bilinear_db": round(float(np.mean(p_bil)), 2),
           "seconds": round(secs, 1), "weights_sha256": config["weights"]["sha256"],
           "training_steps": config["training"]["steps"],
           "command": f"evaluate.py --n {a.n} --steps {a.steps} --aug {a.aug}"}
    with open(os.path.join(a.model, "adherence.json"), "w") as f:
        json.dump(res, f, indent=2)
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
