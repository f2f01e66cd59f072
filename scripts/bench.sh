#!/usr/bin/env bash
# `make bench`: every benchmark of the project in one go, one summary table, written with the
# full outputs to docs/benchmarks.md together with the CPU and the OpenBLAS core in use.
# A benchmark this build does not have is listed as "not available in this build"; one that
# fails is listed with its exit status. Nothing is dropped silently.
#
#   scripts/bench.sh [--quick]      (--quick: shorter runs, for a smoke test of the script)
# Environment: WARDEN_BIN (see scripts/warden-server.sh), BENCH_OUT (default docs/benchmarks.md).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/warden-server.sh
quick=0; [ "${1:-}" = "--quick" ] && quick=1
out="${BENCH_OUT:-docs/benchmarks.md}"
WARDEN=$(warden_bin) || exit 2
work=$(mktemp -d /tmp/warden-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# name | arguments | lines of its output that carry the headline figures (grep -E)
benches=(
  "blas|bench blas|1024|conv|peak"
  "text-encoder|bench text-encoder|batch|tokens|x$|PyTorch"
  "screening|bench screening|p50|p99|prompts/s"
  "audit|bench audit --data-dir $work|/s|p99"
  "generate|bench generate|64|256|UNet|PyTorch|seconds|s/image|torch count"
  "image-screening|bench image-screening|nudity|concept|onnx|p50|p99"
)
[ "$quick" = 1 ] && benches[0]="blas|bench blas --seconds 0.3|1024|conv|peak" \
                 && benches[2]="screening|bench screening --limit 100|p50|p99|prompts/s" \
                 && benches[3]="audit|bench audit --data-dir $work --decisions 2000|/s|p99"

# headline NAME FILE: the figures of one benchmark's output that go into the summary table,
# cells joined by <br>. Known formats get their ratios picked out; any other benchmark shows
# the lines matching its pattern (PATTERN, from the table above).
headline() {
    case "$1" in
    blas)
        peak=$(grep -o 'peak [0-9.]* GFLOP/s' "$2" | head -1)
        awk -v peak="$peak" '/^(square|conv)/ { name = $0; sub(/ *\(.*/, "", name);
            printf "%s: %s GFLOP/s = %s of %s<br>", name, $(NF-2), $NF, peak }' "$2" ;;
    text-encoder)
        awk '/^batch/ { name = $1 " " $2 " " $3 " " $4; if ($3 == "16" || $3 == "64") name = $1 " " $2 " " $3 " " $4;
            line = $0; sub(/^batch [0-9]+, [0-9]+ tokens +/, "", line);
            n = split(line, f, /  +/); printf "%s: warden %s, PyTorch %s, speed-up %s<br>", name, f[1], f[n-1], f[n] }' "$2" ;;
    screening)
        grep -m1 'p50' "$2" | sed 's/^ *//; s/   */, /g' ;;
    audit)
        awk '/decisions\/s|p99/ { sub(/^ */, ""); gsub(/   */, " "); printf "%s<br>", $0 }' "$2" ;;
    *)
        grep -E "$3" "$2" | sed 's/|/\//g; s/^ *//' | head -8 | paste -sd ';' | sed 's/;/<br>/g' ;;
    esac
}

# The reference columns (PyTorch for the text encoder, onnxruntime for open_nsfw) need each
# recipe's venv; make the missing ones first (BENCH_NO_VENV=1: skip, the columns say so).
for model in text-encoder nudity; do
    if [ ! -x "Models/$model/.venv/bin/python" ] && [ -f "Models/$model/make_model.sh" ] && [ "${BENCH_NO_VENV:-0}" != 1 ]; then
        echo "making the reference venv of Models/$model (make_model.sh --venv-only)"
        bash "Models/$model/make_model.sh" --venv-only || echo "venv failed: its reference column will be skipped"
    fi
done

