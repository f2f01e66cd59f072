"""Train the base model (64x64, text + inpainting) or the upsampler (64->256) in one self-contained,
resumable segment: it loads the exported fp16 EMA weights from --out when present, trains for
--minutes, then exports fp16 EMA weights + config.json (with sha256) and appends to training_log.csv.
No optimizer state is kept between segments (AdamW restarts with a short warm-up each segment).

CPU, reduced configuration (what this repository's committed weights are):
    Models/generator-base/.venv/bin/python Models/generator-base/train.py --stage base \
        --config base-reduced --minutes 10 --batch 16 --threads 1
GPU, full configuration (one ~9 minute segment; repeat to resume):
    python Models/generator-base/train.py --stage base --config base-full --minutes 8.5 \
        --batch 256 --workers 14 --text online --bf16
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "scenes"))

from diffusion import T, q_sample  # noqa: E402
from export import export, load_exported  # noqa: E402
from unet import CONFIGS, UNet, count_params, measure_gflops  # noqa: E402

SIZE_FRAC = None


def object_box_px(sc, k, res):
    from render import box
    x0, y0, x1, y1 = box(sc.objects[k].position, sc.objects[k].size)
    return int(x0 * res), int(y0 * res), int(math.ceil(x1 * res)), int(math.ceil(y1 * res))


def inpaint_masks(scenes, res, rng, p_inpaint=0.5):
    """mask [N,1,H,W], 1 = known pixel. Half the batch is text-to-image (all zeros); the rest: an object's
    box unknown (35%), a random rectangle unknown (35%), only an object's box known (30%)."""
    n = len(scenes)
    m = np.zeros((n, 1, res, res), np.float32)
    for i, sc in enumerate(scenes):
        if rng.random() >= p_inpaint:
            continue
        u = rng.random()
        k = int(rng.integers(len(sc.objects)))
        x0, y0, x1, y1 = object_box_px(sc, k, res)
        if u < 0.35:
            m[i] = 1
            m[i, :, y0:y1, x0:x1] = 0
        elif u < 0.7:
            w, h = rng.integers(res // 8, res * 3 // 4, size=2)
            x, y = rng.integers(0, res - w), rng.integers(0, res - h)
            m[i] = 1
            m[i, :, y:y + h, x:x + w] = 0
        else:
            m[i, :, y0:y1, x0:x1] = 1
    return m


class Batches(torch.utils.data.IterableDataset):
    """Endless stream of (images uint8 [B,R,R,3], captions, scenes, pool indices) rendered on the fly."""

    def __init__(self, args, resolution, pool=None):
        self.args, self.res, self.pool = args, resolution, pool

    def __iter__(self):
        from dataset import SceneDataset
        info = torch.utils.data.get_worker_info()
        wid, nw = (info.id, info.num_workers) if info else (0, 1)
        ds = SceneDataset(seed=self.args.seed, resolution=self.res, vocab=self.args.vocab)
        rng = np.random.default_rng([self.args.seed, self.args.segment_seed, wid])
        j = wid
        while True:
            if self.pool:
                idx = rng.integers(self.pool, size=self.args.batch)
            else:
                idx = np.arange(j * self.args.batch, (j + 1) * self.args.batch) + self.args.segment_seed * 10**9
                j += nw
            items = [ds[int(i)] for i in idx]
            yield (np.stack([it[0] for it in items]), [it[1] for it in items], [it[2] for it in items], idx)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--stage", choices=["base", "upsampler"], default="base")
    ap.add_argument("--config", default=None, help="one of unet.CONFIGS (default: <stage>-reduced)")
    ap.add_argument("--out", default=None)
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--ema", type=float, default=0.995)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--cfg-drop", type=float, default=0.1)
    ap.add_argument("--vocab", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--text", choices=["pool", "online"], default="pool",
                    help="pool: encode a fixed pool of --pool scenes once (CPU); online: encode each batch (GPU)")
    ap.add_argument("--pool", type=int, default=4096)
    ap.add_argument("--crop", type=int, default=128, help="upsampler: train on random crops of this size")
    ap.add_argument("--bf16", action="store_true")
    ap.add_argument("--fresh", action="store_true", help="ignore exported weights in --out")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    cfg_name = args.config or f"{args.stage}-reduced"
    cfg = CONFIGS[cfg_name]
    out = args.out or os.path.join(HERE, "..", "generator-" + args.stage)
    os.makedirs(out, exist_ok=True)
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(args.seed)

    model = UNet(cfg).to(dev)
    record = {"segments": 0, "steps": 0, "images_seen": 0, "train_seconds": 0.0, "history": []}
    if not args.fresh and os.path.exists(os.path.join(out, "model.safetensors")):
        state, old = load_exported(out)
        if old["unet"] == cfg.to_dict():
            model.load_state_dict(state)
            record = old.get("training", record)
            print(f"resumed from {out}: {record['steps']} steps, {record['images_seen']} images seen")
        else:
            print("exported weights have another architecture: starting fresh")
    ema = UNet(cfg).to(dev)
    ema.load_state_dict(model.state_dict())
    ema.requires_grad_(False)
    n_params = count_params(model)
    gflops = measure_gflops(UNet(cfg))
    print(f"{cfg_name}: {n_params / 1e6:.2f}M params, {gflops:.2f} GFLOP/eval, device {dev}")

    from text import TextEncoder
    enc = TextEncoder(dev)
    u_tok, u_mask, u_pool, _ = enc.encode([""])
    res = cfg.resolution
    pool = None
    args.segment_seed = record["segments"] + 1
    if args.text == "pool":
        from dataset import SceneDataset
        cache = os.path.join(HERE, "work", f"text-pool-s{args.seed}-v{args.vocab}-n{args.pool}.pt")
        if os.path.exists(cache):
            pool = torch.load(cache)
            print(f"text pool from {cache}")
        else:
            ds = SceneDataset(seed=args.seed, resolution=8, vocab=args.vocab)
            caps = [ds.scene(i)[1] for i in range(args.pool)]
            t0 = time.time()
            toks, masks, pooled = [], [], []
            for i in range(0, len(caps), 256):
                t_, m_, p_, _ = enc.encode(caps[i:i + 256])
                toks.append(F.pad(t_, (0, 0, 0, 80 - t_.shape[1])).half())
                masks.append(F.pad(m_, (0, 80 - m_.shape[1])))
                pooled.append(p_)
            pool = (torch.cat(toks), torch.cat(masks), torch.cat(pooled))
            L = int(pool[1].sum(1).max())
            pool = (pool[0][:, :L], pool[1][:, :L], pool[2])
            print(f"encoded a pool of {len(caps)} captions in {time.time() - t0:.1f}s (max {L} tokens)")
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            torch.save(pool, cache)
    render_res = res
    loader = torch.utils.data.DataLoader(Batches(args, render_res, args.pool if pool else None), batch_size=None,
                                         num_workers=args.workers, prefetch_factor=4 if args.workers else None,
                                         persistent_workers=False)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.0)
    rng = np.random.default_rng([args.seed, args.segment_seed, 99])
    log_path = os.path.join(out, "training_log.csv")
    new_log = not os.path.exists(log_path)
    logf = open(log_path, "a", newline="")
    logw = csv.writer(logf)
    if new_log:
        logw.writerow(["segment", "step", "images_seen", "train_seconds", "loss"])
    t_start = time.time()
    step0, seen0, secs0 = record["steps"], record["images_seen"], record["train_seconds"]
    step, run_loss, n_loss = 0, 0.0, 0
    for imgs, caps, scenes, idx in loader:
        imgs, idx = torch.as_tensor(imgs), torch.as_tensor(idx).long()
        x0 = imgs.to(dev).permute(0, 3, 1, 2).float() / 127.5 - 1  # [B,3,R,R]
        B = x0.shape[0]
        if pool:
            tok = pool[0][idx].float().to(dev)
            msk = pool[1][idx].to(dev)
            pld = pool[2][idx].to(dev)
        else:
            tok, msk, pld, _ = enc.encode(list(caps))
        drop = torch.from_numpy(rng.random(B) < args.cfg_drop).to(dev)
        if drop.any():  # classifier-free guidance dropout: the empty caption's encoding
            tok = tok.clone()
            msk = msk.clone()
            tok[drop] = 0
            tok[drop, :u_tok.shape[1]] = u_tok[0]
            msk[drop] = False
            msk[drop, :u_tok.shape[1]] = True
            pld = torch.where(drop[:, None], u_pool.expand(B, -1), pld)
        timesteps = torch.from_numpy(rng.integers(0, T, size=B)).to(dev)
        eps = torch.randn_like(x0)
        kw = {}
        if args.stage == "base":
            x_t, v = q_sample(x0, eps, timesteps)
            m = torch.from_numpy(inpaint_masks(scenes, res, rng)).to(dev)
            x_in = torch.cat([x_t, x0 * m, m], 1)                                   # [B,7,R,R]
        else:
            low = F.avg_pool2d(x0, 4)                                               # [B,3,R/4,R/4]
            aug_t = torch.from_numpy(rng.integers(0, 250, size=B)).to(dev)
            low_aug, _ = q_sample(low, torch.randn_like(low), aug_t)
            up = F.interpolate(low_aug, scale_factor=4, mode="bilinear", align_corners=False)
            c = args.crop
            oy, ox = (int(z) for z in rng.integers(0, res - c + 1, size=2))
            x0c, upc = x0[..., oy:oy + c, ox:ox + c], up[..., oy:oy + c, ox:ox + c]
            x_t, v = q_sample(x0c, eps[..., :c, :c], timesteps)
            x_in = torch.cat([x_t, upc], 1)                                          # [B,6,c,c]
            kw["aug"] = aug_t.float() / T
        lr = args.lr * min(1.0, (step + 1) / args.warmup)
        for g in opt.param_groups:
            g["lr"] = lr
        with torch.autocast(dev, dtype=torch.bfloat16, enabled=args.bf16):
            pred = model(x_in, timesteps.float() / T, tok, pld, msk, **kw)
        loss = F.mse_loss(pred.float(), v)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            for pe, pm in zip(ema.parameters(), model.parameters()):
                pe.lerp_(pm, 1 - args.ema)
        step += 1
        run_loss += loss.item()
        n_loss += 1
        elapsed = time.time() - t_start
        if step % 20 == 0:
            logw.writerow([args.segment_seed, step0 + step, seen0 + step * B, round(secs0 + elapsed, 1),
                           round(run_loss / n_loss, 5)])
            logf.flush()
            print(f"step {step0 + step} loss {run_loss / n_loss:.4f} {step * B / elapsed:.1f} img/s "
                  f"elapsed {elapsed:.0f}s", flush=True)
            run_loss, n_loss = 0.0, 0
        if elapsed > args.minutes * 60:
            break
    logf.close()
    elapsed = time.time() - t_start
    record = {"segments": record["segments"] + 1, "steps": step0 + step, "images_seen": seen0 + step * B,
              "train_seconds": round(secs0 + elapsed, 1),
              "history": record.get("history", []) + [{
                  "segment": record["segments"] + 1, "device": torch.cuda.get_device_name() if dev == "cuda"
                  else f"CPU, {args.threads} thread(s)", "config": cfg_name, "steps": step, "batch": B,
                  "seconds": round(elapsed, 1), "lr": args.lr, "ema": args.ema, "bf16": args.bf16,
                  "text": args.text, "vocab": args.vocab}]}
    export(ema, cfg, cfg_name, args.stage, out, record, n_params, gflops)
    print(f"exported EMA weights to {out}: {record['steps']} steps, {record['images_seen']} images, "
          f"{record['train_seconds']}s in all")


if __name__ == "__main__":
    main()
