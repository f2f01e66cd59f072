"""Noise schedule, v-prediction targets and the two samplers, written out so the Swift runtime can
mirror them line by line.

Schedule (diffusers `beta_schedule="squaredcos_cap_v2"`, T = 1000):
    f(t) = cos(((t / T) + 0.008) / 1.008 * pi / 2) ** 2
    beta_i = min(1 - f(i + 1) / f(i), 0.999),  i = 0..T-1
    alphas_cumprod[i] = prod_{j <= i} (1 - beta_j)          (float64, then used as float32 values)
Network time input: t = timestep / 1000 (so the sinusoidal embedding sees the integer timestep).
Forward process and target (v-prediction):
    x_t = sqrt(a) x0 + sqrt(1 - a) eps,   v = sqrt(a) eps - sqrt(1 - a) x0,   a = alphas_cumprod[timestep]
    x0 = sqrt(a) x_t - sqrt(1 - a) v,     eps = sqrt(a) v + sqrt(1 - a) x_t
Classifier-free guidance: v = v_uncond + w (v_cond - v_uncond); v_uncond from the empty caption "".

Timesteps for S steps ("trailing" spacing, diffusers `timestep_spacing="trailing"`):
    timesteps = round(arange(T, 0, -T / S)) - 1          e.g. S = 25: 999, 959, ..., 39

DDIM (diffusers DDIMScheduler, prediction_type="v_prediction", clip_sample=False,
set_alpha_to_one=True, timestep_spacing="trailing", eta as given):
    prev = timestep - T // S;  a_prev = alphas_cumprod[prev] if prev >= 0 else 1
    sigma = eta * sqrt((1 - a_prev) / (1 - a)) * sqrt(1 - a / a_prev)
    x_prev = sqrt(a_prev) x0 + sqrt(1 - a_prev - sigma^2) eps + sigma z,   z ~ N(0, I)

DPM-Solver++(2M) (diffusers DPMSolverMultistepScheduler, algorithm_type="dpmsolver++", solver_order=2,
solver_type="midpoint", prediction_type="v_prediction", timestep_spacing="trailing",
final_sigmas_type="zero", lower_order_final=True):
    sigma_i = sqrt((1 - a_i) / a_i), alpha_i = 1 / sqrt(1 + sigma_i^2), s_i = sigma_i alpha_i,
    lambda_i = log(alpha_i) - log(s_i); the schedule ends at sigma = 0 (alpha 1, s 0).
    m = x0 prediction at the current step; h = lambda_next - lambda_cur
    first step and last step (first order):  x = (s_next / s_cur) x - alpha_next (exp(-h) - 1) m
    otherwise (second order): r = h_prev / h, D1 = (m - m_prev) / r
        x = (s_next / s_cur) x - alpha_next (exp(-h) - 1) m - 0.5 alpha_next (exp(-h) - 1) D1
    (on the last step s_next = 0 and exp(-h) = 0, so x = m.)
"""
from __future__ import annotations

import math

import numpy as np
import torch

T = 1000


def alphas_cumprod(T: int = T) -> np.ndarray:
    def f(t):
        return math.cos((t / T + 0.008) / 1.008 * math.pi / 2) ** 2
    betas = np.array([min(1 - f(i + 1) / f(i), 0.999) for i in range(T)], np.float64)
    return np.cumprod(1.0 - betas)


ALPHAS_CUMPROD = alphas_cumprod()


def alpha_bar(timesteps: torch.Tensor) -> torch.Tensor:
    return torch.from_numpy(ALPHAS_CUMPROD.astype(np.float32)).to(timesteps.device)[timesteps.long()]


def q_sample(x0, eps, timesteps):
    a = alpha_bar(timesteps)[:, None, None, None]
    return a.sqrt() * x0 + (1 - a).sqrt() * eps, a.sqrt() * eps - (1 - a).sqrt() * x0  # x_t, v


def trailing_timesteps(steps: int) -> list[int]:
    return [int(x) for x in np.round(np.arange(T, 0, -T / steps)).astype(np.int64) - 1]


class DDIM:
    def __init__(self, steps: int, eta: float = 0.0):
        self.timesteps, self.eta, self.step_ratio = trailing_timesteps(steps), eta, T // steps

    def step(self, v, timestep: int, x, noise=None):
        a = float(ALPHAS_CUMPROD[timestep])
        prev = timestep - self.step_ratio
        ap = float(ALPHAS_CUMPROD[prev]) if prev >= 0 else 1.0
        x0 = math.sqrt(a) * x - math.sqrt(1 - a) * v
        eps = math.sqrt(a) * v + math.sqrt(1 - a) * x
        sigma = self.eta * math.sqrt((1 - ap) / (1 - a)) * math.sqrt(1 - a / ap)
        out = math.sqrt(ap) * x0 + math.sqrt(max(1 - ap - sigma ** 2, 0.0)) * eps
        if sigma > 0 and noise is not None:
            out = out + sigma * noise
        return out


class DPMSolverPP2M:
    def __init__(self, steps: int):
        self.timesteps = trailing_timesteps(steps)
        sig = [math.sqrt((1 - ALPHAS_CUMPROD[t]) / ALPHAS_CUMPROD[t]) for t in self.timesteps] + [0.0]
        self.sigmas = sig
        self.prev_m = None
        self.prev_h = None
        self.i = 0

    @staticmethod
    def _al(sigma):  # (alpha, s, lambda)
        alpha = 1 / math.sqrt(1 + sigma ** 2)
        s = sigma * alpha
        return alpha, s, (math.log(alpha) - math.log(s)) if s > 0 else math.inf

    def step(self, v, timestep: int, x):
        a = float(ALPHAS_CUMPROD[timestep])
        m = math.sqrt(a) * x - math.sqrt(1 - a) * v              # x0 prediction
        a_c, s_c, l_c = self._al(self.sigmas[self.i])
        a_n, s_n, l_n = self._al(self.sigmas[self.i + 1])
        h = l_n - l_c
        em = math.exp(-h) - 1 if math.isfinite(h) else -1.0
        last = self.i == len(self.timesteps) - 1
        if self.prev_m is None or last:
            out = (s_n / s_c) * x - a_n * em * m
        else:
            r = self.prev_h / h
            d1 = (m - self.prev_m) / r
            out = (s_n / s_c) * x - a_n * em * m - 0.5 * a_n * em * d1
        self.prev_m, self.prev_h = m, h
        self.i += 1
        return out


def guided_v(model, x_in, t_scalar: float, cond: tuple, uncond: tuple, w: float, aug=None):
    """One CFG evaluation: the batch holds [uncond, cond]; cond/uncond = (tokens [1,L,384], pooled [1,384])."""
    n = x_in.shape[0]
    L = max(cond[0].shape[1], uncond[0].shape[1])

    def pad(tok):
        m = torch.zeros(n, L, dtype=torch.bool)
        m[:, :tok.shape[1]] = True
        return torch.cat([tok.expand(n, -1, -1), torch.zeros(n, L - tok.shape[1], tok.shape[2])], 1), m

    tu, mu = pad(uncond[0])
    tc, mc = pad(cond[0])
    x2 = torch.cat([x_in, x_in])
    t = torch.full((2 * n,), t_scalar)
    kw = {"aug": torch.cat([aug, aug])} if aug is not None else {}
    v = model(x2, t, torch.cat([tu, tc]), torch.cat([uncond[1].expand(n, -1), cond[1].expand(n, -1)]),
              torch.cat([mu, mc]), **kw)
    vu, vc = v.chunk(2)
    return vu + w * (vc - vu)
