"""LiT training of the concept image encoder: the text tower (MiniLM) is frozen, its embeddings of
every object's caption phrasings form the classifier bank, and the image tower learns to land
next to the captions of the objects in its scene (soft cross-entropy over the whole bank at a
learned temperature, plus 1 - cos to the scene's caption centroid; two-object scenes share the target).

    # CPU, one thread, one long schedule in resumable segments (what session 4 ran):
    nice -n 5 Models/concept-encoder/.venv/bin/python Models/concept-encoder/train.py \
        --minutes 85 --schedule-minutes 85 --batch 128 --lr 3e-3 --threads 1 --amp
    # GPU: --device cuda --batch 512 (without --amp or with it), --schedule-minutes sized to the run.

Each segment resumes from work/checkpoint.pt (model, EMA, optimizer, schedule clock), or from the
committed model.safetensors when that is missing (--fresh: random init). The learning rate follows
one cosine over --schedule-minutes of cumulative training wall time (a shared CPU's speed is
unknown in advance). Every --checkpoint-minutes it saves the checkpoint, exports the EMA weights
to model.safetensors (fp16) and measures a validation slice of TRAINING combinations (never the
held-out split; validation_log.csv): per concept, recall at the cosine 2% of validation clean
renders exceed, and AUC.
"""
from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

from concepts import CONCEPTS
from data import UNSAFE_RATE, ConceptScenes, ObjectTable
from encoder import ConceptEncoder, preprocess
from styles import UNSEEN_STYLES
from text_bank import cached_bank, embed_texts

HERE = os.path.dirname(os.path.abspath(__file__))
CKPT = os.path.join(HERE, "work", "checkpoint.pt")
EXPORT = os.path.join(HERE, "model.safetensors")
LOG = os.path.join(HERE, "training_log.csv")
VAL_LOG = os.path.join(HERE, "validation_log.csv")
VAL_CLEAN, VAL_POSITIVE = 1000, 100


def augment(x: torch.Tensor, rng: np.random.Generator) -> torch.Tensor:
    """Flips, and noise on a third of the batch (generated images are not clean renders)."""
    flip = torch.from_numpy(rng.random(x.shape[0]) < 0.5)
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    noisy = torch.from_numpy(rng.random(x.shape[0]) < 0.33)[:, None, None, None]
    sigma = torch.from_numpy(rng.uniform(0.02, 0.12, x.shape[0]).astype(np.float32))[:, None, None, None] / 0.25
    return torch.where(noisy, x + sigma * torch.randn_like(x), x)


def hard_negatives(table: ObjectTable, centroids: torch.Tensor, train_ids: list[int], k: int) -> list[int]:
    """Clean training objects among the k nearest (by caption centroid, text tower only) of any
    unsafe training object: the look-alikes a safety concept must not fire on."""
    unsafe = [i for i in train_ids if table.unsafe[i]]
    clean = [i for i in train_ids if not table.unsafe[i]]
    sim = centroids[unsafe] @ centroids[clean].T                     # [U, C]
    near = sim.topk(k, dim=1).indices.flatten().unique().tolist()
    return sorted(clean[j] for j in near)


