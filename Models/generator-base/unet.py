"""Text-conditional pixel UNet shared by the base model (64x64, inpainting channels) and the
upsampler (64->256, low-res conditioning channels). Module names are the safetensors keys the Swift
runtime reads; every architecture number is in UNetConfig (exported to config.json).

Forward (shapes for batch N, text length L):
    x:      [N, in_channels, H, W]    base: x_t(3) | masked image(3) | mask(1); upsampler: x_t(3) | low-res up(3)
    t:      [N]                        continuous time in [0, 1]
    tokens: [N, L, 384]                MiniLM last hidden states (padded positions masked by token_mask)
    pooled: [N, 384]                   MiniLM mean-pooled, L2-normalised sentence embedding
    aug:    [N] or None                upsampler: noise-augmentation level in [0, 1]
    -> v prediction [N, 3, H, W]
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class UNetConfig:
    resolution: int = 64
    in_channels: int = 7
    out_channels: int = 3
    base_channels: int = 48
    channel_mults: tuple[int, ...] = (1, 2, 3, 4)
    num_res_blocks: int = 2
    attention_resolutions: tuple[int, ...] = (16, 8)
    num_heads: int = 4
    groups: int = 16
    text_dim: int = 384
    aug_embedding: bool = False  # upsampler: embed the noise-augmentation level
    norm_eps: float = 1e-5

    @property
    def emb_dim(self) -> int:
        return 4 * self.base_channels

    def to_dict(self) -> dict:
        d = asdict(self)
        d["channel_mults"] = list(self.channel_mults)
        d["attention_resolutions"] = list(self.attention_resolutions)
        d["emb_dim"] = self.emb_dim
        return d


def timestep_embedding(t: torch.Tensor, dim: int, max_period: float = 10000.0) -> torch.Tensor:
    """[N] in [0,1] -> [N, dim]: cat(cos(1000 t f), sin(1000 t f)), f_i = max_period^(-i/half), i < half."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = 1000.0 * t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class ResBlock(nn.Module):
    """GN -> SiLU -> conv3x3 -> + Linear(SiLU(emb)) -> GN -> SiLU -> conv3x3, + skip (1x1 conv if channels change)."""

    def __init__(self, cin: int, cout: int, emb: int, groups: int, eps: float):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin, eps=eps)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.emb_proj = nn.Linear(emb, cout)
        self.norm2 = nn.GroupNorm(groups, cout, eps=eps)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x)))                  # [N, cout, H, W]
        h = h + self.emb_proj(F.silu(emb))[:, :, None, None]   # [N, cout, H, W]
        h = self.conv2(F.silu(self.norm2(h)))                  # [N, cout, H, W]
        return self.skip(x) + h