summary=()
sections=()
for entry in "${benches[@]}"; do
    IFS='|' read -r name args pattern <<<"$entry"
    read -r -a argv <<<"$args"
    shown=${args//$work/(scratch dir)}
    if ! has_subcommand bench "${argv[1]}"; then
        echo "== $name: not available in this build"
        summary+=("| $name | not available in this build | \`warden $shown\` |")
        continue
    fi
    echo "== $name: warden $shown"
    start=$(date +%s)
    "$WARDEN" "${argv[@]}" >"$work/$name.txt" 2>&1; rc=$?
    elapsed=$(( $(date +%s) - start ))
    cat "$work/$name.txt"
    if [ "$rc" -ne 0 ]; then
        summary+=("| $name | FAILED (exit $rc): $(tail -1 "$work/$name.txt" | tr '|' '/') | \`warden $shown\` |")
    else
        headline=$(headline "$name" "$work/$name.txt" "$pattern")
        summary+=("| $name | ${headline:-see below} (${elapsed} s) | \`warden $shown\` |")
    fi
    sections+=("### $name (\`warden $shown\`, exit $rc, ${elapsed} s)"$'\n\n```\n'"$(cat "$work/$name.txt")"$'\n```\n')
done

# The 1-minute load average after the model benchmarks (which keep both cores busy themselves, so
# up to the core count is this script's own load) and before wrk (which runs more threads).
load_models=$(cut -d' ' -f1 /proc/loadavg)

# /v1/moderations under wrk, durable audit on (the same script as the load test, shorter).
load_seconds=60; [ "$quick" = 1 ] && load_seconds=15
echo "== moderations-wrk: scripts/load-test.sh $load_seconds 8 2"
WARDEN_BIN="$WARDEN" scripts/load-test.sh "$load_seconds" 8 2 >"$work/wrk.txt" 2>&1; rc=$?
cat "$work/wrk.txt"
result=$(grep '^RESULT' "$work/wrk.txt" | sed 's/^RESULT //')
summary+=("| /v1/moderations under wrk (durable audit) | ${result:-FAILED (exit $rc)} | \`scripts/load-test.sh $load_seconds 8 2\` |")
sections+=("### /v1/moderations under wrk (\`scripts/load-test.sh $load_seconds 8 2\`, exit $rc)"$'\n\n```\n'"$(cat "$work/wrk.txt")"$'\n```\n')

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
cores=$(nproc)
version=$("$WARDEN" --version 2>&1 | tr '\n' ' ')
load=$(cut -d' ' -f1-3 /proc/loadavg)
{
    echo "# Benchmarks"
    echo
    echo "Written by \`make bench\` (scripts/bench.sh) on $(date -u '+%Y-%m-%d %H:%M UTC')$([ "$quick" = 1 ] && echo ', --quick run (shortened)')."
    echo "Every ratio inside one benchmark is measured side by side in the same run. The machine may"
    echo "be shared: absolute timings are noisy, ratios less so."
    echo
    echo "- CPU: $cpu, $cores logical cores visible"
    echo "- warden: $version"
    echo "- OPENBLAS_CORETYPE: ${OPENBLAS_CORETYPE:-unset (warden picks SkylakeX itself on AVX-512)}"
    echo "- load average after the model benchmarks: $load_models (they keep the $cores cores busy themselves); when the run ended, after wrk: $load"
    echo
    if awk -v l="$load_models" -v c="$cores" 'BEGIN { exit !(l > c + 0.5) }'; then
        echo "**Warning: the load average after the model benchmarks ($load_models) exceeded their own $cores threads: other processes"
        echo "shared the CPU, so these figures (ratios included, since the two sides of a ratio do not"
        echo "run at the same moment) are not representative. Re-run on a quiet machine.**"
        echo
    fi
    echo "| benchmark | headline figures | command |"
    echo "| --- | --- | --- |"
    printf '%s\n' "${summary[@]}"
    echo
    echo "## Full outputs"
    echo
    printf '%s\n' "${sections[@]}"
} >"$out"
echo
echo "summary (also in $out):"
printf '%s\n' "${summary[@]}"
