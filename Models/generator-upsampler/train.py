"""Train the 64->256 diffusion upsampler in one resumable segment. The network, schedule, export and
training loop are shared with the base model (Models/generator-base/{unet,diffusion,export,train}.py);
this entry point sets the upsampler's stage and output folder.

CPU, reduced configuration (the committed weights):
    Models/generator-upsampler/.venv/bin/python Models/generator-upsampler/train.py \
        --config upsampler-reduced --minutes 6 --batch 8 --crop 64 --pool 512 --threads 1
GPU, full configuration (one ~9 minute segment; repeat to resume):
    python Models/generator-upsampler/train.py --config upsampler-full --minutes 8.5 \
        --batch 64 --crop 128 --workers 14 --text online --bf16

Training: scenes rendered at 256x256; the low-res input is the 4x4 average pool (64x64), noise-augmented
at a random timestep in [0, 250) and upsampled bilinearly x4; loss on random --crop x --crop crops.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "generator-base"))

from train import main  # noqa: E402

if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--out" not in argv:
        argv += ["--out", HERE]
    main(["--stage", "upsampler"] + argv)
