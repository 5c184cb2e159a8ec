#!/usr/bin/env bash
# API fuzzing of every service against its own OpenAPI document, with
# schemathesis, through the all-in-one binary (every service, one port).
#
#   scripts/fuzz.sh                 every service, FUZZ_SECONDS (default 60) each
#   FUZZ_SECONDS=20 scripts/fuzz.sh a quicker pass
#
# Checks: no 5xx, every status code documented, every body and content type
# as documented; NUL-bearing cases (generated, and a fixed set of probes) are
# 4xx. Authenticated with a real token; bounded in time; loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

SECONDS_PER_SERVICE=${FUZZ_SECONDS:-60}
SCHEMATHESIS_VERSION=4.32.5
VENV=$PWD/.tools/venv  # absolute: each run happens from its own work folder

if [ ! -x "$VENV/bin/st" ] || ! "$VENV/bin/st" --version | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

cargo build --locked -q -p vitrine
work=$(mktemp -d /tmp/vitrine-fuzz.XXXXXX)
chmod 755 "$work"
port=$(free_port)
base="http://127.0.0.1:$port"
# VITRINE_WEB_BUILD=never: the APIs are fuzzed, not the dashboard (no npm build alongside).
BIND_ADDR=127.0.0.1:$port VITRINE_DATA_DIR="$work/data" LOG_FORMAT=json RUST_LOG=warn VITRINE_WEB_BUILD=never \
  "${CARGO_TARGET_DIR:-target}/debug/vitrine" >"$work/server.log" 2>&1 &
pid=$!
cleanup() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 300); do
  curl -fs "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.1
done

user="fuzz$RANDOM"
curl -fs -X POST "$base/api/builder/auth/register" -H 'content-type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"fuzzing password\"}" >/dev/null
token=$(curl -fs -X POST "$base/api/builder/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"fuzzing password\"}" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

# NUL-bearing input, sent on purpose (schemathesis also generates \x00 in
# strings: allow-x00 in the config below): a NUL in a body, a path or a query
# string is a 4xx on every service, never a 5xx.
nul_failed=0
nul_probe() {  # method path [json body]
  local code args=(-s -o /dev/null -w '%{http_code}' --max-time 10 -X "$1" -H "Authorization: Bearer $token")
  [ -z "${3:-}" ] || args+=(-H 'content-type: application/json' --data-binary "$3")
  code=$(curl "${args[@]}" "$base$2") || code=000
  case "$code" in
    4??) ;;
    *) echo "   NUL probe: $1 $2 ${3:-} -> $code (expected a 4xx)"; nul_failed=$((nul_failed + 1)) ;;
  esac
}
nul='\u0000'
nul_probe POST /api/builder/auth/login "{\"username\":\"a${nul}b\",\"password\":\"x${nul}xxxxxxxx\"}"
nul_probe POST /api/builder/auth/register "{\"username\":\"nul${nul}\",\"password\":\"fuzzing password\"}"
nul_probe POST /api/builder/sites "{\"name\":\"Shop${nul}\"}"
nul_probe GET "/api/builder/public/sites/a%00b"
nul_probe GET "/api/site/public/a%00b/products"
nul_probe GET "/api/site/public/shop/products?q=a%00b"
nul_probe GET "/api/site/public/shop/products?cursor=%00"
nul_probe GET "/api/site/public/shop/products/x%00y"
nul_probe GET "/api/promotion/public/shop/promotions/CODE%00"
nul_probe GET "/site/a%00b"
nul_probe GET "/site/shop?q=%00"
nul_probe GET "/api/experiment/public/shop/experiments/x%00/assignment?user_key=%00"
echo "== NUL probes: $nul_failed failed"

# Schemathesis's configuration: \x00 inside generated strings, explicitly.
cat >"$work/schemathesis.toml" <<'TOML'
[generation]
allow-x00 = true
TOML

# One schemathesis run; its output is kept to tell API findings from tool crashes.
# The merchant logout is left out: it would revoke the run's own token, and
# every secured route would then only answer 401 (it has its own tests).
# From $work, so schemathesis finds its schemathesis.toml.
fuzz() {
  (cd "$work" && "$VENV/bin/st" run "$base/api/$1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --header "Authorization: Bearer $token" \
    --max-time "$SECONDS_PER_SERVICE" --workers 2 --request-timeout 10 \
    --suppress-health-check too_slow --no-color \
    --exclude-path /api/builder/auth/logout \
    >"$work/st-$1.log" 2>&1)
}

# A crash inside the tool, not a finding about the API: CPython 3.11.7's ast
# module miscounts its recursion depth when hypothesis parses a large source
# file to describe a lambda (fixed in later CPython releases).
tool_crash_only() {
  local log=$1
  ! grep -q '= FAILURES =' "$log" && grep -q 'AST constructor recursion depth mismatch' "$log"
}

failed=$nul_failed
passed=0
# Every API service of the registry (services.toml); one not mounted is skipped.
for service in $(registry_names api); do
  if ! curl -fs -o /dev/null "$base/api/$service/openapi.json"; then
    echo "== $service: not mounted, skipped"
    continue
  fi
  echo "== $service: fuzzing for ${SECONDS_PER_SERVICE}s"
  ok=false
  for attempt in 1 2; do
    if fuzz "$service"; then ok=true; break; fi
    if tool_crash_only "$work/st-$service.log" && [ "$attempt" = 1 ]; then
      echo "   schemathesis itself crashed (CPython ast bug, not an API finding); running again"
      continue
    fi
    break
  done
  sed -n '/= SUMMARY =/,$p' "$work/st-$service.log"
  if $ok || tool_crash_only "$work/st-$service.log"; then
    $ok || echo "   (again only the tool's own crash; no API finding)"
    passed=$((passed + 1))
  else
    sed -n '/= FAILURES =/,/= SUMMARY =/p;/= ERRORS =/,/= SUMMARY =/p' "$work/st-$service.log" | cut -c1-300 | head -80
    # No report at all: the tool stopped early; its last words say why.
    grep -q '= SUMMARY =' "$work/st-$service.log" || tail -n 30 "$work/st-$service.log" | cut -c1-300
    failed=$((failed + 1))
  fi
done

if grep -E '"level":"ERROR"|panicked' "$work/server.log" >/dev/null; then
  echo "the server logged errors while being fuzzed:"
  grep -E '"level":"ERROR"|panicked' "$work/server.log" | head -20
  failed=$((failed + 1))
fi
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
