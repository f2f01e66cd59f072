"""Adherence of the base model on the held-out split, a sample grid, and the loss plot.

    Models/generator-base/.venv/bin/python Models/generator-base/evaluate.py --model Models/generator-base --n 64

Held-out prompts: single object, solid background, (object, position, colour, light) combinations the
training sampler never produced (Models/scenes/dataset.py, split="heldout"). Samples: DDIM, --steps,
CFG --guidance, from the EMA weights. Colour, position and light are measured by pixel statistics
(Models/scenes/measure.py; their ceiling on ground-truth renders is measured here too). Object
identity needs a recogniser trained on the clean sprites: not built yet (reported as not measured).
Writes adherence.json, samples_heldout.png and loss.png into --model.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "scenes"))
from diffusion import DDIM, guided_v  # noqa: E402
from export import model_from  # noqa: E402
from text import TextEncoder  # noqa: E402


def loss_plot(model_dir: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rows = list(csv.DictReader(open(os.path.join(model_dir, "training_log.csv"))))
    if not rows:
        return
    x = [int(r["images_seen"]) for r in rows]
    y = [float(r["loss"]) for r in rows]
    fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100)
    ax.plot(x, y, lw=1)
    ax.set_xlabel("images seen")
    ax.set_ylabel("v-prediction MSE (mean over 20 steps)")
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    ax.set_title(f"{cfg['model']} ({cfg['config_name']}), {cfg['training']['steps']} steps")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(model_dir, "loss.png"))


@torch.no_grad()
def sample(model, enc, captions, steps, w, seed, batch=8, known=None):
    """DDIM with CFG; known = list of (image uint8 [64,64,3], mask [64,64] 1 = keep) for inpainting.
    Returns the raw samples (inpainting: before known pixels are restored)."""
    ut, _, upool, _ = enc.encode([""])
    outs = []
    for i, cap in enumerate(captions):
        ct, _, cp, _ = enc.encode([cap])
        g = torch.Generator().manual_seed(seed + i)
        x = torch.randn(1, 3, 64, 64, generator=g)
        if known is None:
            extra = torch.zeros(1, 4, 64, 64)
        else:
            img = torch.from_numpy(known[i][0]).permute(2, 0, 1)[None].float() / 127.5 - 1
            m = torch.from_numpy(known[i][1]).float()[None, None]
            extra = torch.cat([img * m, m], 1)
        sched = DDIM(steps)
        for t in sched.timesteps:
            v = guided_v(model, torch.cat([x, extra], 1), t / 1000.0, (ct, cp), (ut, upool), w)
            x = sched.step(v, t, x)
        outs.append(((x[0].clamp(-1, 1) + 1) * 127.5).round().byte().permute(1, 2, 0).numpy())
    return outs


def inpaint_eval(model, enc, ds, n, steps, w):
    """Add-an-object edits on held-out prompts: the known image is the scene without its object, the
    object's box is unknown, the caption asks for the object. keep = unmasked pixels within 2/255 of the
    input in the raw sample (the runtime restores them exactly afterwards); add = the recogniser's
    top-5 contains the asked object and the measured position is the asked one."""
    from render import Scene, box
    from measure import position
    knowns, caps, want, pos = [], [], [], []
    for i in range(n):
        img, cap, sc = ds[i]
        empty = ds.renderer.render(Scene((), sc.colour, sc.colour2, sc.gradient, sc.light))
        x0, y0, x1, y1 = box(sc.objects[0].position, sc.objects[0].size)
        m = np.ones((64, 64), np.float32)
        m[int(y0 * 64):int(np.ceil(y1 * 64)), int(x0 * 64):int(np.ceil(x1 * 64))] = 0
        knowns.append((empty, m))
        caps.append(cap)
        want.append(sc.objects[0].emoji)
        pos.append(sc.objects[0].position)
    outs = sample(model, enc, caps, steps, w, seed=300, known=knowns)
    keep = float(np.mean([(np.abs(o.astype(int) - k[0].astype(int)).max(-1)[k[1] > 0] <= 2).mean()
                          for o, k in zip(outs, knowns)]))
    restored = [np.where(k[1][..., None] > 0, k[0], o) for o, k in zip(outs, knowns)]
    res = {"edits": n, "kind": "add the captioned object into its box on the empty scene",
           "raw_unmasked_within_2_of_255": round(keep, 4), "after_restore_unmasked_within_2_of_255": 1.0,
           "position_of_added_object": round(float(np.mean([position(r) == p for r, p in zip(restored, pos)])), 4),
           "remove_rate": "not measured: captions always name an object, so removal has no prompt yet"}
    if os.path.exists(os.path.join(HERE, "eval", "recogniser.json")):
        import recogniser
        rm, rmeta = recogniser.load()
        t1, t5 = recogniser.topk(rm, rmeta, restored, want)
        res["identity_of_added_object_top1"], res["identity_of_added_object_top5"] = round(t1, 4), round(t5, 4)
    return res


def grid(images, captions, path, cols=4):
    from PIL import Image, ImageDraw
    cell = 160
    rows = (len(images) + cols - 1) // cols
    im = Image.new("RGB", (cols * cell * 2, rows * (cell + 44)), "white")
    d = ImageDraw.Draw(im)
    for k, (a, b) in enumerate(images):
        x, y = (k % cols) * cell * 2, (k // cols) * (cell + 44)
        im.paste(Image.fromarray(a).resize((cell, cell), Image.NEAREST), (x, y))
        im.paste(Image.fromarray(b).resize((cell, cell), Image.NEAREST), (x + cell, y))
        words, line, lines = captions[k].split(), "", []
        for wd in words:
            if len(line) + len(wd) > 52:
                lines.append(line)
                line = ""
            line += wd + " "
        lines.append(line)
        d.multiline_text((x + 3, y + cell + 1), "\n".join(lines[:3]), fill="black")
    im.save(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=HERE)
    ap.add_argument("--n", type=int, default=64)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--guidance", type=float, default=3.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--n-inpaint", type=int, default=32)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    from dataset import SceneDataset
    from measure import measure
    loss_plot(a.model)
    model, config = model_from(a.model)
    enc = TextEncoder()
    ds = SceneDataset(seed=7, resolution=64, vocab=config["training"]["history"][-1].get("vocab", 200),
                      split="heldout")
    items = [ds[i] for i in range(a.n)]
    caps = [c for _, c, _ in items]
    t0 = time.time()
    outs = sample(model, enc, caps, a.steps, a.guidance, seed=100)
    secs = time.time() - t0
    hit = {"colour": 0, "position": 0, "light": 0}
    truth = {"colour": 0, "position": 0, "light": 0}
    for (img, _, sc), gen in zip(items, outs):
        m, r = measure(gen), measure(img)
        for k, want in (("colour", sc.colour), ("position", sc.objects[0].position), ("light", sc.light)):
            hit[k] += m[k] == want
            truth[k] += r[k] == want
    identity = "not measured: no recogniser (run recogniser.py first)"
    if os.path.exists(os.path.join(HERE, "eval", "recogniser.json")):
        import recogniser
        rm, rmeta = recogniser.load()
        want = [sc.objects[0].emoji for _, _, sc in items]
        g1, g5 = recogniser.topk(rm, rmeta, outs, want)
        r1, r5 = recogniser.topk(rm, rmeta, [img for img, _, _ in items], want)
        identity = {"top1": round(g1, 4), "top5": round(g5, 4), "ceiling_top1_on_ground_truth": round(r1, 4),
                    "ceiling_top5_on_ground_truth": round(r5, 4), "classes": len(rmeta["classes"]),
                    "recogniser": "eval/recogniser.json"}
    inpaint = inpaint_eval(model, enc, ds, a.n_inpaint, a.steps, a.guidance) if a.n_inpaint else "not run"
    res = {
        "inpainting": inpaint,
        "heldout_prompts": a.n, "sampler": f"DDIM {a.steps} steps, CFG {a.guidance}, eta 0", "seconds": round(secs, 1),
        "adherence": {k: round(v / a.n, 4) for k, v in hit.items()},
        "measure_ceiling_on_ground_truth": {k: round(v / a.n, 4) for k, v in truth.items()},
        "chance": {"colour": 1 / 12, "position": 1 / 9, "light": 1 / 6},
        "identity": identity,
        "weights_sha256": config["weights"]["sha256"], "training_steps": config["training"]["steps"],
        "command": f"evaluate.py --model <dir> --n {a.n} --steps {a.steps} --guidance {a.guidance}",
    }
    with open(os.path.join(a.model, "adherence.json"), "w") as f:
        json.dump(res, f, indent=2)
    grid([(items[k][0], outs[k]) for k in range(min(16, a.n))], caps[:16],
         os.path.join(a.model, "samples_heldout.png"))
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
