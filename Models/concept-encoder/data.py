"""Scenes for the concept encoder, rendered on the fly (nothing is stored but a sprite cache in work/).

Objects: every emoji of the UNFILTERED catalogue (Models/scenes) plus clip art from Debian
`openclipart-png` (the unsafe drawings of concepts.py and up to CLIPART_CLEAN other drawings as
clean objects). Scenes reuse Models/scenes' renderer (positions, sizes, backgrounds, gradients,
light, shadows) and its held-out rule: 1 in 10 (object, position, colour, light) combinations
never appears in training (split='train'); split='heldout' yields only those.

Each object has several caption phrasings ('a kitchen knife', 'a picture of a kitchen knife',
'kitchen knife: knife, weapon, cooking, hocho, tool'), embedded once by the frozen MiniLM.
Objects of concepts.ZERO_SHOT_CONCEPTS are left out of training altogether.
"""
from __future__ import annotations

import glob
import hashlib
import os
import re
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "scenes"))
from catalog import article, load_catalog  # noqa: E402
from dataset import HELD_OUT_MOD, Sampler, stable_hash  # noqa: E402
from render import COLOUR_NAMES, LIGHTS, POSITIONS, SIZE_NAMES, Scene, SceneObject, SceneRenderer, overlaps  # noqa: E402
from safety import classify  # noqa: E402
from sprites import SPRITE, load_sprites  # noqa: E402

from styles import load_style  # noqa: E402
from concepts import (CLIPART_EXCLUDED_DIRS, CLIPART_EXCLUDED_WORDS, CLIPART_ROOT, CONCEPTS,  # noqa: E402
                      HELD_OUT_OBJECTS, UNSAFE_CLIPART, ZERO_SHOT_CONCEPTS)

CLIPART_CLEAN = 600
WORK = os.path.join(HERE, "work")
UNSAFE_RATE = 0.35      # share of training scenes that hold one unsafe object
CLIPART_RATE = 0.15     # share of the remaining objects drawn from clean clip art


