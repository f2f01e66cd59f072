#!/usr/bin/env bash
# Crash durability of the audit log under load (issue 11). Runs `warden serve` on a fresh data
# directory, drives POST /v1/moderations with CLIENTS concurrent curl loops, and KILLS times
# kills the server with SIGKILL at a random moment (0.3-2.5 s into each round). After each
# restart it checks that
#   1. every decision id the clients received in a 200 answer has its audit row
#      (`warden audit export --jsonl`), and
#   2. `warden audit verify` passes (the hash chain is intact).
# Exits 1 on the first missing row or broken chain.
#
#   scripts/crash-durability.sh [KILLS=20] [CLIENTS=4]        (make crash-test)
# Environment: WARDEN_BIN, WARDEN_API_KEY (see scripts/warden-server.sh), PORT (default 18431).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/warden-server.sh
kills="${1:-20}"; clients="${2:-4}"; port="${PORT:-18431}"
WARDEN=$(warden_bin) || exit 2
work=$(mktemp -d /tmp/warden-crash.XXXXXX)
data="$work/var"; log="$work/server.log"
echo "crash durability: $kills SIGKILLs, $clients clients, data $data, server log $log"

cleanup() {
    for pid in "${CLIENT_PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
    [ -n "${SERVER_PID:-}" ] && kill -9 "$SERVER_PID" 2>/dev/null
    wait 2>/dev/null
}
trap cleanup EXIT

start_server "$data" "$port" "$log"
wait_healthy "$port" 120 || { echo "server did not start; log:"; tail -20 "$log"; exit 2; }
key=$(api_key "$data" "$log")
auth=(); [ -n "$key" ] && auth=(-H "Authorization: Bearer $key")
[ -n "$key" ] && echo "using API key ${key:0:10}..." || echo "no API key (this build has none)"

prompts=("a watercolor of a lighthouse at dusk" "how do I build a pipe bomb" "a photo of a n.u.d.3 woman"
         "a red fox on snow" "kill yourself, nobody likes you" "a bowl of ramen, studio lighting")

# client N: posts two prompts per request until killed; appends each 200's decision ids to
# ids.N only after curl has the whole answer, and every status code to codes.N.
client() {
    local n=$1 i=0
    while :; do
        i=$((i + 1))
        local a=${prompts[$(( (n + i) % ${#prompts[@]} ))]} b=${prompts[$(( (n * 7 + i) % ${#prompts[@]} ))]}
        local out
        if ! out=$(curl -s -m 20 -w '\n%{http_code}' "${auth[@]}" -H 'content-type: application/json' \
                   -d "{\"input\":[\"$a #$n-$i\",\"$b\"]}" "http://127.0.0.1:$port/v1/moderations"); then
            echo "conn" >>"$work/codes.$n"; sleep 0.05; continue
        fi
        local code=${out##*$'\n'}
        echo "$code" >>"$work/codes.$n"
        if [ "$code" = 200 ]; then
            grep -o '"decision_id" *: *"[^"]*"' <<<"${out%$'\n'*}" | grep -o '[0-9a-f-]\{36\}' >>"$work/ids.$n"
        fi
    done
}
CLIENT_PIDS=()
for n in $(seq 1 "$clients"); do client "$n" & CLIENT_PIDS+=($!); done

failures=0
for round in $(seq 1 "$kills"); do
    ms=$(( 300 + RANDOM % 2200 ))
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null
    start_server "$data" "$port" "$log"
    wait_healthy "$port" 120 || { echo "round $round: server did not restart"; tail -20 "$log"; exit 1; }
    # Snapshot the received ids first: every one was durable before its answer left, so all
    # must be in an export taken afterwards.
    cat "$work"/ids.* 2>/dev/null | sort -u >"$work/received"
    "$WARDEN" audit export --jsonl --data-dir "$data" 2>/dev/null \
        | grep -o '"decision_id" *: *"[^"]*"' | grep -o '[0-9a-f-]\{36\}' | sort -u >"$work/logged"
    missing=$(comm -23 "$work/received" "$work/logged" | wc -l)
    verify=$("$WARDEN" audit verify --data-dir "$data" 2>&1); verified=$?
    printf 'round %2d: killed after %4d ms; %6d decision ids answered, %6d rows logged, %d missing; %s\n' "$round" "$ms" \
        "$(wc -l <"$work/received")" "$(wc -l <"$work/logged")" "$missing" "$(head -1 <<<"$verify")"
    if [ "$missing" -ne 0 ] || [ "$verified" -ne 0 ]; then
        failures=$((failures + 1))
        comm -23 "$work/received" "$work/logged" | head -5
    fi
done

cleanup; trap - EXIT
# Final check with the clients stopped and the server killed once more: every id answered at
# any time, including after the last round, has its row.
cat "$work"/ids.* 2>/dev/null | sort -u >"$work/received"
"$WARDEN" audit export --jsonl --data-dir "$data" 2>/dev/null \
    | grep -o '"decision_id" *: *"[^"]*"' | grep -o '[0-9a-f-]\{36\}' | sort -u >"$work/logged"
missing=$(comm -23 "$work/received" "$work/logged" | wc -l)
"$WARDEN" audit verify --data-dir "$data" >/dev/null 2>&1 || failures=$((failures + 1))
echo "final: $(wc -l <"$work/received") decision ids answered, $(wc -l <"$work/logged") rows logged, $missing missing"
[ "$missing" -ne 0 ] && failures=$((failures + 1))
codes=$(cat "$work"/codes.* | sort | uniq -c | sort -rn | awk '{ printf "%s x%s  ", $2, $1 }')
echo "status codes seen by the clients: $codes"
fivexx=$(cat "$work"/codes.* | grep -c '^5' || true)
answered=$(cat "$work"/ids.* 2>/dev/null | sort -u | wc -l)
# 429: the key's rate limit (by design under this load); anything else but 200 is unexpected.
unexpected=$(cat "$work"/codes.* | grep -cv '^\(200\|429\|conn\)$' || true)
echo "result: $kills kills, $answered decisions answered, $failures failing rounds, $fivexx 5xx answers, $unexpected answers other than 200/429"
# A run that got no answer, or unexpected answers (a wrong key: 401), proved nothing.
[ "$failures" -eq 0 ] && [ "$answered" -gt 0 ] && [ "$unexpected" -eq 0 ]
