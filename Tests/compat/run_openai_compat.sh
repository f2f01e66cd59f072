#!/usr/bin/env bash
# Starts a Warden server on a fresh data directory and drives it with the official `openai`
# Python client (Tests/compat/openai_client.py). Skips cleanly (exit 0, says why) when Python,
# venv or pip (PyPI) is unavailable.
#
#   Tests/compat/run_openai_compat.sh [path/to/warden]     (default: .build/release/warden, built if missing)
set -uo pipefail
cd "$(dirname "$0")/../.."
here=Tests/compat
warden=${1:-.build/release/warden}

command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 0; }
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv" 2>/dev/null || { echo "SKIP: python3 cannot create a venv (Debian: apt-get install python3-venv)"; exit 0; }
fi
"$here/.venv/bin/python" -c "import openai" 2>/dev/null \
  || "$here/.venv/bin/pip" install -q "openai>=1.40" \
  || { echo "SKIP: pip could not install the openai package (no PyPI access?)"; exit 0; }

if [ ! -x "$warden" ]; then
  swift build -c release --product warden || exit 1
fi
data=$(mktemp -d)
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT
key=$("$warden" keys create --role client --role reviewer --name openai-compat --data-dir "$data" 2>/dev/null | awk '/^key:/ {print $2}')
[ -n "$key" ] || { echo "FAIL: could not create an API key"; exit 1; }
port=$("$here/.venv/bin/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$warden" serve --data-dir "$data" --port "$port" >"$data/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "FAIL: the server exited"; cat "$data/serve.log"; exit 1; }
  sleep 0.2
done
"$here/.venv/bin/python" "$here/openai_client.py" --base-url "http://127.0.0.1:$port/v1" --api-key "$key"
status=$?
[ $status -eq 0 ] || { echo "--- server log (last 30 lines)"; tail -30 "$data/serve.log"; }
exit $status
