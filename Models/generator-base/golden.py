"""Golden vectors for the Swift runtime's tests, from the exported fp16 weights (loaded as f32, as the
runtime does). Fixed inputs from torch.Generator seeds; every input is stored beside its output.

    Models/generator-base/.venv/bin/python Models/generator-base/golden.py --model Models/generator-base
    Models/generator-base/.venv/bin/python Models/generator-base/golden.py --model Models/generator-upsampler

Writes <model>/golden/golden.safetensors (float32) and <model>/golden/golden.json (what each tensor is,
the caption and its token ids, timesteps, guidance scale, and the tolerance to test against).
The upsampler is fully convolutional: its goldens run at 64x64 (16x16 low-res) to stay small; the
attention level is the third (index 3) whatever the input size.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import torch
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from diffusion import DDIM, DPMSolverPP2M, alpha_bar, guided_v, q_sample  # noqa: E402
from export import model_from  # noqa: E402
from text import TextEncoder  # noqa: E402
from unet import timestep_embedding  # noqa: E402

CAPTION = "a medium grinning face in the top left on a blue background, lit from the right"
UP_CAPTION = "a large snail in the center on a green background, lit from the top"


def rand(g, *shape):
    return torch.randn(*shape, generator=g)


@torch.no_grad()
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--guidance", type=float, default=3.0)
    a = ap.parse_args()
    torch.set_num_threads(1)
    model, config = model_from(a.model)
    cfg = model.cfg
    up = cfg.aug_embedding
    enc = TextEncoder()
    cap = UP_CAPTION if up else CAPTION
    ct, _, cp, ids = enc.encode([cap])
    ut, _, upool, uids = enc.encode([""])
    g = torch.Generator().manual_seed(1234)
    T: dict[str, torch.Tensor] = {"text.tokens": ct[0], "text.pooled": cp[0], "uncond.tokens": ut[0],
                                  "uncond.pooled": upool[0]}
    meta: dict = {"caption": cap, "token_ids": ids[0].tolist(), "uncond_token_ids": uids[0].tolist(),
                  "weights_sha256": config["weights"]["sha256"], "tensors": {}}
    R = 64
    t_net = 500

    # --- blocks (hooks record real inputs of a network call) ---
    x_t = rand(g, 1, 3, R, R)
    if up:
        low = rand(g, 1, 3, R // 4, R // 4).clamp(-1, 1)
        aug_t = 100
        eps_aug = rand(g, 1, 3, R // 4, R // 4)
        low_aug, _ = q_sample(low, eps_aug, torch.tensor([aug_t]))
        cond = torch.nn.functional.interpolate(low_aug, scale_factor=4, mode="bilinear", align_corners=False)
        T.update({"lowres.image": low[0], "lowres.eps": eps_aug[0], "lowres.augmented_upsampled": cond[0]})
        meta["lowres"] = {"aug_timestep": aug_t, "alpha_bar": float(alpha_bar(torch.tensor([aug_t]))[0]),
                          "formula": "up = bilinear_x4(sqrt(a) low + sqrt(1-a) eps), align_corners=False"}
        x_in = torch.cat([x_t, cond], 1)
        kw = {"aug": torch.tensor([aug_t / 1000.0])}
    else:
        x_in = torch.cat([x_t, torch.zeros(1, 4, R, R)], 1)
        kw = {}
    emb = model.embedding(torch.tensor([t_net / 1000.0]), cp, kw.get("aug"))
    T["net.emb"] = emb[0]
    T["timestep_embedding.t500"] = timestep_embedding(torch.tensor([0.5]), cfg.base_channels)[0]
    picks = {"resblock": f"down.{len(cfg.channel_mults) - 1}.res.0", "attention": "mid_attn",
             "downsample": f"down.{len(cfg.channel_mults) - 2}.resample", "upsample": "up.0.resample"}
    mods = dict(model.named_modules())
    rec = {}
    hooks = [mods[name].register_forward_hook(lambda m, i, o, k=k: None if k in rec else rec.__setitem__(k, (i, o)))
             for k, name in picks.items()]
    out = model(x_in, torch.tensor([t_net / 1000.0]), ct, cp, None, **kw)
    for h in hooks:
        h.remove()
    for k, name in picks.items():
        inp, o = rec[k]
        T[f"block.{k}.input"] = inp[0][0]
        T[f"block.{k}.output"] = o[0]
        meta["tensors"][f"block.{k}"] = {"module": name, "extra_inputs": "net.emb" if k == "resblock" else
                                         ("text.tokens" if k == "attention" else None)}
    T["net.x_t"] = x_t[0]
    T["net.output"] = out[0]
    meta["net"] = {"timestep": t_net, "t_input": t_net / 1000.0, "input": "cat(net.x_t, " +
                   ("lowres.augmented_upsampled)" if up else "zeros(3), zeros(1)) = text-to-image, no mask") +
                   ", tokens text.tokens, pooled text.pooled", "output_abs_max": float(out.abs().max())}
    if not up:  # inpainting call: known image + mask (1 = keep) in the extra channels
        img = rand(g, 1, 3, R, R).clamp(-1, 1)
        mask = torch.ones(1, 1, R, R)
        mask[..., 8:40, 16:48] = 0
        o2 = model(torch.cat([x_t, img * mask, mask], 1), torch.tensor([t_net / 1000.0]), ct, cp, None)
        T.update({"inpaint.image": img[0], "inpaint.mask": mask[0], "inpaint.output": o2[0]})
        meta["inpaint"] = {"input": "cat(net.x_t, inpaint.image * inpaint.mask, inpaint.mask)", "timestep": t_net}

    # --- samplers end to end with CFG ---
    w = a.guidance if not up else 1.0
    x_T = rand(g, 1, 3, R, R)
    T["sampler.x_T"] = x_T[0]
    for name, sched in (("ddim", DDIM(a.steps)), ("dpmpp_2m", DPMSolverPP2M(a.steps))):
        x = x_T.clone()
        for i, t in enumerate(sched.timesteps):
            x_in = torch.cat([x, cond], 1) if up else torch.cat([x, torch.zeros(1, 4, R, R)], 1)
            v = guided_v(model, x_in, t / 1000.0, (ct, cp), (ut, upool), w, kw.get("aug"))
            if i == 0:
                T[f"sampler.{name}.v_step0"] = v[0]
            x = sched.step(v, t, x)
            if i in (0, 1) or i == len(sched.timesteps) - 1:
                T[f"sampler.{name}.x_after_step{i}"] = x[0]
        meta[f"sampler.{name}"] = {"steps": a.steps, "timesteps": sched.timesteps, "guidance": w, "eta": 0.0}
    meta["tolerance"] = "max abs error <= 1e-3 * max(1, |reference|.max()) per tensor (issue 8)"
    meta["shapes"] = {k: list(v.shape) for k, v in T.items()}
    gdir = os.path.join(a.model, "golden")
    os.makedirs(gdir, exist_ok=True)
    save_file({k: v.float().clone().contiguous() for k, v in T.items()}, os.path.join(gdir, "golden.safetensors"))
    with open(os.path.join(gdir, "golden.json"), "w") as f:
        json.dump(meta, f, indent=1)
    size = os.path.getsize(os.path.join(gdir, "golden.safetensors"))
    print(f"wrote {len(T)} tensors, {size / 1024:.0f} KiB to {gdir}")


if __name__ == "__main__":
    main()
