"""Compares `warden embed` with the golden embeddings: max abs error and minimum cosine.

    python3 Models/text-encoder/check_embed.py [path/to/warden]

Standard library only (no venv). The golden case whose text holds a NUL byte cannot be passed
as a program argument and is skipped here; TextEncoderTests covers it.
"""
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
warden = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", ".build", "release", "warden")
texts = {c["name"]: c["text"] for c in json.load(open(os.path.join(here, "golden", "tokens.json")))["cases"]}
cases = json.load(open(os.path.join(here, "golden", "embeddings.json")))["cases"]
worst, min_cos, checked, skipped = 0.0, 1.0, 0, []
for case in cases:
    text = texts[case["name"]]
    if "\0" in text:
        skipped.append(case["name"])
        continue
    out = subprocess.run([warden, "embed", "--model", here, "--", text], capture_output=True, text=True, check=True)
    ours, gold = json.loads(out.stdout.splitlines()[0]), case["embedding"]
    worst = max(worst, max(abs(a - b) for a, b in zip(ours, gold)))
    dot = sum(a * b for a, b in zip(ours, gold))
    min_cos = min(min_cos, dot / (sum(a * a for a in ours) ** 0.5 * sum(b * b for b in gold) ** 0.5))
    checked += 1
print(f"{checked} of {len(cases)} golden cases (skipped: {', '.join(skipped) or 'none'}): "
      f"max abs error {worst:.2e}, min cosine {min_cos:.10f}")
