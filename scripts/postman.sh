#!/usr/bin/env bash
# The Postman collection, checked and run (run by .ci/run):
#
#   scripts/postman.sh              the collection is current, then newman runs its Scenario
#                                   against the all-in-one binary and against the fleet behind Traefik
#   scripts/postman.sh --generate   rewrite postman/vitrine.postman_collection.json
#
# newman and openapi-to-postmanv2 are installed, pinned, into .tools/postman. Binaries: the
# all-in-one is built like scripts/smoke.sh does (debug); the fleet's are reused
# (FLEET_BUILD=0: built by the end-to-end step before this one; FLEET_BUILD=1 builds them).
# Ports: 127.0.0.1, FLEET_PORT_BASE (default 28200) + the fleet's offsets; the all-in-one on
# base+70; the webhook receiver on base+91. Everything started is stopped by PID.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

NEWMAN_VERSION=6.2.2
CONVERTER_VERSION=6.3.3
TOOLS=$ROOT/.tools/postman
export FLEET_DIR=${POSTMAN_DIR:-$(mktemp -d /tmp/vitrine-postman.XXXXXX)}
export FLEET_PORT_BASE=${POSTMAN_PORT_BASE:-28200}
export WEBHOOK_ALLOW_LOCAL=1
export AUTH_RATE_AVERAGE=1000 AUTH_RATE_BURST=1000
AIO_PORT=$((FLEET_PORT_BASE + 70))
RECEIVER_PORT=$((FLEET_PORT_BASE + 91))
LIMIT_SECS=${POSTMAN_TIMEOUT_SECS:-420}

say() { printf 'postman: %s\n' "$*"; }

if [ ! -x "$TOOLS/node_modules/.bin/newman" ] || ! grep -q "\"version\": \"$NEWMAN_VERSION\"" "$TOOLS/node_modules/newman/package.json" \
  || ! grep -q "\"version\": \"$CONVERTER_VERSION\"" "$TOOLS/node_modules/openapi-to-postmanv2/package.json"; then
  say "installing newman $NEWMAN_VERSION and openapi-to-postmanv2 $CONVERTER_VERSION into .tools/postman"
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{"name": "vitrine-postman-tools", "private": true}' >"$TOOLS/package.json"
  (cd "$TOOLS" && npm install --no-audit --no-fund --loglevel=error --save-exact \
    "newman@$NEWMAN_VERSION" "openapi-to-postmanv2@$CONVERTER_VERSION")
fi
NEWMAN=$TOOLS/node_modules/.bin/newman

if [ "${1:-}" = "--generate" ]; then
  node postman/generate.mjs
  exit 0
fi
node postman/generate.mjs --check

# ---- everything started here is stopped here -----------------------------------------
aio=
receiver=
watchdog=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$watchdog" ] || kill "$watchdog" 2>/dev/null || true
  [ -z "$receiver" ] || kill "$receiver" 2>/dev/null || true
  if [ -n "$aio" ] && kill -0 "$aio" 2>/dev/null; then
    kill -TERM "$aio"
    for _ in $(seq 1 200); do kill -0 "$aio" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$aio" 2>/dev/null || true
  fi
  [ -z "$aio" ] || wait "$aio" 2>/dev/null || true
  if [ "$rc" != 0 ]; then
    for f in "$FLEET_DIR"/all-in-one.log "$FLEET_DIR"/logs/*.log; do
      [ -f "$f" ] || continue
      echo "---- last lines of $f"
      tail -n 15 "$f"
    done
  fi
  scripts/fleet.sh down >/dev/null 2>&1 || true
  rm -rf "$FLEET_DIR"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${FLEET_BUILD:-1}" != 0 ]; then scripts/fleet.sh build; fi
cargo build -p vitrine --locked --quiet
( sleep "$LIMIT_SECS"; echo "postman: over ${LIMIT_SECS}s, stopping" >&2; kill -TERM $$ ) &
watchdog=$!

# The webhook receiver both targets deliver to: answers 204.
python3 - "$RECEIVER_PORT" <<'PY' >"$FLEET_DIR/receiver.log" 2>&1 &
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204); self.end_headers()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
receiver=$!

run() {  # name, environment file, base URL
  say "newman: the Scenario against $1 ($3)"
  "$NEWMAN" run postman/vitrine.postman_collection.json --folder Scenario -e "$2" \
    --env-var "baseUrl=$3" --env-var "webhookUrl=http://127.0.0.1:$RECEIVER_PORT/hook" \
    --bail --color off --reporters cli --timeout-request 15000
}

# 1. The all-in-one binary: its own throwaway PostgreSQL, as scripts/smoke.sh --local starts it.
mkdir -p "$FLEET_DIR/aio-data"
chmod 755 "$FLEET_DIR" "$FLEET_DIR/aio-data"
env -u DATABASE_URL BIND_ADDR="127.0.0.1:$AIO_PORT" VITRINE_DATA_DIR="$FLEET_DIR/aio-data" LOG_FORMAT=json \
  VITRINE_WEB_BUILD=never NOTIFIER_ALLOW_INSECURE_URLS=true NOTIFIER_ALLOW_PRIVATE_TARGETS=true \
  "${CARGO_TARGET_DIR:-target}/debug/vitrine" >"$FLEET_DIR/all-in-one.log" 2>&1 &
aio=$!
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$AIO_PORT/readyz" 2>/dev/null && break
  kill -0 "$aio" 2>/dev/null || { say "the all-in-one binary exited"; exit 1; }
  sleep 0.1
done
run "the all-in-one binary" postman/all-in-one.postman_environment.json "http://127.0.0.1:$AIO_PORT"

# 2. The fleet behind Traefik.
FLEET_BUILD=0 FLEET_WEB=0 scripts/fleet.sh up
run "the gateway" postman/gateway.postman_environment.json "http://127.0.0.1:$((FLEET_PORT_BASE + 80))"
say "passed against both"
