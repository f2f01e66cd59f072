"""style_grid.png: the same eight objects in Noto (trained), OpenMoji (trained, session 5) and
EmojiOne (never trained; the unseen-style evaluation), one row per style, 64 px each.

    Models/concept-encoder/.venv/bin/python Models/concept-encoder/style_grid.py
"""
import os

import numpy as np
from PIL import Image

from data import ObjectTable
from styles import STYLES

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = ("kitchen knife", "dagger", "water pistol", "bow and arrow", "syringe", "cigarette", "wine glass", "beer mug")

t = ObjectTable(styles=STYLES)
objs = [t.bases.index(n) for n in NAMES]
rows = []
for style in ("noto",) + STYLES:
    cells = []
    for o in objs:
        idx = t.sprite_index[o] if style == "noto" else int(t.style_sprite[style][o])
        sprite = Image.fromarray(t.sprites[idx]).resize((64, 64), Image.LANCZOS)
        cell = Image.new("RGBA", (64, 64), (255, 255, 255, 255))
        cell.alpha_composite(sprite)
        cells.append(np.asarray(cell.convert("RGB")))
    rows.append(np.concatenate(cells, 1))
Image.fromarray(np.concatenate(rows, 0)).save(os.path.join(HERE, "style_grid.png"), optimize=True)
print("rows:", ("noto",) + STYLES, "objects:", NAMES)
