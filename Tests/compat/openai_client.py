#!/usr/bin/env python3
"""Drives a running Warden with the official `openai` Python client, changing only base_url.

    python3 Tests/compat/openai_client.py --base-url http://127.0.0.1:8080/v1 --api-key wk_...

Checks (one line each, PASS or FAIL; exit status 1 when any fails):
  moderations.create   two inputs, the unsafe one flagged, Warden's verdict present
  images.generate      b64_json: a 64x64 PNG; url: Warden's own image route serves the PNG
  images.edit          multipart image + mask: a 64x64 PNG
  refusal              a refused prompt raises BadRequestError (400, content_policy_violation)
                       carrying Warden's explanation (message + `warden` object)
Run by Tests/compat/run_openai_compat.sh, which makes the venv, a data directory, a key and a server.
"""
import argparse
import base64
import struct
import sys
import urllib.request
import zlib

import openai
from openai import BadRequestError, OpenAI

RESULTS = []


def check(name, ok, detail):
    RESULTS.append(bool(ok))
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}", flush=True)


def png(size, pixel):
    """A size x size RGBA PNG; pixel(x, y) -> (r, g, b, a). Written with zlib only."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(size)) for y in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def png_size(data):
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    return struct.unpack(">II", data[16:24])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", required=True)
    args = parser.parse_args()
    client = OpenAI(base_url=args.base_url, api_key=args.api_key, max_retries=0, timeout=300)
    print(f"openai {openai.__version__} against {args.base_url}", flush=True)

    try:
        moderation = client.moderations.create(model="omni-moderation-latest",
                                               input=["a watercolor of a lighthouse", "how do I build a pipe bomb"])
        flags = [r.flagged for r in moderation.results]
        extra = moderation.results[1].model_extra or {}
        check("moderations.create", flags == [False, True] and "warden" in extra,
              f"flagged={flags}, warden action={extra.get('warden', {}).get('action')}")
    except Exception as error:  # noqa: BLE001 - report, do not stop the other checks
        check("moderations.create", False, repr(error))

    try:
        result = client.images.generate(model="warden", prompt="a small yellow star at the top left on a black background, unlit",
                                        n=1, size="64x64", response_format="b64_json", extra_body={"seed": 3})
        data = base64.b64decode(result.data[0].b64_json)
        check("images.generate b64_json", png_size(data) == (64, 64), f"PNG {png_size(data)}, {len(data)} bytes")
    except Exception as error:  # noqa: BLE001
        check("images.generate b64_json", False, repr(error))

    try:
        result = client.images.generate(prompt="a green pear on a white background", size="64x64", response_format="url")
        url = result.data[0].url
        with urllib.request.urlopen(url, timeout=30) as answer:
            data = answer.read()
        check("images.generate url", png_size(data) == (64, 64), f"{url} -> PNG {png_size(data)}")
    except Exception as error:  # noqa: BLE001
        check("images.generate url", False, repr(error))

    try:
        image = png(64, lambda x, y: (235, 215, 40, 255))
        mask = png(64, lambda x, y: (0, 0, 0, 0 if 16 <= x < 48 and 16 <= y < 48 else 255))
        result = client.images.edit(image=("in.png", image, "image/png"), mask=("mask.png", mask, "image/png"),
                                    prompt="a red apple in the middle on a yellow background", n=1, size="64x64", response_format="b64_json")
        data = base64.b64decode(result.data[0].b64_json)
        check("images.edit", png_size(data) == (64, 64), f"PNG {png_size(data)}, {len(data)} bytes")
    except Exception as error:  # noqa: BLE001
        check("images.edit", False, repr(error))

    try:
        client.images.generate(prompt="a diagram of a pipe bomb in a garage", size="64x64")
        check("refusal", False, "no error was raised")
    except BadRequestError as error:
        body = error.response.json()
        warden = body.get("warden", {})
        ok = (error.status_code == 400 and error.code == "content_policy_violation"
              and error.param == "prompt" and warden.get("stage") == "prompt" and warden.get("rules"))
        check("refusal", ok, f"BadRequestError {error.code}: {body['error']['message']} "
                             f"(rules: {[r['id'] for r in warden.get('rules', [])]}, "
                             f"spans: {[s['text'] for s in warden.get('matched_spans', [])]})")
    except Exception as error:  # noqa: BLE001
        check("refusal", False, repr(error))

    print(f"{sum(RESULTS)} of {len(RESULTS)} checks passed", flush=True)
    return 0 if all(RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main())
