#!/usr/bin/env bash
# End-to-end test of the fleet behind the real Traefik: starts it with
# scripts/fleet.sh (own ports, own state directory), walks a merchant's first
# steps through the gateway only, buys something (two checkout instances, the
# webhook arriving once at a local receiver although two notifiers run; this
# part is skipped until services/checkout, customer and notifier are in the
# tree), checks the gateway's own duties (round-robin, CORS, rate limit,
# security headers, unrouted probes, failover), and always stops the fleet. Prints one line per check and closes with
# "N passed, N failed"; exits non-zero on any failure.
#
#   tests/e2e/gateway.sh                 build what is missing, run
#   FLEET_BUILD=0 tests/e2e/gateway.sh   reuse the binaries in target/
#   E2E_KEEP=1 tests/e2e/gateway.sh      keep the logs (path printed at the end)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

export FLEET_DIR=${E2E_DIR:-$(mktemp -d /tmp/vitrine-e2e.XXXXXX)}
export FLEET_PORT_BASE=${E2E_PORT_BASE:-19400}
export CORS_ALLOWED_ORIGINS=http://dashboard.e2e.test
# The webhook receiver of the commerce part is a plain-HTTP server on 127.0.0.1.
export WEBHOOK_ALLOW_LOCAL=1
# The shipped rate limit (dynamic.yml's defaults) is what is tested.
unset AUTH_RATE_AVERAGE AUTH_RATE_PERIOD AUTH_RATE_BURST
GW=http://127.0.0.1:$((FLEET_PORT_BASE + 80))
ALLOWED_ORIGIN=http://dashboard.e2e.test
OTHER_ORIGIN=http://elsewhere.e2e.test
LIMIT_SECS=${E2E_TIMEOUT_SECS:-300}
TMP=$FLEET_DIR/e2e
RUN=$FLEET_DIR/run
LOGS=$FLEET_DIR/logs

passed=0
failed=0
skipped=0
ok() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
ko() {
  failed=$((failed + 1))
  printf 'FAIL %s\n' "$1"
  [ -z "${2:-}" ] || printf '       %s\n' "$2"
}

