#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (release, -sanitize=fuzzer,address, linked with lld: gold
# fails on the sanitizer objects) and runs each in
# sequence for SECONDS seconds on one core at nice 10. Seeds come from Fuzz/Corpus/NAME and are
# copied into a scratch corpus under .build-fuzz, so the repository does not grow; crashing
# inputs land in .build-fuzz/fuzz-artifacts/NAME/ (not artifacts/: SwiftPM owns and clears that). Exit status 1 when any target found a crash.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      (make fuzz SECONDS=600)
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"; shift || true
scratch="${FUZZ_SCRATCH:-.build-fuzz}"
# name:corpus-folder:max_len
all_targets=(FuzzPNG:png:65536 FuzzModerationJSON:moderation-json:4096 FuzzPolicyYAML:policy-yaml:16384
             FuzzTextNormalizer:text-normalizer:2048)
if [ -f Sources/Gateway/HTTP/MultipartForm.swift ]; then all_targets+=(FuzzMultipart:multipart:65536); fi
selected=("$@")

echo "building fuzz targets (Fuzz/Package.swift, scratch $scratch)"
(cd Fuzz && nice -n 10 swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
    --scratch-path "../$scratch" 2>&1 | tail -3) || exit 2
bin="$scratch/release"

failed=0
summary=()
for entry in "${all_targets[@]}"; do
    IFS=: read -r name folder maxlen <<<"$entry"
    if [ ${#selected[@]} -gt 0 ] && [[ ! " ${selected[*]} " == *" $name "* ]]; then continue; fi
    corpus="$scratch/corpus/$folder"; artifacts="$scratch/fuzz-artifacts/$folder/"; log="$scratch/logs/$name-$(date +%H%M%S).log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    cp -n Fuzz/Corpus/"$folder"/* "$corpus"/ 2>/dev/null
    dict=(); [ -f "Fuzz/Corpus/$folder.dict" ] && dict=(-dict="Fuzz/Corpus/$folder.dict")
    echo "== $name: $seconds s (corpus $corpus, log $log)"
    start=$(date +%s)
    ASAN_OPTIONS=detect_leaks=0 nice -n 10 "$bin/$name" "$corpus" -max_total_time="$seconds" \
        -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts" \
        -print_final_stats=1 "${dict[@]}" >"$log" 2>&1
    rc=$?
    elapsed=$(( $(date +%s) - start ))
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    [ "$rc" -ne 0 ] && failed=1
    summary+=("$(printf '%-20s %6ss %12s runs  cov %-6s corpus %-5s findings %s  rc %s' "$name" "$elapsed" \
        "${runs:-?}" "${cov:-?}" "$(ls "$corpus" | wc -l)" "$crashes" "$rc")")
    [ "$rc" -ne 0 ] && tail -30 "$log"
done
echo
echo "fuzz summary ($(date -u +%Y-%m-%dT%H:%MZ))"
printf '%s\n' "${summary[@]}"
exit $failed
