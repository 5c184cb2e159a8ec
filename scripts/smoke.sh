#!/usr/bin/env bash
# Smoke requests against a running Vitrine, the way a merchant and a shopper
# would use it: register a throwaway user, log in, create a site, open its
# storefront, and where the checkout service runs, buy something from it
# (a product, a cart, a checkout with the simulated provider's test card, the
# order in the merchant's list); then delete the site and check the
# storefront is gone.
#
#   scripts/smoke.sh BASE_URL     e.g. http://127.0.0.1:8080, or the ingress
#   scripts/smoke.sh --local      builds and starts the all-in-one binary on a
#                                 free loopback port with a throwaway data dir,
#                                 runs the smoke requests, stops it (by PID)
#
# Only public paths are used, so the same script checks `cargo run`, docker
# compose behind Traefik, kind and production. Environment:
#   SMOKE_WAIT_SECS   how long to wait for the API to answer (default 120)
#   SMOKE_RESOLVE     a curl --resolve entry (HOST:PORT:ADDR), for an ingress
#                     reached by host name without DNS
# Exit status 0 = every check passed. The throwaway user (smoke_*) remains:
# Vitrine has no account deletion; its site is deleted even on failure.
set -euo pipefail

die() { echo "smoke: FAIL: $*" >&2; exit 1; }
log() { echo "smoke: $*"; }

# --- --local: start the all-in-one binary, run this script against it, stop it.
if [ "${1:-}" = "--local" ]; then
  cd "$(dirname "$0")/.."
  source scripts/lib.sh
  cargo build -p vitrine --locked --quiet
  bin="${CARGO_TARGET_DIR:-target}/debug/vitrine"
  data=$(mktemp -d /tmp/vitrine-smoke.XXXXXX)
  chmod 755 "$data"   # the local PostgreSQL runs as `postgres` when we are root
  port=$(free_port)
  # DATABASE_URL unset: the binary makes its own PostgreSQL under $data. The
  # dashboard is not what these requests check: never build it (npm) at start.
  env -u DATABASE_URL BIND_ADDR="127.0.0.1:$port" VITRINE_DATA_DIR="$data" LOG_FORMAT=json \
    VITRINE_WEB_BUILD=never "$bin" >"$data/vitrine.log" 2>&1 &
  pid=$!
  # shellcheck disable=SC2317  # run by the EXIT trap
  stop() {
    local status=$?
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    if [ "$status" -ne 0 ]; then
      echo "smoke: the binary's log (last 40 lines):" >&2
      tail -n 40 "$data/vitrine.log" >&2 || true
    fi
    rm -rf "$data"
    exit "$status"
  }
  trap stop EXIT
  log "started $bin (pid $pid) on 127.0.0.1:$port"
  "$0" "http://127.0.0.1:$port"
  exit 0
fi

base=${1:?usage: scripts/smoke.sh BASE_URL | --local}
base=${base%/}
wait_secs=${SMOKE_WAIT_SECS:-120}
command -v curl >/dev/null || die "curl is required"
command -v python3 >/dev/null || die "python3 is required (to read JSON)"

work=$(mktemp -d)
site_id="" token=""
curl_opts=(--silent --show-error --max-time 20)
[ -n "${SMOKE_RESOLVE:-}" ] && curl_opts+=(--resolve "$SMOKE_RESOLVE")

# request METHOD PATH [JSON_BODY] [curl args...]: sets $status; the body is in $work/body.
request() {
  local method=$1 path=$2 body=${3:-}
  shift 3 || shift $#
  local args=("${curl_opts[@]}" -X "$method" -o "$work/body" -w '%{http_code}' "$@")
  [ -n "$token" ] && [ -z "${anon:-}" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data "$body")
  status=$(curl "${args[@]}" "$base$path") || status=000
}

expect() {
  local want=$1 what=$2
  if [ "$status" != "$want" ]; then
    die "$what: expected HTTP $want, got $status: $(head -c 400 "$work/body" 2>/dev/null)"
  fi
  log "ok  $what ($status)"
}

# json FIELD: a top-level string field of the last body.
json() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/body" "$1" \
    || die "no field '$1' in: $(head -c 400 "$work/body")"
}

