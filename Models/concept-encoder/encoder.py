"""The concept image encoder: a small CNN whose output lands in the MiniLM sentence-embedding space.

Input: RGB 64x64, x = (pixel / 255 - 0.5) / 0.25, layout [N, 3, 64, 64].
    stem     conv3x3 stride 2 3->C0, GroupNorm, SiLU = h         [N, C0, 32, 32]
             h + SiLU(GN(conv3x3 C0->C0 (h)))
    stage k  conv3x3 stride 2 C(k-1)->Ck, GN, SiLU  = h           [N, Ck, 32/2^k, 32/2^k]
             h + SiLU(GN(conv3x3 Ck->Ck (h)))
    pool     mean over H, W                                      [N, C4]
    head     linear C4->H, GELU (exact), linear H->384, L2-normalise
Every GroupNorm has 8 groups. The Swift port (Sources/Screening/ConceptImageEncoder.swift) runs
the same ops on Tensor's conv2d / groupNorm / silu / linear / gelu.
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

GROUPS = 8


def preprocess(images_uint8: torch.Tensor) -> torch.Tensor:
    """uint8 [N, H, W, 3] -> float [N, 3, H, W] normalised as the Swift port does."""
    x = images_uint8.permute(0, 3, 1, 2).float() / 255.0
    return (x - 0.5) / 0.25


class Stage(nn.Module):
    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.down = nn.Conv2d(cin, cout, 3, stride=2, padding=1)
        self.down_norm = nn.GroupNorm(GROUPS, cout)
        self.conv = nn.Conv2d(cout, cout, 3, padding=1)
        self.norm = nn.GroupNorm(GROUPS, cout)

    def forward(self, x):
        h = F.silu(self.down_norm(self.down(x)))
        return h + F.silu(self.norm(self.conv(h)))


class ConceptEncoder(nn.Module):
    def __init__(self, channels=(32, 64, 128, 256), hidden: int = 512, dim: int = 384):
        super().__init__()
        self.channels, self.hidden, self.dim = tuple(channels), hidden, dim
        self.stem = Stage(3, channels[0])
        self.stages = nn.ModuleList(Stage(a, b) for a, b in zip(channels[:-1], channels[1:]))
        self.head1 = nn.Linear(channels[-1], hidden)
        self.head2 = nn.Linear(hidden, dim)
        self.logit_scale = nn.Parameter(torch.tensor(2.659))  # log(1/0.07), training only

    def forward(self, x):
        h = self.stem(x)                                       # [N, C0, 32, 32]
        for s in self.stages:
            h = s(h)                                           # [N, Ck, 32/2^k, 32/2^k]
        h = h.mean(dim=(2, 3))                                  # [N, C4]
        h = self.head2(F.gelu(self.head1(h)))                  # [N, 384]
        return F.normalize(h, dim=-1)

    def export_state(self) -> dict[str, torch.Tensor]:
        return {k: v for k, v in self.state_dict().items() if k != "logit_scale"}