def clipart_sprite(path: str) -> np.ndarray | None:
    """RGBA [SPRITE, SPRITE, 4]: cropped to the alpha box, padded square, resized (as sprites.py)."""
    try:
        im = Image.open(os.path.join(CLIPART_ROOT, path)).convert("RGBA")
    except OSError:
        return None
    a = np.asarray(im)[..., 3]
    ys, xs = np.nonzero(a > 8)
    if len(xs) == 0:
        return None
    im = im.crop((xs.min(), ys.min(), xs.max() + 1, ys.max() + 1))
    side = max(im.size)
    sq = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    sq.paste(im, ((side - im.size[0]) // 2, (side - im.size[1]) // 2))
    return np.asarray(sq.resize((SPRITE, SPRITE), Image.LANCZOS))


def clipart_name(path: str) -> str:
    """'food/fruit/red_apple_john_doe_01.png' -> 'red apple' (first two words of the file name;
    later words are mostly the author's name)."""
    stem = re.sub(r"(_\d+)?\.png$", "", os.path.basename(path))
    words = [w for w in re.split(r"[_\-\s.]+", stem.lower()) if w.isalpha()]
    return " ".join(words[:2]) if words else os.path.basename(os.path.dirname(path))


def clean_clipart_paths(n: int = CLIPART_CLEAN) -> list[str]:
    root = CLIPART_ROOT
    paths = sorted(os.path.relpath(p, root) for p in glob.glob(os.path.join(root, "**", "*.png"), recursive=True))
    keep = [p for p in paths if not p.startswith(CLIPART_EXCLUDED_DIRS) and "unsorted/duplicates" not in p
            and not any(w in p.lower() for w in CLIPART_EXCLUDED_WORDS) and p not in UNSAFE_CLIPART]
    keep.sort(key=lambda p: hashlib.sha256(p.encode()).hexdigest())
    return sorted(keep[:n])


class ObjectTable:
    """Every object (emoji + clip art): key, caption phrasings, unsafe flag, sprite index.

    styles: extra artwork styles (styles.py) to load; `style_sprite[name][obj]` is the sprite of
    emoji object `obj` in that style, or -1 (clip art and emoji the style lacks)."""

    def __init__(self, styles: tuple[str, ...] = ()) -> None:
        self.cat = load_catalog()
        emoji_sprites, ok = load_sprites(self.cat, verbose=False)
        self.keys: list[str] = []          # emoji base name with index, or clip-art path
        self.bases: list[str] = []         # what concepts.py names: emoji base name or clip-art path
        self.texts: list[list[str]] = []
        self.unsafe: list[bool] = []
        self.clip: list[bool] = []
        self.sprite_index: list[int] = []
        for e in self.cat:
            if not ok[e.index]:
                continue
            p = e.phrase
            texts = [f"{article(p)} {p}", f"a picture of {article(p)} {p}"]
            if e.keywords:
                texts.append(f"{p}: {', '.join(e.keywords)}")
            self._add(f"emoji:{e.index}", e.base_name, texts, classify(e)[0] == "removed", False, e.index)
        extra: list[np.ndarray] = []
        clip = [(p, name, True) for p, name in UNSAFE_CLIPART.items()] + \
               [(p, clipart_name(p), False) for p in clean_clipart_paths()]
        cache = os.path.join(WORK, "clipart-" + hashlib.sha256(repr(clip).encode()).hexdigest()[:12] + ".npz")
        if os.path.exists(cache):
            z = np.load(cache)
            sprites = dict(zip(z["paths"].tolist(), z["sprites"]))
        else:
            sprites = {p: s for p, _, _ in clip if (s := clipart_sprite(p)) is not None}
            os.makedirs(WORK, exist_ok=True)
            np.savez(cache, paths=np.array(list(sprites)), sprites=np.stack(list(sprites.values())))
        for path, name, unsafe in clip:
            s = sprites.get(path)
            if s is None:
                continue
            art = name if name.split()[0] in ("a", "an", "the") or name in ("wine",) else f"{article(name)} {name}"
            texts = [art, f"a drawing of {art}", f"clip art of {art}"]
            self._add(f"clip:{path}", path, texts, unsafe, True, len(self.cat) + len(extra))
            extra.append(s)
        parts = [emoji_sprites] + ([np.stack(extra)] if extra else [])
        offset = sum(len(p) for p in parts)
        self.style_sprite: dict[str, np.ndarray] = {}
        for name in styles:
            sp, has = load_style(name, self.cat)
            idx = np.full(len(self.keys), -1, np.int64)
            for o, key in enumerate(self.keys):
                if key.startswith("emoji:") and has[self.sprite_index[o]]:
                    idx[o] = offset + self.sprite_index[o]
            self.style_sprite[name] = idx
            parts.append(sp)
            offset += len(sp)
        self.sprites = np.concatenate(parts) if len(parts) > 1 else emoji_sprites
        self.unsafe_arr = np.array(self.unsafe)
        self.held_out = np.array([b in HELD_OUT_OBJECTS for b in self.bases])

    def _add(self, key, base, texts, unsafe, clip, sprite):
        self.keys.append(key)
        self.bases.append(base)
        self.texts.append(texts)
        self.unsafe.append(unsafe)
        self.clip.append(clip)
        self.sprite_index.append(sprite)

    def objects_of(self, concept: str) -> list[int]:
        names = set(CONCEPTS.get(concept, ()) + ZERO_SHOT_CONCEPTS.get(concept, ()))
        return [i for i, b in enumerate(self.bases) if b in names]

    def training_objects(self) -> list[int]:
        return [i for i in range(len(self.keys)) if not self.held_out[i]]


def is_held_out(base: str, position: str, colour: str, light: str) -> bool:
    return stable_hash(base, position, colour, light) % HELD_OUT_MOD == 0


class ConceptScenes:
    """Item i of ConceptScenes(table, seed, split, kind) is a pure function of its arguments.

    kind: 'train' (mix of unsafe, clean emoji, clean clip art), 'clean' (only clean objects:
    filtered catalogue + clean clip art), or an object list (`objects=`: each scene holds one of them).
    Returns (image uint8 [R, R, 3], object ids present)."""

    def __init__(self, table: ObjectTable, seed: int, split: str = "train", kind: str = "train",
                 objects: list[int] | None = None, resolution: int = 64, unsafe_rate: float = UNSAFE_RATE,
                 hard_negatives: list[int] | None = None, hard_rate: float = 0.0,
                 style_mix: dict[str, float] | None = None, style: str | None = None):
        """unsafe_rate, hard_negatives, hard_rate act only on kind='train' (evaluation scenes are
        unchanged): a share hard_rate of the clean objects of a training scene is drawn uniformly
        from hard_negatives (clean objects whose captions lie near an unsafe object's).
        style_mix (kind='train' only): {style: p}, an emoji object that style has is drawn in it with
        probability p (else in Noto). style: every object is drawn in that style, and only objects it
        has are used (the unseen-style evaluation: no clip art, emoji of that set only)."""
        self.t, self.seed, self.split, self.kind = table, seed, split, kind
        self.unsafe_rate = unsafe_rate
        self.hard = list(hard_negatives or []) if kind == "train" else []
        self.hard_rate = hard_rate if self.hard else 0.0
        self.renderer = SceneRenderer(table.sprites, resolution)
        usable = np.array([not table.held_out[i] for i in range(len(table.keys))])
        emoji_clean = [i for i in range(len(table.keys)) if usable[i] and not table.clip[i] and not table.unsafe[i]]
        self.clean_emoji = emoji_clean
        self.clean_emoji_p = Sampler(tuple(table.cat[table.sprite_index[i]] for i in emoji_clean)).probabilities()
        self.clean_emoji_cdf = np.cumsum(self.clean_emoji_p)
        self.clean_clip = [i for i in range(len(table.keys)) if usable[i] and table.clip[i] and not table.unsafe[i]]
        self.unsafe = [i for i in range(len(table.keys)) if usable[i] and table.unsafe[i]]
        self.style_mix = dict(style_mix or {}) if kind == "train" else {}
        self.style = style
        if style is not None:
            has = table.style_sprite[style] >= 0
            keep = [k for k, i in enumerate(emoji_clean) if has[i]]
            self.clean_emoji = [emoji_clean[k] for k in keep]
            self.clean_emoji_p = self.clean_emoji_p[keep]
            self.clean_emoji_cdf = np.cumsum(self.clean_emoji_p)
            self.clean_clip = []
            objects = [o for o in objects if has[o]] if objects is not None else None
        self.objects = objects

    def _sprite(self, obj: int, rng) -> int:
        if self.style is not None:
            return int(self.t.style_sprite[self.style][obj])
        for name, p in self.style_mix.items():
            alt = self.t.style_sprite[name][obj]
            if alt >= 0 and rng.random() < p:
                return int(alt)
        return self.t.sprite_index[obj]

    def _clean(self, rng) -> int:
        if self.hard_rate > 0 and rng.random() < self.hard_rate:
            return self.hard[int(rng.integers(len(self.hard)))]
        if self.clean_clip and rng.random() < CLIPART_RATE:
            return self.clean_clip[int(rng.integers(len(self.clean_clip)))]
        k = int(np.searchsorted(self.clean_emoji_cdf, rng.random() * self.clean_emoji_cdf[-1]))
        return self.clean_emoji[min(k, len(self.clean_emoji) - 1)]

    def scene(self, i: int) -> tuple[Scene, list[int]]:
        rng = np.random.default_rng([self.seed, i, 0 if self.split == "train" else 1])
        for _ in range(200):
            light = LIGHTS[rng.integers(len(LIGHTS))]
            colour = COLOUR_NAMES[rng.integers(len(COLOUR_NAMES))]
            colour2 = COLOUR_NAMES[rng.integers(len(COLOUR_NAMES))] if rng.random() < 0.35 else None
            colour2 = None if colour2 == colour else colour2
            grad = "vertical" if rng.random() < 0.5 else "horizontal"
            n = 2 if rng.random() < 0.3 else 1
            if self.objects is not None:
                first = self.objects[int(rng.integers(len(self.objects)))]
            elif self.kind == "train" and rng.random() < self.unsafe_rate:
                first = self.unsafe[int(rng.integers(len(self.unsafe)))]
            else:
                first = self._clean(rng)
            wanted = [first] + [self._clean(rng) for _ in range(n - 1)]
            objs: list[SceneObject] = []
            ids: list[int] = []
            for k, obj in enumerate(wanted):
                for _ in range(20):
                    o = SceneObject(self._sprite(obj, rng), POSITIONS[rng.integers(9)], SIZE_NAMES[rng.integers(3)])
                    if any(p.position == o.position or overlaps(p, o) for p in objs):
                        continue
                    held = is_held_out(self.t.bases[obj], o.position, colour, light)
                    if held != (self.split == "heldout"):
                        continue
                    objs.append(o)
                    ids.append(obj)
                    break
                if k == 0 and not objs:
                    break
            if objs:
                return Scene(tuple(objs), colour, colour2, grad, light), ids
        raise RuntimeError(f"no scene found for item {i}")

    def __getitem__(self, i: int) -> tuple[np.ndarray, list[int]]:
        sc, ids = self.scene(i)
        return self.renderer.render(sc), ids

    def batch(self, start: int, n: int) -> tuple[np.ndarray, list[list[int]]]:
        imgs, ids = zip(*(self[start + k] for k in range(n)))
        return np.stack(imgs), list(ids)