cleanup() {
  local status=$?
  if [ -n "$site_id" ] && [ -n "$token" ]; then
    request DELETE "/api/builder/sites/$site_id"
    log "cleanup: deleted site $site_id ($status)"
  fi
  rm -rf "$work"
  return "$status"
}
trap cleanup EXIT

# 1. Wait for the API (through an ingress, endpoints can lag behind rollout status).
deadline=$((SECONDS + wait_secs))
until request GET /api/builder/openapi.json 2>/dev/null && [ "$status" = 200 ]; do
  [ "$SECONDS" -lt "$deadline" ] || die "$base/api/builder/openapi.json did not answer 200 in ${wait_secs}s (last: $status)"
  sleep 2
done
log "ok  API is up at $base"

# 2. Register and log in a throwaway user.
suffix="$(date +%s)$RANDOM"
user="smoke_${suffix}"
password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')Aa1"
credentials=$(printf '{"username":"%s","password":"%s"}' "$user" "$password")
request POST /api/builder/auth/register "$credentials"
expect 201 "register $user"
request POST /api/builder/auth/login "$credentials"
expect 200 "log in"
token=$(json access_token)
request GET /api/builder/auth/me
expect 200 "who am I"
[ "$(json username)" = "$user" ] || die "auth/me answered another user: $(cat "$work/body")"

# 3. Create a site.
name="Smoke Shop ${suffix}"
request POST /api/builder/sites "$(printf '{"name":"%s"}' "$name")"
expect 201 "create site '$name'"
site_id=$(json id)
slug=$(json slug)
[ "$slug" = "smoke-shop-${suffix}" ] || die "unexpected slug '$slug' for '$name'"
request GET "/api/builder/public/sites/$slug"
expect 200 "public site record /api/builder/public/sites/$slug"

# 4. Its storefront: server-rendered HTML that names the site.
request GET "/site/$slug"
expect 200 "storefront /site/$slug"
grep -qF "$name" "$work/body" || die "the storefront /site/$slug does not show the site name '$name'"
log "ok  storefront shows '$name'"

# 4b. A purchase, where the fleet has the checkout service (the kind smoke
# runs this through the ingress, with checkout's own routes).
request GET /api/checkout/openapi.json
if [ "$status" != 200 ]; then
  log "skip purchase: no checkout service at $base ($status)"
else
  request POST "/api/site/sites/$site_id/products" '{"title":"Smoke Mug","description":"A mug."}'
  expect 201 "create a product"
  product_id=$(json id)
  request POST "/api/site/sites/$site_id/products/$product_id/variants" \
    "{\"sku\":\"SMOKE-$suffix\",\"attributes\":{},\"price\":\"9.90\",\"currency\":\"EUR\",\"stock_qty\":5}"
  expect 201 "add a variant"
  variant_id=$(json id)
  # The shopper's requests carry no token (anon=1).
  anon=1 request POST "/api/checkout/public/$slug/carts" "{\"lines\":[{\"variant_id\":\"$variant_id\",\"quantity\":2}]}"
  expect 201 "a shopper's cart"
  cart=$(json token)
  [ "$(json total)" = "19.80" ] || die "the cart's total is $(json total), not 19.80"
  anon=1 request GET "/site/$slug/cart"
  expect 200 "the storefront's cart page /site/$slug/cart"
  anon=1 request POST "/api/checkout/public/$slug/carts/$cart/checkout" \
    '{"email":"smoke@example.com","shipping_address":{"name":"Smoke","line1":"1 Main St","city":"Paris","postal_code":"75001","country":"FR"},"payment":{"card_number":"4242424242424242","exp_month":12,"exp_year":2099,"cvc":"123"}}' \
    -H "Idempotency-Key: smoke-$suffix"
  expect 201 "checkout (simulated card 4242...)"
  order_id=$(json id)
  [ "$(json status)" = paid ] || die "the order is $(json status), not paid"
  request GET "/api/checkout/sites/$site_id/orders/$order_id"
  expect 200 "the merchant sees order $order_id"
fi

# 5. Delete it: the storefront is gone in the same instant.
request DELETE "/api/builder/sites/$site_id"
expect 204 "delete site"
site_id=""
request GET "/site/$slug"
expect 404 "storefront of the deleted site"

log "all checks passed against $base"