class AttentionBlock(nn.Module):
    """Self-attention over pixels, then cross-attention from pixels to text tokens; both residual.
    self:  h = GN(x) -> qkv = Linear(C, 3C) -> heads -> softmax(q k^T / sqrt(d)) v -> Linear(C, C)
    cross: h = GN(x) -> q = Linear(C, C); k, v = Linear(384, 2C)(tokens) -> masked softmax -> Linear(C, C)"""

    def __init__(self, ch: int, heads: int, text_dim: int, groups: int, eps: float):
        super().__init__()
        self.heads = heads
        self.norm = nn.GroupNorm(groups, ch, eps=eps)
        self.qkv = nn.Linear(ch, 3 * ch)
        self.proj = nn.Linear(ch, ch)
        self.norm_cross = nn.GroupNorm(groups, ch, eps=eps)
        self.q_cross = nn.Linear(ch, ch)
        self.kv_cross = nn.Linear(text_dim, 2 * ch)
        self.proj_cross = nn.Linear(ch, ch)

    def _split(self, t):  # [N, S, C] -> [N, heads, S, C/heads]
        n, s, c = t.shape
        return t.view(n, s, self.heads, c // self.heads).transpose(1, 2)

    def forward(self, x, tokens, token_mask):
        n, c, hh, ww = x.shape
        h = self.norm(x).flatten(2).transpose(1, 2)                        # [N, HW, C]
        q, k, v = self.qkv(h).chunk(3, dim=-1)                             # 3 x [N, HW, C]
        a = F.scaled_dot_product_attention(self._split(q), self._split(k), self._split(v))
        a = self.proj(a.transpose(1, 2).reshape(n, hh * ww, c))            # [N, HW, C]
        x = x + a.transpose(1, 2).view(n, c, hh, ww)
        h = self.norm_cross(x).flatten(2).transpose(1, 2)                  # [N, HW, C]
        q = self._split(self.q_cross(h))                                   # [N, h, HW, d]
        k, v = (self._split(z) for z in self.kv_cross(tokens).chunk(2, dim=-1))  # [N, h, L, d]
        mask = token_mask[:, None, None, :] if token_mask is not None else None  # True = attend
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        a = self.proj_cross(a.transpose(1, 2).reshape(n, hh * ww, c))
        return x + a.transpose(1, 2).view(n, c, hh, ww)


class Downsample(nn.Module):
    """conv3x3 stride 2, padding 1."""

    def __init__(self, ch: int):
        super().__init__()
        self.conv = nn.Conv2d(ch, ch, 3, stride=2, padding=1)

    def forward(self, x):
        return self.conv(x)


class Upsample(nn.Module):
    """nearest x2, then conv3x3 padding 1."""

    def __init__(self, ch: int):
        super().__init__()
        self.conv = nn.Conv2d(ch, ch, 3, padding=1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2, mode="nearest"))


class Level(nn.Module):
    """One resolution of the encoder or decoder: res blocks (each followed by attention when the
    resolution is in attention_resolutions), then an optional resample."""

    def __init__(self):
        super().__init__()
        self.res = nn.ModuleList()
        self.attn = nn.ModuleList()
        self.resample: nn.Module | None = None


class UNet(nn.Module):
    def __init__(self, cfg: UNetConfig):
        super().__init__()
        self.cfg = cfg
        B, E, G, eps = cfg.base_channels, cfg.emb_dim, cfg.groups, cfg.norm_eps
        self.time_embed = nn.Sequential(nn.Linear(B, E), nn.SiLU(), nn.Linear(E, E))
        self.text_pool_proj = nn.Linear(cfg.text_dim, E)
        if cfg.aug_embedding:
            self.aug_embed = nn.Sequential(nn.Linear(B, E), nn.SiLU(), nn.Linear(E, E))
        self.conv_in = nn.Conv2d(cfg.in_channels, B, 3, padding=1)
        chans = [B]
        ch, res = B, cfg.resolution
        self.down = nn.ModuleList()
        for i, m in enumerate(cfg.channel_mults):
            lvl = Level()
            for _ in range(cfg.num_res_blocks):
                lvl.res.append(ResBlock(ch, B * m, E, G, eps))
                ch = B * m
                lvl.attn.append(AttentionBlock(ch, cfg.num_heads, cfg.text_dim, G, eps)
                                if res in cfg.attention_resolutions else nn.Identity())
                chans.append(ch)
            if i < len(cfg.channel_mults) - 1:
                lvl.resample = Downsample(ch)
                chans.append(ch)
                res //= 2
            self.down.append(lvl)
        self.mid_res1 = ResBlock(ch, ch, E, G, eps)
        self.mid_attn = AttentionBlock(ch, cfg.num_heads, cfg.text_dim, G, eps)
        self.mid_res2 = ResBlock(ch, ch, E, G, eps)
        self.up = nn.ModuleList()
        for i, m in reversed(list(enumerate(cfg.channel_mults))):
            lvl = Level()
            for _ in range(cfg.num_res_blocks + 1):
                lvl.res.append(ResBlock(ch + chans.pop(), B * m, E, G, eps))
                ch = B * m
                lvl.attn.append(AttentionBlock(ch, cfg.num_heads, cfg.text_dim, G, eps)
                                if res in cfg.attention_resolutions else nn.Identity())
            if i > 0:
                lvl.resample = Upsample(ch)
                res *= 2
            self.up.append(lvl)
        self.norm_out = nn.GroupNorm(G, ch, eps=eps)
        self.conv_out = nn.Conv2d(ch, cfg.out_channels, 3, padding=1)

    def embedding(self, t, pooled, aug=None):
        emb = self.time_embed(timestep_embedding(t, self.cfg.base_channels))   # [N, E]
        emb = emb + self.text_pool_proj(pooled)                               # [N, E]
        if self.cfg.aug_embedding:
            emb = emb + self.aug_embed(timestep_embedding(aug, self.cfg.base_channels))
        return emb

    def forward(self, x, t, tokens, pooled, token_mask=None, aug=None):
        emb = self.embedding(t, pooled, aug)
        h = self.conv_in(x)                                   # [N, B, H, W]
        skips = [h]
        for lvl in self.down:
            for res, attn in zip(lvl.res, lvl.attn):
                h = res(h, emb)
                h = attn(h, tokens, token_mask) if isinstance(attn, AttentionBlock) else h
                skips.append(h)
            if lvl.resample is not None:
                h = lvl.resample(h)                           # [N, C, H/2, W/2]
                skips.append(h)
        h = self.mid_res1(h, emb)
        h = self.mid_attn(h, tokens, token_mask)
        h = self.mid_res2(h, emb)
        for lvl in self.up:
            for res, attn in zip(lvl.res, lvl.attn):
                h = res(torch.cat([h, skips.pop()], dim=1), emb)  # skip concatenated on channels
                h = attn(h, tokens, token_mask) if isinstance(attn, AttentionBlock) else h
            if lvl.resample is not None:
                h = lvl.resample(h)                           # [N, C, 2H, 2W]
        return self.conv_out(F.silu(self.norm_out(h)))        # [N, 3, H, W]


