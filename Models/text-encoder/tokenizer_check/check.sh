#!/usr/bin/env bash
# Differential check of the Swift WordPieceTokenizer against the reference (the package's
# tokenizer.json through `tokenizers`), beyond the golden sentences:
#   1. every code point of planes 0-3, 14, 15 (first 16) and 16 (last 16), as "x" + c + "y";
#   2. 20,000 random texts (vocabulary words, upper case, random characters from many scripts,
#      special tokens) and 60,000 more with another seed;
#   3. 30,000 edge texts (random code points, words of 90-110 scalars, windows of 64 BMP code points).
# Prints one line per set: cases and mismatches (first 15 mismatches shown), then the
# tokenizer's speed (speed.swift). Needs the venv of
# make_model.sh. Compiles the TextEncoder sources with swiftc -O into a temporary folder.
#   bash Models/text-encoder/tokenizer_check/check.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
PY="$HERE/../.venv/bin/python"
VOCAB="$HERE/../vocab.txt"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export HF_HUB_OFFLINE=1
mkdir -p "$WORK/texts" "$WORK/cps"
cp "$HERE/compare_texts.swift" "$WORK/texts/main.swift"
cp "$HERE/compare_codepoints.swift" "$WORK/cps/main.swift"
swiftc -O -module-name tokcheck "$ROOT"/Sources/TextEncoder/*.swift "$WORK/texts/main.swift" -o "$WORK/compare_texts"
swiftc -O -module-name tokcheck "$ROOT"/Sources/TextEncoder/*.swift "$WORK/cps/main.swift" -o "$WORK/compare_codepoints"
"$PY" "$HERE/every_codepoint.py" "$WORK/cps.json" >/dev/null
"$WORK/compare_codepoints" "$WORK/cps.json" "$VOCAB"
"$PY" "$HERE/random_texts.py" 20000 7 "$WORK/r7.json" >/dev/null
"$WORK/compare_texts" "$WORK/r7.json" "$VOCAB" | tail -16
"$PY" "$HERE/random_texts.py" 60000 8 "$WORK/r8.json" >/dev/null
"$WORK/compare_texts" "$WORK/r8.json" "$VOCAB" | tail -16
"$PY" "$HERE/edge_texts.py" 30000 9 "$WORK/e9.json" >/dev/null
"$WORK/compare_texts" "$WORK/e9.json" "$VOCAB" | tail -16
mkdir -p "$WORK/speed" && cp "$HERE/speed.swift" "$WORK/speed/main.swift"
swiftc -O -module-name tokcheck "$ROOT"/Sources/TextEncoder/*.swift "$WORK/speed/main.swift" -o "$WORK/speed_bin"
"$WORK/speed_bin" "$VOCAB"