# ---- the fleet, always stopped ----------------------------------------------
watchdog=
receiver=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$watchdog" ] || kill "$watchdog" 2>/dev/null || true
  [ -z "$receiver" ] || kill "$receiver" 2>/dev/null || true
  if [ "$failed" -gt 0 ] || [ "$rc" != 0 ]; then
    for f in "$LOGS"/*.log; do
      [ -f "$f" ] || continue
      echo "---- last lines of $f"
      tail -n 15 "$f"
    done
  fi
  scripts/fleet.sh down >/dev/null 2>&1 || true
  if [ -n "${E2E_KEEP:-}" ]; then echo "kept: $FLEET_DIR"; else rm -rf "$FLEET_DIR"; fi
  echo
  if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
  if [ "$rc" = 0 ] && [ "$failed" -gt 0 ]; then rc=1; fi
  exit "$rc"
}
up_pid=
interrupted() {
  echo "interrupted"
  # A start under way stops what it started (fleet.sh up cleans up on failure).
  [ -z "$up_pid" ] || { kill -TERM "$up_pid" 2>/dev/null; wait "$up_pid" 2>/dev/null; }
  exit 130
}
trap cleanup EXIT
trap interrupted INT TERM

# Building takes as long as cargo needs (nothing after `cargo test`); the test
# itself is bounded from here on, whatever hangs.
if [ "${FLEET_BUILD:-1}" != 0 ]; then scripts/fleet.sh build; fi
( sleep "$LIMIT_SECS"; echo "e2e: over ${LIMIT_SECS}s, stopping" >&2; kill -TERM $$ ) &
watchdog=$!

FLEET_BUILD=0 scripts/fleet.sh up &
up_pid=$!
if wait "$up_pid"; then ok "the fleet is up behind Traefik at $GW"; else up_pid=; ko "the fleet starts"; exit 1; fi
up_pid=
mkdir -p "$TMP"
has() { grep -q "^$1 " "$RUN/instances"; }

# ---- HTTP helpers -------------------------------------------------------------
# req METHOD PATH [JSON] [curl args...]: sets STATUS; body in $TMP/body, headers in $TMP/headers.
req() {
  local method=$1 path=$2 data=${3:-}
  shift 3 || shift $#
  local args=(-sS --max-time 15 -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' -X "$method")
  [ -z "${TOKEN:-}" ] || args+=(-H "Authorization: Bearer $TOKEN")
  [ -z "$data" ] || args+=(-H 'Content-Type: application/json' --data "$data")
  STATUS=$(curl "${args[@]}" "$@" "$GW$path") || STATUS=000
}
# The value of header $1 in the last answer (empty when absent).
header() { grep -i "^$1:" "$TMP/headers" | head -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ //'; }
# A value of the last JSON body: a Python expression over `d`.
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[2])); print(eval(sys.argv[1]))' "$1" "$TMP/body"; }
body() { head -c 300 "$TMP/body"; }
expect() {  # description, expected status
  if [ "$STATUS" = "$2" ]; then ok "$1"; else ko "$1" "expected $2, got $STATUS: $(body)"; fi
}
expect_eq() {  # description, expected, actual
  if [ "$2" = "$3" ]; then ok "$1"; else ko "$1" "expected '$2', got '$3'"; fi
}

# ---- every running service is routed, its path unchanged ----------------------
for svc in builder site media promotion experiment customer checkout notifier; do
  has "$svc" || has "$svc-1" || continue
  TOKEN='' req GET "/api/$svc/openapi.json"
  expect "/api/$svc/openapi.json through the gateway: 200" 200
done

# ---- builder: register, login, a site ---------------------------------------
user=e2e_$(date +%s)_$$
password='correct horse battery'
req POST /api/builder/auth/register "{\"username\":\"$user\",\"password\":\"$password\"}"
expect "register through the gateway: 201" 201
req POST /api/builder/auth/register "{\"username\":\"$user\",\"password\":\"$password\"}"
expect "register the same name again: 409" 409
req POST /api/builder/auth/login "{\"username\":\"$user\",\"password\":\"wrong password\"}"
expect "login with a wrong password: 401" 401
req POST /api/builder/auth/login "{\"username\":\"$user\",\"password\":\"$password\"}"
expect "login: 200" 200
TOKEN=$(json 'd["access_token"]' 2>/dev/null || true)
[ -n "$TOKEN" ] && ok "login answers an access token" || ko "login answers an access token" "$(body)"
req GET /api/builder/auth/me
expect "me with the token: 200" 200
expect_eq "me is the registered user" "$user" "$(json 'd["username"]' 2>/dev/null)"

shop="E2E Shop $$"
req POST /api/builder/sites "{\"name\":\"$shop\"}"
expect "create a site: 201" 201
site_id=$(json 'd["id"]' 2>/dev/null || true)
slug=$(json 'd["slug"]' 2>/dev/null || true)
expect_eq "the site's url is the gateway's /site/<slug>" "$GW/site/$slug" "$(json 'd["url"]' 2>/dev/null)"
req GET "/api/builder/public/sites/$slug" "" 
expect "public look-up of the site by slug: 200" 200

# ---- site: catalog, public API, storefront ------------------------------------
if has site-1; then
  req POST "/api/site/sites/$site_id/categories" '{"name":"Mugs"}'
  expect "create a category: 201" 201
  category_id=$(json 'd["id"]' 2>/dev/null || true)
  req POST "/api/site/sites/$site_id/products" \
    "{\"title\":\"Blue Mug\",\"description\":\"A mug, blue.\",\"category_id\":\"$category_id\"}"
  expect "create a product: 201" 201
  product_id=$(json 'd["id"]' 2>/dev/null || true)
  product_slug=$(json 'd["slug"]' 2>/dev/null || true)
  req POST "/api/site/sites/$site_id/products/$product_id/variants" \
    '{"sku":"MUG-BLUE-S","attributes":{"size":"S"},"price":"12.50","currency":"EUR","stock_qty":10}'
  expect "add a variant: 201" 201
  req POST "/api/site/sites/$site_id/products/$product_id/variants" \
    '{"sku":"MUG-BLUE-L","attributes":{"size":"L"},"price":"14.00","currency":"EUR","stock_qty":3}'
  expect "add a second variant: 201" 201
  req GET "/api/site/sites/$site_id/products/$product_id"
  expect_eq "the product has both variants" 2 "$(json 'len(d.get("variants") or [])' 2>/dev/null)"

  TOKEN='' req GET "/api/site/public/$slug/categories"
  expect "public categories, no token: 200" 200
  TOKEN='' req GET "/api/site/public/$slug/products"
  expect "public products, no token: 200" 200
  expect_eq "the public list has the product" "Blue Mug" "$(json 'd["items"][0]["title"]' 2>/dev/null)"
  TOKEN='' req GET "/api/site/public/$slug/products/$product_slug"
  expect "public product by slug: 200" 200
  expect_eq "its prices are exact decimal strings" "12.50 14.00" \
    "$(json '" ".join(sorted(v["price"] for v in d["variants"]))' 2>/dev/null)"

  TOKEN='' req GET "/site/$slug"
  expect "storefront page: 200" 200
  case "$(header Content-Type)" in text/html*) ok "storefront page is HTML" ;; *) ko "storefront page is HTML" "$(header Content-Type)" ;; esac
  grep -q "Blue Mug" "$TMP/body" && ok "storefront page lists the product" || ko "storefront page lists the product" "$(body)"
  TOKEN='' req GET "/site/$slug/products/$product_slug"
  expect "storefront product page: 200" 200
  TOKEN='' req GET "/site/no-such-shop-$$"
  expect "storefront of an unknown site: 404" 404

  # Round-robin: both instances answer, by the gateway's access log (which
  # backend) and by each instance's own log (which request ids it served).
  for i in $(seq 1 8); do
    TOKEN='' req GET "/api/site/public/$slug/products" "" -H "X-Request-Id: e2e-rr-$$-$i"
  done
  sleep 0.5  # let the access log reach its file
  backends=$(python3 - "$LOGS/traefik.log" "e2e-rr-$$-" <<'PY'
import json, sys
seen = set()
for line in open(sys.argv[1]):
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    if str(entry.get("request_X-Request-Id", "")).startswith(sys.argv[2]):
        seen.add(entry.get("ServiceAddr"))
print(" ".join(sorted(a for a in seen if a)))
PY
)
  expect_eq "the gateway sent the requests to both site instances" \
    "127.0.0.1:$((FLEET_PORT_BASE + 2)) 127.0.0.1:$((FLEET_PORT_BASE + 3))" "$backends"
  for inst in site-1 site-2; do
    n=$(grep -c "e2e-rr-$$-" "$LOGS/$inst.log" || true)
    [ "$n" -gt 0 ] && ok "$inst's own log shows it served $n of them" || ko "$inst served some of the requests"
  done
else
  skipped=$((skipped + 1))
  echo "skip catalog, storefront, round-robin and failover: the site service is not in this checkout"
fi

# ---- commerce: a purchase through the gateway, two checkout instances, the webhook --
# Written against the contract (ARCHITECTURE.md: checkout, customer, notifier);
# skipped, saying why, until those services are in the tree.
if [ ! -f services/checkout/Cargo.toml ] || [ ! -f services/notifier/Cargo.toml ]; then
  skipped=$((skipped + 1))
  echo "skip commerce (cart, checkout through two checkout instances, webhook delivery, shopper login):" \
    "services/checkout or services/notifier is not in this tree yet"
elif ! has site-1 || ! has checkout-1 || ! has notifier-1; then
  ko "commerce services run in the fleet" "$(cut -d' ' -f1 "$RUN/instances" | tr '\n' ' ')"
else
  # The webhook receiver: records every delivery (headers and body), answers 204.
  hook_port=$((FLEET_PORT_BASE + 90))
  python3 - "$hook_port" "$TMP/webhooks.jsonl" <<'PY' >"$TMP/receiver.log" 2>&1 &
import http.server, json, sys
port, out = int(sys.argv[1]), sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        with open(out, "a") as f:
            f.write(json.dumps({"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}) + "\n")
        self.send_response(204); self.end_headers()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
PY
  receiver=$!
  : >"$TMP/webhooks.jsonl"
  req POST "/api/notifier/sites/$site_id/webhooks" "{\"url\":\"http://127.0.0.1:$hook_port/hook\",\"events\":[\"*\"]}"
  expect "a merchant registers a webhook: 201" 201
  secret=$(json 'd["secret"]' 2>/dev/null || true)
  case "$secret" in whsec_*) ok "the webhook has a whsec_ secret" ;; *) ko "the webhook has a whsec_ secret" "$(body)" ;; esac

  variant_id=$(TOKEN='' curl -s "$GW/api/site/public/$slug/products/$product_slug" |
    python3 -c 'import json,sys; print([v["id"] for v in json.load(sys.stdin)["variants"] if v["sku"]=="MUG-BLUE-S"][0])')
  TOKEN='' req POST "/api/checkout/public/$slug/carts" "{\"lines\":[{\"variant_id\":\"$variant_id\",\"quantity\":2}]}"
  expect "a shopper creates a cart through the gateway: 201" 201
  cart=$(json 'd["token"]' 2>/dev/null || true)
  expect_eq "the cart's total is exact: 2 x 12.50" "25.00 EUR" "$(json 'd["total"] + " " + d["currency"]' 2>/dev/null)"
  for i in $(seq 1 8); do
    TOKEN='' req GET "/api/checkout/public/$slug/carts/$cart" "" -H "X-Request-Id: e2e-cart-$$-$i"
  done
  expect "the cart reads back: 200" 200
  TOKEN='' req GET "/site/$slug/cart"
  case "$STATUS $(header Content-Type)" in "200 text/html"*) ok "the storefront's cart page is HTML from checkout" ;; *) ko "the storefront's cart page" "$STATUS $(header Content-Type)" ;; esac
  sleep 0.5
  backends=$(python3 - "$LOGS/traefik.log" "e2e-cart-$$-" <<'PY'
import json, sys
seen = set()
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if str(e.get("request_X-Request-Id", "")).startswith(sys.argv[2]):
        seen.add(e.get("ServiceAddr"))
print(" ".join(sorted(a for a in seen if a)))
PY
)
  expect_eq "the gateway sent cart reads to both checkout instances" \
    "127.0.0.1:$((FLEET_PORT_BASE + 9)) 127.0.0.1:$((FLEET_PORT_BASE + 10))" "$backends"

  pay='{"email":"shopper@e2e.test","shipping_address":{"name":"Ada","line1":"1 Main St","city":"Paris","postal_code":"75001","country":"FR"},"payment":{"card_number":"4242424242424242","exp_month":12,"exp_year":2099,"cvc":"123"}}'
  key="e2e-$$-$(date +%s)"
  TOKEN='' req POST "/api/checkout/public/$slug/carts/$cart/checkout" "$pay" -H "Idempotency-Key: $key"
  expect "checkout through the gateway: 201" 201
  order_id=$(json 'd["id"]' 2>/dev/null || true)
  expect_eq "the order is paid, its total exact" "paid 25.00" "$(json 'd["status"] + " " + d["total"]' 2>/dev/null)"
  TOKEN='' req POST "/api/checkout/public/$slug/carts/$cart/checkout" "$pay" -H "Idempotency-Key: $key"
  expect_eq "the same Idempotency-Key answers the same order" "$order_id" "$(json 'd["id"]' 2>/dev/null)"
  req GET "/api/site/sites/$site_id/products/$product_id"
  expect_eq "the stock went down by 2 (10 -> 8)" 8 \
    "$(json '[v["stock_qty"] for v in d["variants"] if v["sku"]=="MUG-BLUE-S"][0]' 2>/dev/null)"
  req GET "/api/checkout/sites/$site_id/orders"
  expect_eq "the merchant sees the order" "$order_id" "$(json 'd["items"][0]["id"]' 2>/dev/null)"

  declined='{"email":"shopper@e2e.test","shipping_address":{"name":"Ada","line1":"1 Main St","city":"Paris","postal_code":"75001","country":"FR"},"payment":{"card_number":"4000000000000002","exp_month":12,"exp_year":2099,"cvc":"123"}}'
  TOKEN='' req POST "/api/checkout/public/$slug/carts" "{\"lines\":[{\"variant_id\":\"$variant_id\",\"quantity\":1}]}"
  cart2=$(json 'd["token"]' 2>/dev/null || true)
  TOKEN='' req POST "/api/checkout/public/$slug/carts/$cart2/checkout" "$declined" -H "Idempotency-Key: $key-declined"
  expect "a declined card: 402" 402
  req GET "/api/site/sites/$site_id/products/$product_id"
  expect_eq "a declined payment gives the stock back (still 8)" 8 \
    "$(json '[v["stock_qty"] for v in d["variants"] if v["sku"]=="MUG-BLUE-S"][0]' 2>/dev/null)"

  # The webhook: order.created and order.paid for this order, each once
  # (two notifier instances share the feed), signed as Standard Webhooks.
  verdict=""
  for _ in $(seq 1 100); do
    verdict=$(python3 - "$TMP/webhooks.jsonl" "$order_id" "$secret" <<'PY'
import base64, collections, hashlib, hmac, json, sys
path, order, secret = sys.argv[1:]
key = base64.b64decode(secret.split("_", 1)[1])
seen = collections.Counter()
for line in open(path):
    d = json.loads(line)
    h, body = d["headers"], d["body"]
    event = json.loads(body)
    if event.get("data", {}).get("id") != order:
        continue
    mac = base64.b64encode(hmac.new(key, f'{h["webhook-id"]}.{h["webhook-timestamp"]}.{body}'.encode(), hashlib.sha256).digest()).decode()
    if f"v1,{mac}" not in h.get("webhook-signature", "").split():
        print("bad-signature"); sys.exit()
    if h["webhook-id"] != event["id"]:
        print("webhook-id-is-not-the-event-id"); sys.exit()
    seen[event["type"]] += 1
print(" ".join(f"{t}={n}" for t, n in sorted(seen.items())))
PY
)
    case "$verdict" in *order.created=*order.paid=*|bad-signature|webhook-id*) break ;; esac
    sleep 0.1
  done
  case "$verdict" in
    *order.created=*order.paid=*) ok "the webhook received order.created and order.paid, validly signed ($verdict)" ;;
    *) ko "the webhook received order.created and order.paid, validly signed" "got: ${verdict:-nothing}" ;;
  esac
  sleep 3  # time for a second notifier to send a duplicate, if it would
  verdict2=$(python3 - "$TMP/webhooks.jsonl" "$order_id" <<'PY'
import collections, json, sys
c = collections.Counter(json.loads(l)["headers"]["webhook-id"] for l in open(sys.argv[1])
                        if json.loads(json.loads(l)["body"]).get("data", {}).get("id") == sys.argv[2])
print(max(c.values()) if c else 0)
PY
)
  expect_eq "with two notifier instances, each event arrived exactly once" 1 "$verdict2"
  grep -q '"order.created"\|order\.created' "$LOGS"/notifier-*.log && ok "a notifier logged the event" || ko "a notifier logged the event"
  kill "$receiver" 2>/dev/null || true

  # Shoppers: sign up and sign in through the gateway (rate-limited routes).
  if [ ! -f services/customer/Cargo.toml ]; then
    skipped=$((skipped + 1))
    echo "skip shopper accounts: services/customer is not in this tree yet"
  else
  TOKEN='' req POST "/api/customer/public/$slug/register" '{"email":"ada@e2e.test","password":"correct horse battery","name":"Ada"}'
  expect "a shopper signs up through the gateway: 201" 201
  TOKEN='' req POST "/api/customer/public/$slug/login" '{"email":"ada@e2e.test","password":"correct horse battery"}'
  expect "the shopper signs in: 200" 200
  SHOPPER=$(json 'd["access_token"]' 2>/dev/null || true)
  TOKEN=$SHOPPER req GET "/api/checkout/public/$slug/me/orders"
  expect "the shopper token opens my orders on checkout: 200" 200
  codes=$(seq 1 40 | xargs -P 10 -I{} curl -s -o /dev/null --max-time 30 -w '%{http_code}\n' \
    -H 'Content-Type: application/json' --data '{"email":"ada@e2e.test","password":"wrong password"}' \
    "$GW/api/customer/public/$slug/login" | sort | uniq -c | tr -s ' ' | tr '\n' ';' || true)
  case "$codes" in *" 429;"*) ok "a shopper login flood gets 429 ($codes)" ;; *) ko "a shopper login flood gets 429" "$codes" ;; esac
  fi
fi

# ---- CORS ---------------------------------------------------------------------
req OPTIONS /api/builder/sites "" -H "Origin: $ALLOWED_ORIGIN" \
  -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: authorization, content-type'
case $STATUS in 2*) ok "preflight from an allowed origin: $STATUS" ;; *) ko "preflight from an allowed origin" "status $STATUS" ;; esac
expect_eq "preflight grants the allowed origin" "$ALLOWED_ORIGIN" "$(header Access-Control-Allow-Origin)"
case "$(header Access-Control-Allow-Methods)" in *POST*) ok "preflight allows POST" ;; *) ko "preflight allows POST" "$(header Access-Control-Allow-Methods)" ;; esac
req OPTIONS /api/builder/sites "" -H "Origin: $OTHER_ORIGIN" -H 'Access-Control-Request-Method: POST'
expect_eq "preflight from another origin gets no grant" "" "$(header Access-Control-Allow-Origin)"
req GET /api/builder/sites "" -H "Origin: $ALLOWED_ORIGIN"
expect_eq "a call from the allowed origin is granted" "$ALLOWED_ORIGIN" "$(header Access-Control-Allow-Origin)"
req GET /api/builder/sites "" -H "Origin: $OTHER_ORIGIN"
expect_eq "a call from another origin is not" "" "$(header Access-Control-Allow-Origin)"

# ---- security headers -----------------------------------------------------------
check_security_headers() {  # what
  expect_eq "$1: X-Frame-Options" DENY "$(header X-Frame-Options)"
  expect_eq "$1: X-Content-Type-Options" nosniff "$(header X-Content-Type-Options)"
  expect_eq "$1: Referrer-Policy" strict-origin-when-cross-origin "$(header Referrer-Policy)"
  case "$(header Content-Security-Policy)" in *"default-src '"*"frame-ancestors 'none'"*) ok "$1: Content-Security-Policy" ;; *) ko "$1: Content-Security-Policy" "$(header Content-Security-Policy)" ;; esac
  case "$(header Strict-Transport-Security)" in max-age=*) ok "$1: Strict-Transport-Security" ;; *) ko "$1: Strict-Transport-Security" ;; esac
  [ -n "$(header Permissions-Policy)" ] && ok "$1: Permissions-Policy" || ko "$1: Permissions-Policy"
}
req GET /api/builder/auth/me
check_security_headers "API answer"
if has site-1; then
  TOKEN='' req GET "/site/$slug"
  check_security_headers "storefront page"
fi

# ---- the dashboard at / ------------------------------------------------------------
if has web; then
  TOKEN='' req GET /
  expect "the dashboard at /: 200" 200
  case "$(header Content-Type)" in text/html*) ok "the dashboard is HTML" ;; *) ko "the dashboard is HTML" "$(header Content-Type)" ;; esac
  TOKEN='' req GET /sites/some/client/route
  expect "a client-side route of the dashboard: 200 (SPA fallback)" 200
  check_security_headers "dashboard page"
else
  skipped=$((skipped + 1))
  echo "skip dashboard checks: web/dist is not built here"
fi

# ---- probes and metrics are not routed ----------------------------------------
for path in /healthz /readyz /metrics; do
  TOKEN='' req GET "$path"
  expect "$path through the gateway: 404" 404
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$((FLEET_PORT_BASE + 1))$path" || true)
  expect_eq "$path on the builder's own port: 200" 200 "$code"
done
TOKEN='' req GET /metrics
grep -q '^# TYPE' "$TMP/body" && ko "no Prometheus text through the gateway" "$(body)" || ok "no Prometheus text through the gateway"

# ---- rate limit on /api/builder/auth --------------------------------------------
# More logins at once than the burst allows: the excess is 429 with Retry-After,
# the rest are ordinary 401s (wrong password), never a 5xx.
codes=$(seq 1 40 | xargs -P 10 -I{} curl -s -o /dev/null --max-time 30 -w '%{http_code}\n' \
  -H 'Content-Type: application/json' --data "{\"username\":\"$user\",\"password\":\"wrong password\"}" \
  "$GW/api/builder/auth/login" | sort | uniq -c | tr -s ' ' | tr '\n' ';' || true)
case "$codes" in *" 429;"*) ok "a login flood gets 429 ($codes)" ;; *) ko "a login flood gets 429" "$codes" ;; esac
others=$(echo "$codes" | tr ';' '\n' | awk 'NF == 2 && $2 != 429 && $2 != 401')
expect_eq "the rest of the flood is 401, nothing else" "" "$others"
# The bucket refills slowly (10 a minute): on a slow machine one token may be
# back by now, so a few tries are allowed to see the limit again.
for _ in 1 2 3 4 5; do
  req POST /api/builder/auth/login "{\"username\":\"$user\",\"password\":\"$password\"}"
  [ "$STATUS" = 429 ] && break
done
expect "after the flood, even the right password is limited: 429" 429
case "$(header Retry-After)" in [1-9]*) ok "429 carries Retry-After ($(header Retry-After)s)" ;; *) ko "429 carries Retry-After" "'$(header Retry-After)'" ;; esac
req GET /api/builder/sites
expect "the rest of the API is not limited: 200" 200

# ---- JSON access logs -------------------------------------------------------------
python3 - "$LOGS/traefik.log" <<'PY' && ok "the gateway's access log is JSON, one request per line, no credentials" || ko "the gateway's access log is JSON, no credentials"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
access = [l for l in lines if "RequestPath" in l]
assert len(access) >= 20, len(access)
assert all("DownstreamStatus" in l and "Duration" in l for l in access)
assert not any("Authorization" in k for l in access for k in l), "Authorization logged"
PY

# ---- one site instance stops: the storefront stays up ------------------------------
if has site-1; then
  pid=$(cat "$RUN/site-1.pid")
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && ko "site-1 stops on SIGTERM" || ok "site-1 stopped on SIGTERM"
  bad=0
  for i in $(seq 1 12); do
    TOKEN='' req GET "/site/$slug"
    [ "$STATUS" = 200 ] || bad=$((bad + 1))
    TOKEN='' req GET "/api/site/public/$slug/products"
    [ "$STATUS" = 200 ] || bad=$((bad + 1))
  done
  expect_eq "with site-1 stopped, 24 storefront and public API calls all answer 200" 0 "$bad"
fi
