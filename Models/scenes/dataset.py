"""The scene dataset: vocabulary, even sampling across subgroups, held-out combinations, captions.

    Models/scenes/.venv/bin/python Models/scenes/dataset.py stats          # reweighting effect
    Models/scenes/.venv/bin/python Models/scenes/dataset.py speed          # images/s on one core
    Models/scenes/.venv/bin/python Models/scenes/dataset.py grid out.png   # a sample grid with captions

Item i of SceneDataset(seed=s) is a pure function of (s, i): same seed, same scenes, same captions.
"""
from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from catalog import Emoji, article, load_catalog  # noqa: E402
from render import (COLOUR_NAMES, LIGHTS, POSITIONS, SIZE_NAMES, Scene, SceneObject,  # noqa: E402
                    SceneRenderer, overlaps)
from safety import filtered_catalog  # noqa: E402
from sprites import load_sprites  # noqa: E402

HELD_OUT_MOD = 10  # 1 in 10 (object, position, background colour, light) combinations is held out


def vocabulary(cat: list[Emoji], size: int) -> list[Emoji]:
    """`size` common objects: round-robin over subgroups in CLDR order (which lists common emoji
    first), skipping flags, skin-tone variants, people/gender variants, and text-like symbols."""
    skip_sub = {"keycap", "alphanum", "arrow", "av-symbol", "math", "punctuation", "currency", "gender",
                "other-symbol", "geometric", "zodiac", "religion", "transport-sign", "warning",
                "person", "person-gesture", "person-role", "person-activity", "person-sport", "person-resting",
                "family", "person-symbol", "hair-style", "skin-tone", "time"}
    by_sub: dict[str, list[Emoji]] = {}
    for e in cat:
        if e.is_flag or e.has_skin_tone or e.subgroup in skip_sub or ":" in e.name:
            continue
        if e.name.startswith(("man ", "woman ", "men ", "women ")):
            continue
        by_sub.setdefault(e.subgroup, []).append(e)
    out: list[Emoji] = []
    depth = 0
    while len(out) < size and any(len(v) > depth for v in by_sub.values()):
        for v in by_sub.values():
            if len(v) > depth and len(out) < size:
                out.append(v[depth])
        depth += 1
    return out


@dataclass(frozen=True)
class Sampler:
    """Two-level even sampling: subgroup uniformly, then base emoji uniformly, then variant."""
    items: tuple[Emoji, ...]
    even: bool = True

    def probabilities(self) -> np.ndarray:
        n = len(self.items)
        if not self.even:
            return np.full(n, 1.0 / n)
        subs: dict[str, dict[str, list[int]]] = {}
        for i, e in enumerate(self.items):
            subs.setdefault(e.subgroup, {}).setdefault(e.base_name, []).append(i)
        p = np.zeros(n)
        for bases in subs.values():
            for idxs in bases.values():
                p[idxs] = 1.0 / len(subs) / len(bases) / len(idxs)
        return p


def stable_hash(*parts) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:8], "little")


def is_held_out(emoji: Emoji, position: str, colour: str, light: str) -> bool:
    return stable_hash(emoji.base_name, position, colour, light) % HELD_OUT_MOD == 0


LIGHT_PHRASES = {
    "none": ("unlit", "with flat lighting", "with no lighting"),
    **{d: (f"lit from the {d}", f"with light from the {d}", f"light coming from the {d}") for d in
       ("left", "right", "top", "bottom", "front")},
}
POS_PHRASES = {
    "top left": ("in the top left", "at the top left", "in the upper left corner"),
    "top": ("at the top", "at the top center", "in the top middle"),
    "top right": ("in the top right", "at the top right", "in the upper right corner"),
    "left": ("on the left", "at the left", "in the middle left"),
    "center": ("in the center", "in the middle", "at the center"),
    "right": ("on the right", "at the right", "in the middle right"),
    "bottom left": ("in the bottom left", "at the bottom left", "in the lower left corner"),
    "bottom": ("at the bottom", "at the bottom center", "in the bottom middle"),
    "bottom right": ("in the bottom right", "at the bottom right", "in the lower right corner"),
}


def caption(sc: Scene, cat: list[Emoji], style: int, pick: int) -> str:
    """One of four phrasings; `pick` chooses among synonyms. Every caption names every object,
    its size and position, the background and the light."""
    objs = [(cat[o.emoji].phrase, o.size, POS_PHRASES[o.position][pick % 3], o.position) for o in sc.objects]
    light = LIGHT_PHRASES[sc.light][pick % 3]
    if sc.colour2 is None:
        bg, bg_short = f"{article(sc.colour)} {sc.colour} background", f"{sc.colour} background"
    elif sc.gradient == "vertical":
        bg = f"a gradient from {sc.colour} at the top to {sc.colour2} at the bottom"
        bg_short = f"{sc.colour} to {sc.colour2} vertical gradient background"
    else:
        bg = f"a gradient from {sc.colour} on the left to {sc.colour2} on the right"
        bg_short = f"{sc.colour} to {sc.colour2} horizontal gradient background"
    if style == 0:
        things = " and ".join(f"{article(s)} {s} {n} {p}" for n, s, p, _ in objs)
        return f"{things} on {bg}, {light}"
    if style == 1:
        things = " and ".join(f"{article(s)} {s} {n} {p}" for n, s, p, _ in objs)
        return f"{bg[0].upper()}{bg[1:]} with {things}, {light}"
    if style == 2:
        things = ", ".join(f"{n}, {s}, {pos}" for n, s, _, pos in objs)
        return f"{things}, {bg_short}, {light}"
    things = " and ".join(f"{article(s)} {s} {n} {p}" for n, s, p, _ in objs)
    bg_sentence = f"The background is {sc.colour}." if sc.colour2 is None else f"The background is {bg}."
    light_sentence = "It is unlit." if sc.light == "none" else f"The light comes from the {sc.light}."
    return f"A picture of {things}. {bg_sentence} {light_sentence}"


