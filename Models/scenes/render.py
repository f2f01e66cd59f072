"""Scene specification, rendering and captions.

A scene: one or two objects (emoji sprites) at named positions (9) and sizes (3) on a named
background (12 colours, solid or a two-colour gradient), lit from a named direction (left, right,
top, bottom, front) or unlit. Light shades the background and the objects (brighter towards the
light) and casts a soft shadow away from it. Everything is a pure function of the spec.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

COLOURS: dict[str, tuple[int, int, int]] = {
    "red": (200, 40, 40), "orange": (235, 130, 30), "yellow": (235, 210, 50), "green": (50, 160, 60),
    "teal": (30, 150, 150), "blue": (40, 80, 200), "purple": (120, 50, 170), "pink": (235, 130, 180),
    "brown": (120, 75, 40), "black": (25, 25, 25), "grey": (128, 128, 128), "white": (235, 235, 235),
}
COLOUR_NAMES = tuple(COLOURS)
POSITIONS = ("top left", "top", "top right", "left", "center", "right", "bottom left", "bottom", "bottom right")
SIZES = {"small": 0.30, "medium": 0.40, "large": 0.50}
SIZE_NAMES = tuple(SIZES)
LIGHTS = ("left", "right", "top", "bottom", "front", "none")
MARGIN = 0.03

# direction the light comes FROM, as a unit vector in image coordinates (x right, y down)
_LIGHT_VEC = {"left": (-1.0, 0.0), "right": (1.0, 0.0), "top": (0.0, -1.0), "bottom": (0.0, 1.0)}


@dataclass(frozen=True)
class SceneObject:
    emoji: int      # Emoji.index
    position: str   # one of POSITIONS
    size: str       # one of SIZES


@dataclass(frozen=True)
class Scene:
    objects: tuple[SceneObject, ...]
    colour: str                 # background colour (top / left end of a gradient)
    colour2: str | None         # second gradient colour, None for solid
    gradient: str               # "vertical" (top to bottom) or "horizontal" (left to right)
    light: str                  # one of LIGHTS


def box(position: str, size: str) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) in [0, 1] of an object at a named position and size."""
    s = SIZES[size]
    p = POSITIONS.index(position)
    row, col = divmod(p, 3)
    step = (1 - 2 * MARGIN - s) / 2
    x0, y0 = MARGIN + col * step, MARGIN + row * step
    return x0, y0, x0 + s, y0 + s


def overlaps(a: SceneObject, b: SceneObject) -> bool:
    ax0, ay0, ax1, ay1 = box(a.position, a.size)
    bx0, by0, bx1, by1 = box(b.position, b.size)
    return ax0 < bx1 - 1e-6 and bx0 < ax1 - 1e-6 and ay0 < by1 - 1e-6 and by0 < ay1 - 1e-6


def light_field(light: str, xs: np.ndarray, ys: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Brightness factor over coordinates in [0, 1]: hi on the lit side, lo on the far side."""
    if light == "none":
        return np.ones(np.broadcast(xs, ys).shape, np.float32)
    if light == "front":
        r2 = (xs - 0.5) ** 2 + (ys - 0.5) ** 2
        return (hi - (hi - lo) * np.clip(r2 / 0.5, 0, 1)).astype(np.float32)
    vx, vy = _LIGHT_VEC[light]
    t = 0.5 + 0.5 * ((xs - 0.5) * 2 * vx + (ys - 0.5) * 2 * vy)  # 1 at the lit edge
    return (lo + (hi - lo) * t).astype(np.float32)


class SceneRenderer:
    """Renders scenes at one resolution from the sprite cache; resized sprites are memoised."""

    def __init__(self, sprites: np.ndarray, resolution: int = 64):
        self.sprites = sprites
        self.res = resolution
        self._memo: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        g = (np.arange(resolution, dtype=np.float32) + 0.5) / resolution
        self.xs, self.ys = g[None, :], g[:, None]

    def _sprite(self, idx: int, px: int):
        key = (idx, px)
        hit = self._memo.get(key)
        if hit is None:
            im = Image.fromarray(self.sprites[idx]).resize((px, px), Image.BILINEAR if px > 64 else Image.BOX)
            a = np.asarray(im, np.float32) / 255.0
            blur = max(1.0, px / 14)
            pad = int(np.ceil(3 * blur))
            canvas = Image.new("L", (px + 2 * pad, px + 2 * pad), 0)
            canvas.paste(im.getchannel("A"), (pad, pad))
            shadow = np.asarray(canvas.filter(ImageFilter.GaussianBlur(blur)), np.float32) / 255.0
            hit = (a[..., :3], a[..., 3:4], shadow)  # shadow: [px + 2 pad, px + 2 pad]
            if len(self._memo) > 20000:
                self._memo.clear()
            self._memo[key] = hit
        return hit

    def background(self, sc: Scene) -> np.ndarray:
        c1 = np.array(COLOURS[sc.colour], np.float32) / 255.0
        if sc.colour2 is None:
            bg = np.broadcast_to(c1, (self.res, self.res, 3)).copy()
        else:
            c2 = np.array(COLOURS[sc.colour2], np.float32) / 255.0
            t = np.broadcast_to(self.ys if sc.gradient == "vertical" else self.xs, (self.res, self.res))[..., None]
            bg = c1 * (1 - t) + c2 * t
        return bg * light_field(sc.light, self.xs, self.ys, 0.78, 1.12)[..., None]

    def render(self, sc: Scene) -> np.ndarray:
        """uint8 [res, res, 3]."""
        R = self.res
        img = self.background(sc)
        placed = []
        for o in sc.objects:
            x0, y0, x1, y1 = box(o.position, o.size)
            px = int(round((x1 - x0) * R))
            ix, iy = int(round(x0 * R)), int(round(y0 * R))
            placed.append((o, px, ix, iy))
        # shadows first (under every object), offset away from the light
        for o, px, ix, iy in placed:
            _, _, sh = self._sprite(o.emoji, px)
            if sc.light == "none":
                continue
            if sc.light == "front":
                dx, dy, strength = 0, int(round(px * 0.04)), 0.35
            else:
                vx, vy = _LIGHT_VEC[sc.light]
                d = px * 0.12
                dx, dy, strength = int(round(-vx * d)), int(round(-vy * d)), 0.5
            pad = (sh.shape[0] - px) // 2
            sx, sy, n = ix + dx - pad, iy + dy - pad, sh.shape[0]
            xa, ya, xb, yb = max(sx, 0), max(sy, 0), min(sx + n, R), min(sy + n, R)
            if xa < xb and ya < yb:
                img[ya:yb, xa:xb] *= 1 - strength * sh[ya - sy:yb - sy, xa - sx:xb - sx, None]
        for o, px, ix, iy in placed:
            rgb, a, _ = self._sprite(o.emoji, px)
            g = (np.arange(px, dtype=np.float32) + 0.5) / px
            shade = light_field(sc.light, g[None, :], g[:, None], 0.72, 1.22)[..., None]
            xb, yb = min(ix + px, R), min(iy + px, R)
            region = img[iy:yb, ix:xb]
            h, w = region.shape[:2]
            region[:] = region * (1 - a[:h, :w]) + np.clip(rgb[:h, :w] * shade[:h, :w], 0, 1) * a[:h, :w]
        return (np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8)
