"""Sprite cache: every emoji rendered once from Noto Color Emoji (Pillow draws its CBDT bitmaps only
at size 109 with embedded_color=True: 136x128 RGBA per glyph), cropped to its alpha box, padded to
a square and resized to SPRITE px. Stored under Models/scenes/work/ (git-ignored), never committed.

    Models/scenes/.venv/bin/python Models/scenes/sprites.py        # builds the cache for the full catalogue
"""
from __future__ import annotations

import hashlib
import os
import time

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from catalog import Emoji, asset, load_catalog

FONT = asset("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
SPRITE = 128
HERE = os.path.dirname(os.path.abspath(__file__))
CACHE_DIR = os.environ.get("SCENES_CACHE", os.path.join(HERE, "work"))


def render_glyph(font: ImageFont.FreeTypeFont, e: Emoji) -> np.ndarray | None:
    """RGBA uint8 [SPRITE, SPRITE, 4], or None when the sequence does not render as one glyph."""
    x0, y0, x1, y1 = font.getbbox(e.text)
    if x1 - x0 > 150 or x1 <= x0:  # a sequence the font lacks falls apart into several glyphs
        return None
    im = Image.new("RGBA", (x1 - x0 + 8, y1 - y0 + 8), (0, 0, 0, 0))
    ImageDraw.Draw(im).text((4 - x0, 4 - y0), e.text, font=font, embedded_color=True)
    return square_sprite(im, im.getchannel("A").getbbox())


def square_sprite(im: Image.Image, box: tuple[int, int, int, int] | None) -> np.ndarray | None:
    """`im` cropped to `box`, centred on a transparent square, resized to RGBA uint8
    [SPRITE, SPRITE, 4]; None when there is no box (nothing drawn)."""
    if box is None:
        return None
    im = im.crop(box)
    side = max(im.size)
    sq = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    sq.paste(im, ((side - im.size[0]) // 2, (side - im.size[1]) // 2))
    return np.asarray(sq.resize((SPRITE, SPRITE), Image.LANCZOS), dtype=np.uint8)


def _key(cat: list[Emoji]) -> str:
    st = os.stat(FONT)
    h = hashlib.sha256(f"{st.st_size}:{SPRITE}:{len(cat)}:{cat[-1].name}".encode()).hexdigest()[:12]
    return os.path.join(CACHE_DIR, f"sprites-{h}.npz")


def load_sprites(cat: list[Emoji] | None = None, verbose: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(sprites uint8 [N, SPRITE, SPRITE, 4], ok bool [N]) indexed by Emoji.index; built once, then cached."""
    cat = cat or load_catalog()
    path = _key(cat)
    if os.path.exists(path):
        z = np.load(path)
        return z["sprites"], z["ok"]
    t0 = time.time()
    font = ImageFont.truetype(FONT, 109)
    sprites = np.zeros((len(cat), SPRITE, SPRITE, 4), np.uint8)
    ok = np.zeros(len(cat), bool)
    for e in cat:
        s = render_glyph(font, e)
        if s is not None:
            sprites[e.index], ok[e.index] = s, True
    os.makedirs(CACHE_DIR, exist_ok=True)
    np.savez(path, sprites=sprites, ok=ok)
    if verbose:
        print(f"sprite cache: {ok.sum()}/{len(cat)} single-glyph sprites in {time.time() - t0:.1f}s -> {path}")
    return sprites, ok


if __name__ == "__main__":
    cat = load_catalog()
    s, ok = load_sprites(cat)
    bad = [cat[i].name for i in np.flatnonzero(~ok)]
    print(f"{ok.sum()} sprites, {len(bad)} not a single glyph: {bad[:10]}")
