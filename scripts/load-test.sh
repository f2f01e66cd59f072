#!/usr/bin/env bash
# Load test (issue 11): DURATION seconds of wrk (Debian package wrk) on POST /v1/moderations
# against `warden serve` on a fresh data directory (durable audit on). Reports requests/s,
# p50/p90/p99 latency, 4xx/5xx counts and the server's resident memory at the start (after a
# 10 s warm-up), its peak and at the end, sampled every 10 s. Exits 1 on any 5xx or socket error.
#
#   scripts/load-test.sh [DURATION=600] [CONNECTIONS=8] [THREADS=2]      (make load SECONDS=600)
#
# Mixed load: with MIXED=1 a second wrk drives POST /v1/images/generations at the same time
# (one connection) when the build serves that route; otherwise the script says the route is
# not available in this build and runs moderation only. Environment as scripts/warden-server.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/warden-server.sh
duration="${1:-600}"; connections="${2:-8}"; threads="${3:-2}"; port="${PORT:-18432}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 2; }
WARDEN=$(warden_bin) || exit 2
work=$(mktemp -d /tmp/warden-load.XXXXXX); data="$work/var"; log="$work/server.log"
trap '[ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null' EXIT

# wrk measures the server, not the per-key rate limiter: no limit for the load's key.
serve_options=(); serve_supports --rate-limit && serve_options=(--rate-limit 0)
start_server "$data" "$port" "$log" "${serve_options[@]}"
wait_healthy "$port" 120 || { echo "server did not start"; tail -20 "$log"; exit 2; }
export WARDEN_API_KEY; WARDEN_API_KEY=$(api_key "$data" "$log")
url="http://127.0.0.1:$port"
echo "load: ${duration}s, serve ${serve_options[*]:-(defaults)}, key ${WARDEN_API_KEY:+${WARDEN_API_KEY:0:10}...}, $connections connections, $threads wrk threads, server pid $SERVER_PID, log $log"
wrk -t1 -c2 -d10s -s scripts/wrk/moderations.lua "$url" >/dev/null 2>&1   # warm-up
rss_start=$(rss_kib "$SERVER_PID"); rss_peak=$rss_start
echo "rss after warm-up: $rss_start KiB"

generation_pid=""
if [ "${MIXED:-0}" = 1 ]; then
    probe=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/v1/images/generations" -d '{}')
    if [ "$probe" = 404 ]; then
        echo "mixed load: /v1/images/generations is not available in this build; moderation only"
    else
        wrk -t1 -c1 -d"${duration}s" --timeout 120s -s scripts/wrk/generations.lua "$url" >"$work/generations.txt" 2>&1 &
        generation_pid=$!
    fi
fi

wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 30s --latency -s scripts/wrk/moderations.lua "$url" \
    >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
samples=()
while kill -0 "$wrk_pid" 2>/dev/null; do
    sleep 10
    rss=$(rss_kib "$SERVER_PID"); [ -z "$rss" ] && break
    samples+=("$rss"); [ "$rss" -gt "$rss_peak" ] && rss_peak=$rss
done
wait "$wrk_pid"
[ -n "$generation_pid" ] && wait "$generation_pid"
rss_end=$(rss_kib "$SERVER_PID")
result=$(grep '^RESULT' "$work/wrk.txt")
echo "$result"
[ -n "$generation_pid" ] && { echo "generations (a full queue's 503 + Retry-After is by design; other 5xx are failures):";
                              grep -E '^RESULT' "$work/generations.txt"; }
echo "rss KiB: start $rss_start, peak $rss_peak, end ${rss_end:-?}; samples every 10 s: ${samples[*]}"
verify=$("$WARDEN" audit verify --data-dir "$data" 2>&1 | head -1)
echo "audit: $verify"
fivexx=$(grep -o '5xx=[0-9]*' <<<"$result" | cut -d= -f2); errors=$(grep -o 'socket_errors=[0-9]*' <<<"$result" | cut -d= -f2)
[ "${fivexx:-1}" -eq 0 ] && [ "${errors:-1}" -eq 0 ]