class SceneDataset:
    """Deterministic scenes and captions. filtered=False gives the unfiltered catalogue (classifiers only).

    vocab: number of common objects (0 = every emoji in the (un)filtered catalogue).
    split: 'train' never yields a held-out combination; 'heldout' yields only held-out, single-object,
    solid-background scenes (the evaluation set).
    """

    def __init__(self, seed: int = 0, resolution: int = 64, vocab: int = 200, filtered: bool = True,
                 even: bool = True, split: str = "train", two_object_rate: float = 0.3):
        self.cat = load_catalog()
        self.sprites, ok = load_sprites(self.cat, verbose=False)
        items = filtered_catalog(self.cat) if filtered else list(self.cat)
        items = [e for e in items if ok[e.index]]
        self.items = vocabulary(items, vocab) if vocab else items
        self.probs = Sampler(tuple(self.items), even=even).probabilities()
        self.cdf = np.cumsum(self.probs)
        self.seed, self.split, self.two_rate = seed, split, two_object_rate
        self.renderer = SceneRenderer(self.sprites, resolution)

    def _pick(self, rng) -> Emoji:
        return self.items[min(int(np.searchsorted(self.cdf, rng.random() * self.cdf[-1])), len(self.items) - 1)]

    def scene(self, i: int) -> tuple[Scene, str]:
        rng = np.random.default_rng([self.seed, i, 0 if self.split == "train" else 1])
        for _ in range(100):
            light = LIGHTS[rng.integers(len(LIGHTS))]
            colour = COLOUR_NAMES[rng.integers(len(COLOUR_NAMES))]
            if self.split == "heldout":
                colour2, grad = None, "vertical"
            else:
                colour2 = COLOUR_NAMES[rng.integers(len(COLOUR_NAMES))] if rng.random() < 0.35 else None
                colour2 = None if colour2 == colour else colour2
                grad = "vertical" if rng.random() < 0.5 else "horizontal"
            n = 2 if (self.split == "train" and rng.random() < self.two_rate) else 1
            objs: list[SceneObject] = []
            for _ in range(20):
                if len(objs) == n:
                    break
                e = self._pick(rng)
                o = SceneObject(e.index, POSITIONS[rng.integers(9)], SIZE_NAMES[rng.integers(3)])
                if any(p.position == o.position or overlaps(p, o) for p in objs):
                    continue
                held = is_held_out(e, o.position, colour, light)
                if held != (self.split == "heldout"):
                    continue
                objs.append(o)
            if objs:
                sc = Scene(tuple(objs), colour, colour2, grad, light)
                return sc, caption(sc, self.cat, int(rng.integers(4)), int(rng.integers(3)))
        raise RuntimeError(f"no scene found for item {i}")

    def __getitem__(self, i: int) -> tuple[np.ndarray, str, Scene]:
        sc, cap = self.scene(i)
        return self.renderer.render(sc), cap, sc


def _stats() -> None:
    cat = load_catalog()
    for name, items in (("unfiltered", cat), ("filtered", filtered_catalog(cat))):
        flags = np.array([e.is_flag for e in items])
        tones = np.array([e.has_skin_tone for e in items])
        for even in (False, True):
            p = Sampler(tuple(items), even=even).probabilities()
            print(f"{name:10s} {'even over subgroups+base' if even else 'uniform over emoji':26s} "
                  f"n={len(items)} flags {100 * p[flags].sum():5.1f}%  skin-tone variants {100 * p[tones].sum():5.1f}%")


def _speed() -> None:
    import time
    import torch  # noqa: F401  (only if present: not required)


def _speed_np(res: int, n: int) -> None:
    import time
    ds = SceneDataset(seed=1, resolution=res)
    for i in range(50):
        ds[i]
    t = time.perf_counter()
    for i in range(n):
        ds[1000 + i]
    dt = time.perf_counter() - t
    print(f"{res}x{res}: {n / dt:.0f} images/s on one core (vocab {len(ds.items)}, {n} images)")


def _grid(path: str, res: int = 64, n: int = 16, split: str = "train") -> None:
    from PIL import Image, ImageDraw
    ds = SceneDataset(seed=3, resolution=res, split=split)
    cell = 256
    im = Image.new("RGB", (4 * cell, (n // 4) * (cell + 60)), "white")
    d = ImageDraw.Draw(im)
    for k in range(n):
        img, cap, _ = ds[k]
        x, y = (k % 4) * cell, (k // 4) * (cell + 60)
        im.paste(Image.fromarray(img).resize((cell, cell), Image.NEAREST), (x, y))
        words, line, lines = cap.split(), "", []
        for w in words:
            if len(line) + len(w) > 40:
                lines.append(line)
                line = ""
            line += w + " "
        lines.append(line)
        d.multiline_text((x + 4, y + cell + 2), "\n".join(lines[:4]), fill="black")
    im.save(path)
    print(f"wrote {path}")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "stats"
    if cmd == "stats":
        _stats()
    elif cmd == "speed":
        _speed_np(64, 2000)
        _speed_np(256, 300)
    elif cmd == "grid":
        _grid(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 64,
              split=sys.argv[4] if len(sys.argv) > 4 else "train")
