# Shared helpers for the reliability scripts (sourced, not run): find the release binary, start
# `warden serve` on a data dir, wait for /healthz, and obtain an API key when the build has keys.
#   WARDEN_BIN      the warden binary (default: .build/release/warden, built if missing)
#   WARDEN_API_KEY  a client key to send as `Authorization: Bearer ...` (optional)

warden_bin() {
    if [ -n "${WARDEN_BIN:-}" ]; then echo "$WARDEN_BIN"; return; fi
    if [ ! -x .build/release/warden ]; then
        echo "building .build/release/warden" >&2
        swift build -c release --product warden >&2 || return 1
    fi
    echo .build/release/warden
}

# has_subcommand [PARENT...] NAME: true when `warden PARENT... --help` lists NAME under
# SUBCOMMANDS (`--help` on an unknown subcommand exits 0, so it cannot be the test).
has_subcommand() {
    local name="${*: -1}" parents=("${@:1:$#-1}")
    "$WARDEN" "${parents[@]}" --help 2>/dev/null | sed -n '/^SUBCOMMANDS:/,$p' | grep -qE "^  $name( |\$)"
}

# start_server DATA_DIR PORT LOG [SERVE OPTIONS...]: starts warden serve in the background;
# sets SERVER_PID.
start_server() {
    "$WARDEN" serve --data-dir "$1" --host 127.0.0.1 --port "$2" "${@:4}" >>"$3" 2>&1 &
    SERVER_PID=$!
}

# wait_healthy PORT [SECONDS]: polls /healthz until it answers 200.
wait_healthy() {
    local deadline=$(( $(date +%s) + ${2:-60} ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/healthz")" = 200 ]; then return 0; fi
        sleep 0.1
    done
    return 1
}

# api_key DATA_DIR LOG: prints a key for /v1/moderations: $WARDEN_API_KEY, else a client key
# from `warden keys create` when this build has it, else the admin key the first start logged,
# else nothing (a build without API keys).
api_key() {
    if [ -n "${WARDEN_API_KEY:-}" ]; then echo "$WARDEN_API_KEY"; return; fi
    if has_subcommand keys; then
        "$WARDEN" keys create --role client --data-dir "$1" 2>&1 | grep -o 'wk_[A-Za-z0-9_-]\{32,\}' | head -1
        return
    fi
    grep -o 'wk_[A-Za-z0-9_-]\{32,\}' "$2" 2>/dev/null | head -1
}

# serve_supports OPTION: true when `warden serve --help` lists OPTION.
serve_supports() { "$WARDEN" serve --help 2>/dev/null | grep -q -- "$1"; }

# rss_kib PID: resident set size of the process in KiB.
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