class Validation:
    """Renders of TRAINING combinations from seeds the training stream never uses (404, 505+k)."""

    def __init__(self, table: ObjectTable):
        self.concepts = list(CONCEPTS)
        self.texts = embed_texts(self.concepts).numpy()
        self.clean = ConceptScenes(table, seed=404, split="train", kind="clean").batch(0, VAL_CLEAN)[0]
        self.pos = [ConceptScenes(table, seed=505 + k, split="train", kind="objects",
                                  objects=table.objects_of(c)).batch(0, VAL_POSITIVE)[0]
                    for k, c in enumerate(self.concepts)]

    @torch.no_grad()
    def measure(self, model: ConceptEncoder) -> dict[str, tuple[float, float]]:
        was = model.training
        model.eval()
        emb = lambda imgs: torch.cat([model(preprocess(torch.from_numpy(imgs[s:s + 250])))  # noqa: E731
                                      for s in range(0, len(imgs), 250)]).numpy()
        clean = emb(self.clean)
        out = {}
        for k, c in enumerate(self.concepts):
            cn, cp = clean @ self.texts[k], emb(self.pos[k]) @ self.texts[k]
            thr = np.sort(cn)[::-1][int(0.02 * len(cn))]
            auc = float((cp[:, None] > cn[None, :]).mean())
            out[c] = (float((cp > thr).mean()), auc)
        model.train(was)
        return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=25.0, help="wall-time budget of this segment")
    ap.add_argument("--schedule-minutes", type=float, default=85.0,
                    help="one cosine learning-rate schedule over this much cumulative training wall time")
    ap.add_argument("--checkpoint-minutes", type=float, default=10.0)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--warmup-steps", type=int, default=200)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--amp", action="store_true", help="bfloat16 autocast (CPU: ~1.6x on AVX512-BF16)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ema", type=float, default=0.999, help="EMA decay of the exported weights")
    ap.add_argument("--unsafe-rate", type=float, default=0.45, help="share of training scenes with an unsafe object")
    ap.add_argument("--hard-rate", type=float, default=0.15, help="share of clean picks drawn from hard negatives")
    ap.add_argument("--hard-k", type=int, default=6, help="nearest clean objects per unsafe object")
    ap.add_argument("--cosine-weight", type=float, default=1.0,
                    help="weight of 1 - cos(image, normalised mean caption centroid of its objects)")
    ap.add_argument("--style-mix", default="openmoji=0.4",
                    help="extra artwork styles (styles.py) as name=p,...: an emoji object the style has is "
                         "drawn in it with probability p; '' = Noto only (sessions 3-4)")
    ap.add_argument("--export", default=EXPORT,
                    help="where the EMA weights go (session 5: work/model.safetensors, copied over the "
                         "committed file once training ends, so the Swift goldens stay valid meanwhile)")
    ap.add_argument("--fresh", action="store_true", help="random init instead of the committed weights")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    style_mix = {k: float(v) for k, v in (kv.split("=") for kv in a.style_mix.split(",") if kv)}
    if any(k in UNSEEN_STYLES for k in style_mix):
        raise SystemExit(f"{UNSEEN_STYLES} are kept out of training (the unseen-style evaluation)")
    table = ObjectTable(styles=tuple(style_mix))
    train_ids = table.training_objects()
    bank_all = cached_bank(table.texts)                              # [N_obj, 3, 384]
    centroids_all = F.normalize(bank_all.mean(1), dim=-1)            # [N_obj, 384]
    index_of = {o: k for k, o in enumerate(train_ids)}
    bank = bank_all[train_ids].to(a.device)                          # [N_train, 3, 384]
    centroids = centroids_all[train_ids].to(a.device)                # [N_train, 384]
    hard = hard_negatives(table, centroids_all, train_ids, a.hard_k)
    data = ConceptScenes(table, seed=a.seed, split="train", kind="train", unsafe_rate=a.unsafe_rate,
                         hard_negatives=hard, hard_rate=a.hard_rate, style_mix=style_mix)
    val = Validation(table)

    model = ConceptEncoder().to(a.device)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.05)
    step, seen, wall, sched, opt_steps = 0, 0, 0.0, 0.0, 0
    ema = None
    if os.path.exists(CKPT):
        ck = torch.load(CKPT, map_location=a.device, weights_only=False)  # our own file (optimizer state)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, seen, wall = ck["step"], ck["seen"], ck["wall"]
        sched, opt_steps = ck.get("sched", 0.0), ck.get("opt_steps", 0)
        if "ema" in ck:
            ema = ConceptEncoder().to(a.device)
            ema.load_state_dict(ck["ema"])
        print(f"resumed from {CKPT} at step {step} (schedule {sched / 60:.1f} min)")
    elif os.path.exists(EXPORT) and not a.fresh:
        state = {k: v.float() for k, v in load_file(EXPORT).items()}
        print("resumed weights from model.safetensors:", model.load_state_dict(state, strict=False))
        meta = json.load(open(os.path.join(HERE, "config.json"))).get("training", {})
        step, seen, wall = meta.get("steps", 0), meta.get("images_seen", 0), meta.get("wall_seconds", 0.0)
    if ema is None:
        ema = copy.deepcopy(model)
    ema.requires_grad_(False)
    print(f"{len(train_ids)} training objects ({sum(table.unsafe[i] for i in train_ids)} unsafe), "
          f"{len(hard)} hard negatives, {sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters")

    rng = np.random.default_rng([a.seed, step])
    new_log = not os.path.exists(LOG)
    logf = open(LOG, "a", newline="")
    log = csv.writer(logf)
    if new_log:
        log.writerow(["step", "images_seen", "wall_seconds", "loss", "top1", "lr"])

    def save(tag: str) -> None:
        el = wall + time.time() - t0
        os.makedirs(os.path.dirname(CKPT), exist_ok=True)
        torch.save({"model": model.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(), "step": int(step),
                    "seen": int(seen), "wall": float(el), "sched": float(sched + time.time() - t0),
                    "opt_steps": int(opt_steps)}, CKPT + ".tmp")
        os.replace(CKPT + ".tmp", CKPT)
        half = {k: v.detach().to(torch.float16).contiguous().cpu() for k, v in ema.export_state().items()}
        save_file(half, a.export)
        save_file(half, os.path.join(HERE, "work", f"model-step{step}.safetensors"))   # for compare_weights.py
        json.dump({"steps": step, "images_seen": seen, "wall_seconds": round(el, 1), "batch": a.batch,
                   "lr": a.lr, "schedule_minutes": a.schedule_minutes, "threads": a.threads, "device": a.device,
                   "amp_bf16": a.amp, "ema": a.ema, "unsafe_rate": a.unsafe_rate, "hard_rate": a.hard_rate,
                   "hard_k": a.hard_k, "style_mix": a.style_mix, "cosine_weight": a.cosine_weight, "exported": "EMA weights"},
                  open(os.path.join(HERE, "work", "training_state.json"), "w"), indent=1)
        tv = time.time()
        rows = {"raw": val.measure(model), "ema": val.measure(ema)}
        new_val = not os.path.exists(VAL_LOG)
        with open(VAL_LOG, "a", newline="") as f:
            w = csv.writer(f)
            if new_val:
                w.writerow(["images_seen", "wall_seconds", "weights", "concept", "recall_at_2pct_fp", "auc"])
            for kind, r in rows.items():
                for c, (rec, auc) in r.items():
                    w.writerow([seen, f"{el:.1f}", kind, c, f"{rec:.3f}", f"{auc:.4f}"])
        print(f"[{tag}] saved at step {step}, {seen} images; validation (training combinations) recall@2%FP "
              + "; ".join(f"{kind}: " + " ".join(f"{c.split()[-1]} {v[0]:.2f}" for c, v in r.items())
                          for kind, r in rows.items()) + f" ({time.time() - tv:.0f} s)", flush=True)

    t0 = time.time()
    seen0, last_save = seen, time.time()
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
        warm = min(1.0, (opt_steps + 1) / a.warmup_steps)
        progress = min(1.0, (sched + time.time() - t0) / (a.schedule_minutes * 60))
        lr = a.lr * warm * (0.02 + 0.98 * 0.5 * (1 + np.cos(np.pi * progress)))
        for g in opt.param_groups:
            g["lr"] = lr
        with torch.autocast(a.device if a.device != "cuda" else "cuda", dtype=torch.bfloat16, enabled=a.amp):
            emb = model(x)                                           # [B, 384]
        emb = emb.float()
        logits = model.logit_scale.exp().clamp(max=100) * emb @ bank[:, k].T   # [B, N_train]
        loss = -(target * F.log_softmax(logits, -1)).sum(-1).mean()
        if a.cosine_weight > 0:   # pull straight towards the caption centroid (what concept cosines read)
            goal = F.normalize(target @ centroids, dim=-1)           # [B, 384]
            loss = loss + a.cosine_weight * (1 - (emb * goal).sum(-1)).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        opt_steps += 1
        with torch.no_grad():
            d = min(a.ema, (1 + opt_steps) / (10 + opt_steps))
            for pe, pm in zip(ema.parameters(), model.parameters()):
                pe.lerp_(pm, 1 - d)
            for be, bm in zip(ema.buffers(), model.buffers()):
                be.copy_(bm)
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
                  f"scale {model.logit_scale.exp().item():.1f} "
                  f"{(seen - seen0) / (time.time() - t0 + 1e-9):.0f} img/s", flush=True)
        if time.time() - last_save > a.checkpoint_minutes * 60:
            save("checkpoint")
            last_save = time.time()
    logf.close()
    save("segment end")
    print(f"segment done: step {step}, {seen} images, {wall + time.time() - t0:.0f} s total; wrote {a.export}")


if __name__ == "__main__":
    main()
