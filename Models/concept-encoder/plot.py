"""loss.png from training_log.csv (and validation_log.csv when present):
    Models/concept-encoder/.venv/bin/python Models/concept-encoder/plot.py"""
import csv
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(HERE, "training_log.csv"))))
seen = [int(r["images_seen"]) for r in rows]
val_path = os.path.join(HERE, "validation_log.csv")
val = list(csv.DictReader(open(val_path))) if os.path.exists(val_path) else []
fig, ax = plt.subplots(1, 3 if val else 2, figsize=(13 if val else 9, 3.4))
ax[0].plot(seen, [float(r["loss"]) for r in rows])
ax[0].set_xlabel("images seen")
ax[0].set_ylabel("training loss (EMA)")
ax[0].set_title("bank cross-entropy (+ cosine term from 32k)", fontsize=8)
ax[1].plot(seen, [float(r["top1"]) for r in rows])
ax[1].set_xlabel("images seen")
ax[1].set_ylabel("top-1 object among the bank (EMA)")
if val:
    for c in dict.fromkeys(r["concept"] for r in val):
        pts = [(int(r["images_seen"]), float(r["recall_at_2pct_fp"])) for r in val
               if r["concept"] == c and r["weights"] == "ema"]
        ax[2].plot(*zip(*pts), marker="o", ms=3, label=c)
    ax[2].set_xlabel("images seen")
    ax[2].set_ylabel("recall at 2% FP (validation)")
    ax[2].set_title("EMA weights, TRAINING combinations (not the held-out split)", fontsize=8)
    ax[2].legend(fontsize=7)
    ax[2].set_ylim(0, 1.02)
fig.tight_layout()
fig.savefig(os.path.join(HERE, "loss.png"), dpi=80)
print("wrote loss.png")
