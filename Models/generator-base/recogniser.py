"""Object-identity recogniser for the adherence evaluation: a small CNN trained on clean renders of
the vocabulary's sprites (single object, any position/size/background/light, training split), then
measured on held-out ground-truth renders (its ceiling) and used by evaluate.py on generated images.

    Models/generator-base/.venv/bin/python Models/generator-base/recogniser.py --minutes 8
Writes Models/generator-base/eval/recogniser.safetensors (+ recogniser.json with its accuracy).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "scenes"))
EVAL_DIR = os.path.join(HERE, "eval")


class Recogniser(nn.Module):
    def __init__(self, classes: int):
        super().__init__()
        chans = [3, 32, 64, 96, 128]
        self.convs = nn.ModuleList(nn.Conv2d(a, b, 3, padding=1, stride=2 if i == 0 else 1)
                                   for i, (a, b) in enumerate(zip(chans, chans[1:])))
        self.norms = nn.ModuleList(nn.BatchNorm2d(b) for b in chans[1:])
        self.head = nn.Linear(chans[-1], classes)

    def forward(self, x):  # [N,3,64,64] in [-1,1]
        for c, n in zip(self.convs, self.norms):
            x = F.relu(n(c(x)))                       # first conv strides 2: 64 -> 32
            x = F.max_pool2d(x, 2) if x.shape[-1] > 4 else x   # 32 -> 16 -> 8 -> 4
        return self.head(x.amax(dim=(2, 3)))        # global max pool: position-invariant


def _single(ds, i):
    """Item i as a one-object scene (two-object training scenes keep their first object)."""
    from render import Scene
    sc, _ = ds.scene(i)
    sc = Scene(sc.objects[:1], sc.colour, sc.colour2, sc.gradient, sc.light)
    return ds.renderer.render(sc), sc.objects[0].emoji


def load(classes_path=None):
    meta = json.load(open(os.path.join(EVAL_DIR, "recogniser.json")))
    m = Recogniser(len(meta["classes"]))
    m.load_state_dict({k: v.float() for k, v in load_file(os.path.join(EVAL_DIR, "recogniser.safetensors")).items()},
                      strict=False)  # BatchNorm's num_batches_tracked is not stored
    return m.eval(), meta


@torch.no_grad()
def topk(model, meta, images: list[np.ndarray], emoji: list[int], k: int = 5):
    cls = {e: i for i, e in enumerate(meta["classes"])}
    x = torch.from_numpy(np.stack(images)).permute(0, 3, 1, 2).float() / 127.5 - 1
    logits = model(x)
    top = logits.topk(k, dim=1).indices
    y = torch.tensor([cls[e] for e in emoji])
    return float((top[:, 0] == y).float().mean()), float((top == y[:, None]).any(1).float().mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=8)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--vocab", type=int, default=200)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    from dataset import SceneDataset
    ds = SceneDataset(seed=11, resolution=64, vocab=a.vocab, two_object_rate=0.0)
    classes = [e.index for e in ds.items]
    cls = {e: i for i, e in enumerate(classes)}
    model = Recogniser(len(classes))
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    t0, step = time.time(), 0
    while time.time() - t0 < a.minutes * 60:
        batch = [_single(ds, step * a.batch + j) for j in range(a.batch)]
        x = torch.from_numpy(np.stack([b[0] for b in batch])).permute(0, 3, 1, 2).float() / 127.5 - 1
        y = torch.tensor([cls[b[1]] for b in batch])
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 50 == 0:
            print(f"step {step} loss {loss.item():.3f} {step * a.batch / (time.time() - t0):.0f} img/s", flush=True)
    model.eval()
    held = SceneDataset(seed=7, resolution=64, vocab=a.vocab, split="heldout")
    items = [held[i] for i in range(500)]
    top1, top5 = topk(model, {"classes": classes}, [it[0] for it in items], [it[2].objects[0].emoji for it in items])
    os.makedirs(EVAL_DIR, exist_ok=True)
    save_file({k: v.half().contiguous() for k, v in model.state_dict().items() if v.dtype.is_floating_point},
              os.path.join(EVAL_DIR, "recogniser.safetensors"))
    meta = {"classes": classes, "train_steps": step, "images_seen": step * a.batch,
            "seconds": round(time.time() - t0, 1), "heldout_ground_truth_top1": round(top1, 4),
            "heldout_ground_truth_top5": round(top5, 4), "heldout_n": 500,
            "command": f"recogniser.py --minutes {a.minutes} --batch {a.batch} --vocab {a.vocab}"}
    json.dump(meta, open(os.path.join(EVAL_DIR, "recogniser.json"), "w"), indent=1)
    print({k: v for k, v in meta.items() if k != "classes"})


if __name__ == "__main__":
    main()
