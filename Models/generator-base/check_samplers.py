"""Check diffusion.py's schedule, DDIM and DPM-Solver++(2M) against diffusers on a fixed toy
v-prediction function (no network), step by step. Needs `pip install diffusers` in the venv.

    Models/generator-base/.venv/bin/python Models/generator-base/check_samplers.py
"""
import sys
import os

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from diffusion import ALPHAS_CUMPROD, DDIM, DPMSolverPP2M  # noqa: E402


def toy_v(x, t):  # a smooth deterministic stand-in for the network
    return torch.tanh(0.7 * x + 0.001 * t) * 0.9 + 0.05 * torch.sin(x * 3)


def main():
    from diffusers import DDIMScheduler, DPMSolverMultistepScheduler
    common = dict(num_train_timesteps=1000, beta_schedule="squaredcos_cap_v2", prediction_type="v_prediction",
                  timestep_spacing="trailing")
    ref_ddim = DDIMScheduler(**common, clip_sample=False, set_alpha_to_one=True)
    ref_dpm = DPMSolverMultistepScheduler(**common, algorithm_type="dpmsolver++", solver_order=2,
                                          solver_type="midpoint", final_sigmas_type="zero", lower_order_final=True)
    ac_err = np.abs(ref_ddim.alphas_cumprod.double().numpy() - ALPHAS_CUMPROD).max()
    print(f"alphas_cumprod max abs diff vs diffusers: {ac_err:.2e}")
    worst = 0.0
    for steps in (4, 10, 25):
        for name, ours, ref in (("DDIM", DDIM(steps), ref_ddim), ("DPM++2M", DPMSolverPP2M(steps), ref_dpm)):
            ref.set_timesteps(steps)
            assert [int(t) for t in ref.timesteps] == ours.timesteps, (name, list(ref.timesteps), ours.timesteps)
            g = torch.Generator().manual_seed(0)
            x0 = torch.randn(1, 3, 8, 8, generator=g, dtype=torch.float64)
            xa, xb = x0.clone(), x0.clone()
            for t in ours.timesteps:
                xa = ours.step(toy_v(xa, t), t, xa)
                xb = ref.step(toy_v(xb, t), t, xb).prev_sample
            err = (xa - xb).abs().max().item()
            worst = max(worst, err)
            print(f"{name:8s} {steps:3d} steps: timesteps match, max abs diff of the final sample {err:.2e}")
    print("OK" if worst < 1e-4 else "MISMATCH")


if __name__ == "__main__":
    main()
