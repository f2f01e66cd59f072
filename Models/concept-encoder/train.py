"""LiT training of the concept image encoder: the text tower (MiniLM) is frozen, its embeddings of
every object's caption phrasings form the classifier bank, and the image tower learns to land
next to the captions of the objects in its scene (soft cross-entropy over the whole bank at a
learned temperature; two-object scenes share the target).

    # CPU, reduced (what this session ran): a wall-time budget, resumable
    Models/concept-encoder/.venv/bin/python Models/concept-encoder/train.py --minutes 25 --threads 2
    # GPU later: same command with --device cuda --batch 512 --minutes 9, repeated; each segment
    # resumes from work/checkpoint.pt, or from the committed model.safetensors when it is missing.

Writes work/checkpoint.pt (optimizer state, git-ignored), model.safetensors (fp16 export),
training_log.csv (appended) after each segment.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

from data import ConceptScenes, ObjectTable
from encoder import ConceptEncoder, preprocess
from text_bank import cached_bank

HERE = os.path.dirname(os.path.abspath(__file__))
CKPT = os.path.join(HERE, "work", "checkpoint.pt")
EXPORT = os.path.join(HERE, "model.safetensors")
LOG = os.path.join(HERE, "training_log.csv")


def augment(x: torch.Tensor, rng: np.random.Generator) -> torch.Tensor:
    """Flips, and noise on a third of the batch (generated images are not clean renders)."""
    flip = torch.from_numpy(rng.random(x.shape[0]) < 0.5)
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    noisy = torch.from_numpy(rng.random(x.shape[0]) < 0.33)[:, None, None, None]
    sigma = torch.from_numpy(rng.uniform(0.02, 0.12, x.shape[0]).astype(np.float32))[:, None, None, None] / 0.25
    return torch.where(noisy, x + sigma * torch.randn_like(x), x)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=25.0, help="wall-time budget of this segment")
    ap.add_argument("--total-steps", type=int, default=20000, help="length of the cosine schedule")
    ap.add_argument("--batch", type=int, default=96)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cosine-weight", type=float, default=1.0,
                    help="weight of 1 - cos(image, mean caption embedding of its objects), added to the bank loss")
    ap.add_argument("--decay-by-time", action="store_true",
                    help="finish the cosine decay when the wall-time budget ends (a shared CPU's speed is unknown)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    table = ObjectTable()
    train_ids = table.training_objects()
    bank_all = cached_bank(table.texts)                              # [N_obj, 3, 384]
    index_of = {o: k for k, o in enumerate(train_ids)}
    bank = bank_all[train_ids].to(a.device)                          # [N_train, 3, 384]
    data = ConceptScenes(table, seed=a.seed, split="train", kind="train")

    model = ConceptEncoder().to(a.device)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.05)
    step, seen, wall = 0, 0, 0.0
    if os.path.exists(CKPT):
        ck = torch.load(CKPT, map_location=a.device, weights_only=False)  # our own file (optimizer state)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, seen, wall = ck["step"], ck["seen"], ck["wall"]
        print(f"resumed from {CKPT} at step {step}")
    elif os.path.exists(EXPORT):
        state = {k: v.float() for k, v in load_file(EXPORT).items()}
        print("resumed weights from model.safetensors:", model.load_state_dict(state, strict=False))
        meta = json.load(open(os.path.join(HERE, "config.json"))).get("training", {})
        step, seen, wall = meta.get("steps", 0), meta.get("images_seen", 0), meta.get("wall_seconds", 0.0)
    print(f"{len(train_ids)} training objects ({sum(table.unsafe[i] for i in train_ids)} unsafe), "
          f"{sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters")

    rng = np.random.default_rng([a.seed, step])
    new_log = not os.path.exists(LOG)
    logf = open(LOG, "a", newline="")
    log = csv.writer(logf)
    if new_log:
        log.writerow(["step", "images_seen", "wall_seconds", "loss", "top1", "lr"])
    t0 = time.time()
    seen0 = seen
    ema_loss, ema_acc = None, None
    while time.time() - t0 < a.minutes * 60:
        imgs, ids = data.batch(step * a.batch, a.batch)
        x = augment(preprocess(torch.from_numpy(imgs)), rng).to(a.device)
        target = torch.zeros(len(ids), len(train_ids))
        for r, objs in enumerate(ids):
            for o in objs:
                target[r, index_of[o]] = 1.0 / len(objs)
        target = target.to(a.device)
        k = int(rng.integers(bank.shape[1]))
        warm = min(1.0, (step + 1) / max(1, min(200, a.total_steps // 10)))
        progress = min(step, a.total_steps) / a.total_steps
        if a.decay_by_time:
            progress = max(progress, (time.time() - t0) / (a.minutes * 60))
        lr = a.lr * warm * 0.5 * (1 + np.cos(np.pi * min(1.0, progress)))
        for g in opt.param_groups:
            g["lr"] = lr
        emb = model(x)                                               # [B, 384]
        logits = model.logit_scale.exp().clamp(max=100) * emb @ bank[:, k].T   # [B, N_train]
        loss = -(target * F.log_softmax(logits, -1)).sum(-1).mean()
        if a.cosine_weight > 0:   # pull straight towards the captions: a dense signal while identity is still weak
            goal = F.normalize(target @ bank[:, k], dim=-1)                       # [B, 384]
            loss = loss + a.cosine_weight * (1 - (emb * goal).sum(-1)).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        acc = (target.gather(1, logits.argmax(-1, keepdim=True)) > 0).float().mean().item()
        ema_loss = loss.item() if ema_loss is None else 0.98 * ema_loss + 0.02 * loss.item()
        ema_acc = acc if ema_acc is None else 0.98 * ema_acc + 0.02 * acc
        step += 1
        seen += len(ids)
        if step % 25 == 0:
            el = wall + time.time() - t0
            log.writerow([step, seen, f"{el:.1f}", f"{ema_loss:.4f}", f"{ema_acc:.4f}", f"{lr:.2e}"])
            logf.flush()
            print(f"step {step} seen {seen} loss {ema_loss:.3f} top1 {ema_acc:.3f} lr {lr:.1e} "
                  f"{(seen - seen0) / (time.time() - t0 + 1e-9):.0f} img/s", flush=True)
    wall += time.time() - t0
    logf.close()
    os.makedirs(os.path.dirname(CKPT), exist_ok=True)
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": int(step), "seen": int(seen),
                "wall": float(wall)}, CKPT)
    save_file({k: v.detach().to(torch.float16).contiguous().cpu() for k, v in model.export_state().items()}, EXPORT)
    state_path = os.path.join(HERE, "work", "training_state.json")
    json.dump({"steps": step, "images_seen": seen, "wall_seconds": round(wall, 1), "batch": a.batch,
               "lr": a.lr, "total_steps": a.total_steps, "threads": a.threads, "device": a.device},
              open(state_path, "w"), indent=1)
    print(f"segment done: step {step}, {seen} images, {wall:.0f} s total; wrote {EXPORT}")


if __name__ == "__main__":
    main()
