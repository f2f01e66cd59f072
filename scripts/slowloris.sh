#!/usr/bin/env bash
# Slowloris check (issue 11): CLIENTS connections (default 64, the server's connection limit)
# each send one header byte every DRIP seconds and never finish their headers. Reports whether
# an ordinary request is served while they hold the server, how long until the server cuts
# them (its header deadline, `warden serve --header-timeout`, default 10 s) and whether an
# ordinary request is served after that. Exit 1 when the dripping clients are not all cut
# within 3x the header deadline or the server does not serve again.
#   make slowloris                       # or: bash scripts/slowloris.sh
#   CLIENTS=64 DRIP=1 HEADER_TIMEOUT=10 PORT=18093 bash scripts/slowloris.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/warden-server.sh

CLIENTS="${CLIENTS:-64}"
DRIP="${DRIP:-1}"
HEADER_TIMEOUT="${HEADER_TIMEOUT:-10}"
PORT="${PORT:-18093}"
WARDEN="$(warden_bin)"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

start_server "$work/data" "$PORT" "$work/server.log" --header-timeout "$HEADER_TIMEOUT"
wait_healthy "$PORT" 120 || { echo "server did not become healthy"; tail -20 "$work/server.log"; exit 1; }

# One dripping client: opens a connection, sends a byte every DRIP s, and when a write fails
# (the server closed it) records how many seconds it lived.
drip() {
    trap '' PIPE  # a write to a socket the server closed fails instead of killing this client
    local start; start=$(date +%s.%N)
    exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" || { echo "refused" >"$work/client.$1"; return; }
    local line="GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
    printf "$line" >&$fd
    while printf 'a' >&$fd 2>/dev/null; do
        sleep "$DRIP"
        # A closed socket reads end of stream at once.
        if read -r -t 0.01 -u $fd _ 2>/dev/null || [ $? -eq 1 ]; then break; fi
    done
    echo "$(date +%s.%N) $start" | awk '{ printf "%.1f\n", $1 - $2 }' >"$work/client.$1"
    exec {fd}>&-
}

for i in $(seq 1 "$CLIENTS"); do drip "$i" & done
sleep 2
during="$(curl -s -m 3 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz" || true)"
echo "while $CLIENTS clients drip one header byte every ${DRIP}s: GET /healthz -> ${during:-no answer} (000 = not served)"

deadline=$(( $(date +%s) + 3 * ${HEADER_TIMEOUT%.*} + 5 ))
while [ "$(ls "$work" | grep -c '^client\.')" -lt "$CLIENTS" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
cut="$(ls "$work" | grep -c '^client\.' || true)"
lifetimes="$(cat "$work"/client.* 2>/dev/null | grep -v refused | sort -n || true)"
echo "dripping clients cut by the server: $cut of $CLIENTS; lifetimes min $(echo "$lifetimes" | head -1) s, max $(echo "$lifetimes" | tail -1) s (header deadline ${HEADER_TIMEOUT} s)"
after="$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz" || true)"
echo "after the deadline: GET /healthz -> $after"
echo "server log: $(grep -c 'not complete within' "$work/server.log" || true) connections closed for a late request"
[ "$cut" -eq "$CLIENTS" ] && [ "$after" = 200 ]
