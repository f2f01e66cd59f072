"""The generator cascade in PyTorch on CPU, timed for `warden bench generate`'s ratios: the same
committed weights (fp16 loaded as f32, `export.model_from`), the same samplers (diffusion.py's
DPM-Solver++(2M) with CFG), the same sizes and step counts. Prints one JSON line of medians.

    Models/generator-base/.venv/bin/python Models/generator-base/bench_torch.py --models Models --threads 2

The venv: python3 -m venv Models/generator-base/.venv &&
          Models/generator-base/.venv/bin/pip install 'torch==2.13.0+cpu' numpy safetensors
Text conditioning is random [L, 384] token states (16 tokens, 2 for the negative): the timing
does not depend on the values, and this script needs no text encoder.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from diffusion import DPMSolverPP2M, guided_v, q_sample  # noqa: E402
from export import model_from  # noqa: E402


def median_time(fn, repeats, min_seconds=0.0):
    fn()  # warm-up
    times, total = [], 0.0
    while len(times) < repeats or total < min_seconds:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        total += times[-1]
    return statistics.median(times)


@torch.no_grad()
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default=os.path.join(HERE, ".."))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--upsampler-steps", type=int, default=25)
    ap.add_argument("--guidance", type=float, default=3.0)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    base, _ = model_from(os.path.join(a.models, "generator-base"))
    up, up_config = model_from(os.path.join(a.models, "generator-upsampler"))
    aug_t = up_config["conditioning"]["noise_augmentation"]["sampling_timestep"]
    up_w = up_config["samplers"]["defaults"]["guidance"]
    g = torch.Generator().manual_seed(0)
    cond = (torch.randn(1, 16, 384, generator=g), F.normalize(torch.randn(1, 384, generator=g), dim=-1))
    uncond = (torch.randn(1, 2, 384, generator=g), F.normalize(torch.randn(1, 384, generator=g), dim=-1))

    def image64():
        x = torch.randn(1, 3, 64, 64, generator=g)
        extra = torch.zeros(1, 4, 64, 64)
        s = DPMSolverPP2M(a.steps)
        for t in s.timesteps:
            x = s.step(guided_v(base, torch.cat([x, extra], 1), t / 1000.0, cond, uncond, a.guidance), t, x)
        return x.clamp(-1, 1)

    def image256():
        low = image64()
        low_aug, _ = q_sample(low, torch.randn(low.shape, generator=g), torch.tensor([aug_t]))
        c = F.interpolate(low_aug, scale_factor=4, mode="bilinear", align_corners=False)
        x = torch.randn(1, 3, 256, 256, generator=g)
        s = DPMSolverPP2M(a.upsampler_steps)
        aug = torch.tensor([aug_t / 1000.0])
        for t in s.timesteps:
            if up_w == 1.0:  # no guidance: one evaluation per step, as the Swift runtime does
                v = up(torch.cat([x, c], 1), torch.tensor([t / 1000.0]), cond[0], cond[1], None, aug=aug)
            else:
                v = guided_v(up, torch.cat([x, c], 1), t / 1000.0, cond, uncond, up_w, aug)
            x = s.step(v, t, x)
        return x

    xb = torch.randn(2, 7, 64, 64, generator=g)
    tok = torch.cat([cond[0], torch.cat([uncond[0], torch.zeros(1, 14, 384)], 1)])
    mask = torch.zeros(2, 16, dtype=torch.bool)
    mask[0] = True
    mask[1, :2] = True
    pooled = torch.cat([cond[1], uncond[1]])
    base_ms = 1e3 * median_time(lambda: base(xb, torch.full((2,), 0.5), tok, pooled, mask), 5, 1.0)
    xu = torch.randn(1, 6, 256, 256, generator=g)
    up_ms = 1e3 * median_time(lambda: up(xu, torch.full((1,), 0.5), cond[0], cond[1], None,
                                         aug=torch.tensor([aug_t / 1000.0])), 3, 1.0)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "base_unet_batch2_ms": base_ms, "upsampler_unet_batch1_ms": up_ms,
                      "image64_seconds": median_time(image64, a.repeats),
                      "image256_seconds": median_time(image256, a.repeats)}))


if __name__ == "__main__":
    main()