def count_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


def measure_gflops(model: UNet, text_len: int = 16) -> float:
    """FLOPs (2 x multiply-adds, torch.utils.flop_counter) of one forward at batch 1, in GFLOP."""
    from torch.utils.flop_counter import FlopCounterMode
    c = model.cfg
    x = torch.zeros(1, c.in_channels, c.resolution, c.resolution)
    args = (x, torch.full((1,), 0.5), torch.zeros(1, text_len, c.text_dim), torch.zeros(1, c.text_dim))
    kw = {"aug": torch.zeros(1)} if c.aug_embedding else {}
    with torch.no_grad(), FlopCounterMode(display=False) as fc:
        model(*args, **kw)
    return fc.get_total_flops() / 1e9


CONFIGS = {
    # calibrated on an H100 (issue 7): 14.7M params, ~8 GFLOP
    "base-full": UNetConfig(),
    # CPU-reduced: same topology (every block kind), 16 base channels, 1 res block per level
    "base-reduced": UNetConfig(base_channels=16, num_res_blocks=1, groups=8, num_heads=2),
    # <= 20 GFLOP at 256x256: 16 base channels, mults 1,2,4,8, attention at 32x32 only
    "upsampler-full": UNetConfig(resolution=256, in_channels=6, base_channels=16, channel_mults=(1, 2, 4, 8),
                                 num_res_blocks=1, attention_resolutions=(32,), num_heads=4, groups=8,
                                 aug_embedding=True),
    "upsampler-reduced": UNetConfig(resolution=256, in_channels=6, base_channels=8, channel_mults=(1, 2, 4, 8),
                                    num_res_blocks=1, attention_resolutions=(32,), num_heads=2, groups=4,
                                    aug_embedding=True),
}


if __name__ == "__main__":
    torch.set_num_threads(1)
    for name, cfg in CONFIGS.items():
        m = UNet(cfg)
        n = count_params(m)
        print(f"{name:18s} params {n / 1e6:6.2f}M  fp16 {2 * n / 2**20:5.1f} MiB  "
              f"{measure_gflops(m):6.2f} GFLOP/eval at {cfg.resolution}x{cfg.resolution} batch 1")
