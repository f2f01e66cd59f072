"""loss.png from training_log.csv:  Models/concept-encoder/.venv/bin/python Models/concept-encoder/plot.py"""
import csv
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(HERE, "training_log.csv"))))
seen = [int(r["images_seen"]) for r in rows]
fig, ax = plt.subplots(1, 2, figsize=(9, 3.2))
ax[0].plot(seen, [float(r["loss"]) for r in rows])
ax[0].set_xlabel("images seen")
ax[0].set_ylabel("training loss (EMA)")
ax[0].set_title("bank cross-entropy; + cosine term from 32k", fontsize=8)
ax[1].plot(seen, [float(r["top1"]) for r in rows])
ax[1].set_xlabel("images seen")
ax[1].set_ylabel("top-1 object among the bank (EMA)")
fig.tight_layout()
fig.savefig(os.path.join(HERE, "loss.png"), dpi=80)
print("wrote loss.png")
