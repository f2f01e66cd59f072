"""Export / load: fp16 EMA weights as safetensors (keys = PyTorch module names) + config.json with
every number the Swift runtime needs and the sha256 of the weights file."""
from __future__ import annotations

import hashlib
import json
import os

import torch
from safetensors.torch import load_file, save_file

from diffusion import ALPHAS_CUMPROD, T


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def conditioning(stage: str) -> dict:
    common = {
        "text_encoder": "all-MiniLM-L6-v2 (Models/text-encoder), frozen",
        "tokens": "last hidden states [L, 384] of the real tokens [CLS] ... [SEP], no padding (max 77 tokens)",
        "pooled": "mean of those hidden states, L2-normalised; added to the time embedding via text_pool_proj",
        "cross_attention": "every AttentionBlock: GroupNorm -> self-attention, then GroupNorm -> cross-attention "
                           "to the tokens (kv_cross), each residual",
        "unconditional": "encoding of the empty caption \"\" ([CLS] [SEP]): tokens [2, 384] and its pooled vector",
        "guidance": "v = v_uncond + w * (v_cond - v_uncond)",
        "time_input": "t = timestep / 1000; embedding = cat(cos(1000 t f), sin(1000 t f)), "
                      "f_i = 10000^(-i / (base_channels / 2)), i < base_channels / 2",
        "image_range": "pixels scaled to [-1, 1]: x = p / 127.5 - 1",
    }
    if stage == "base":
        common["input_channels"] = [
            "0-2: x_t", "3-5: masked image = x0 * mask (zeros for text-to-image)",
            "6: mask, 1 = known pixel to keep (zeros for text-to-image)"]
        common["inpainting"] = ("after sampling, restore known pixels exactly: out = mask * image + (1 - mask) * sample")
    else:
        common["input_channels"] = ["0-2: x_t (256x256)",
                                    "3-5: low-res 64x64 image, noise-augmented at timestep aug_timestep "
                                    "(x = sqrt(a) low + sqrt(1 - a) eps), then bilinear x4 (align_corners=False, "
                                    "no antialias: torch F.interpolate)"]
        common["noise_augmentation"] = {"train_timesteps": [0, 249], "sampling_timestep": 100,
                                        "embedding": "aug_embed(timestep_embedding(aug_timestep / 1000)) added to the time embedding"}
    return common


def export(ema, cfg, cfg_name: str, stage: str, out: str, training: dict, n_params: int, gflops: float):
    state = {k: v.detach().to("cpu", torch.float16).contiguous() for k, v in ema.state_dict().items()}
    wpath = os.path.join(out, "model.safetensors")
    save_file(state, wpath, metadata={"format": "pt", "config": cfg_name})
    config = {
        "model": f"generator-{stage}",
        "config_name": cfg_name,
        "reduced_cpu_config": cfg_name.endswith("reduced"),
        "unet": cfg.to_dict(),
        "parameters": n_params,
        "gflop_per_eval_batch1": round(gflops, 3),
        "prediction_type": "v_prediction",
        "schedule": {"kind": "cosine (diffusers squaredcos_cap_v2)", "num_train_timesteps": T,
                     "max_beta": 0.999, "s": 0.008,
                     "alphas_cumprod_first_last": [float(ALPHAS_CUMPROD[0]), float(ALPHAS_CUMPROD[-1])]},
        "samplers": {"ddim": "diffusers DDIMScheduler, trailing spacing, clip_sample=False, set_alpha_to_one=True",
                     "dpmpp_2m": "diffusers DPMSolverMultistepScheduler dpmsolver++ order 2 midpoint, trailing, "
                                 "final_sigmas_type=zero",
                     "defaults": {"steps": 25, "guidance": 3.0 if stage == "base" else 1.0}},
        "conditioning": conditioning(stage),
        "weights": {"file": "model.safetensors", "dtype": "float16", "sha256": sha256(wpath),
                    "keys": "PyTorch module names of unet.UNet (EMA copy)", "tensors": len(state)},
        "training": training,
    }
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    return config


def load_exported(out: str):
    """(fp32 state dict, config dict); checks the sha256."""
    with open(os.path.join(out, "config.json")) as f:
        config = json.load(f)
    wpath = os.path.join(out, config["weights"]["file"])
    if sha256(wpath) != config["weights"]["sha256"]:
        raise ValueError(f"sha256 of {wpath} does not match config.json")
    state = {k: v.float() for k, v in load_file(wpath).items()}
    return state, config


def model_from(out: str):
    from unet import UNet, UNetConfig
    state, config = load_exported(out)
    u = dict(config["unet"])
    u.pop("emb_dim")
    u["channel_mults"] = tuple(u["channel_mults"])
    u["attention_resolutions"] = tuple(u["attention_resolutions"])
    m = UNet(UNetConfig(**u))
    m.load_state_dict(state)
    return m.eval(), config
