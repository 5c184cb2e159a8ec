#!/usr/bin/env python3
"""The live half of scripts/check-observability.sh (which starts the fleet and Prometheus).

    live_check.py traffic  GATEWAY INSTANCES_FILE RECEIVER_PORT
    live_check.py queries  PROMETHEUS RULES_FILE

traffic: a merchant (register, login, site, catalog, webhook), shoppers (carts; checkouts
paid, declined, out of stock, invalid), storefront and API reads through the gateway and
straight to every replica, some 4xx, /readyz on every replica; waits for the webhooks (a
local receiver that refuses each delivery's first attempt, so retries show too).

queries: every panel query of every generated dashboard ($__rate_interval as 1m) and every
rule of RULES_FILE against Prometheus. A panel query or a recording rule fails when it is
invalid or returns no series; an alert fails when its expression is invalid, Prometheus
reports the rule unhealthy, or a series it watches does not exist (an alert that does not
fire is the healthy answer, so its own result may be empty). Prints what ran.
"""

import http.server
import json
import pathlib
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import yaml

HERE = pathlib.Path(__file__).resolve().parent


def call(base, method, path, body=None, token=None, headers=None, timeout=15):
    """One request; returns (status, parsed JSON or text)."""
    data = None
    hdrs = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(base + path, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as err:
        status, raw = err.code, err.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def must(what, got, *expected):
    status, body = got
    if status not in expected:
        raise SystemExit(f"traffic: {what}: expected {expected}, got {status}: {str(body)[:300]}")
    return body


class Receiver(http.server.BaseHTTPRequestHandler):
    """Webhook receiver: on /hook refuses each message's first attempt (500) and accepts the
    next (204); /broken refuses everything, so the notifier gives up (`failed`)."""

    seen = {}
    broken = 0
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        msg = self.headers.get("webhook-id", "")
        if self.path != "/hook":
            with self.lock:
                Receiver.broken += 1
            self.send_response(500)
            self.end_headers()
            return
        with self.lock:
            attempts = self.seen.get(msg, 0) + 1
            self.seen[msg] = attempts
        self.send_response(500 if attempts == 1 else 204)
        self.end_headers()

    def log_message(self, *args):
        pass


def traffic(gateway, instances_file, receiver_port):
    instances = dict(line.split() for line in pathlib.Path(instances_file).read_text().splitlines() if line.strip())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(receiver_port)), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    gw = gateway.rstrip("/")
    run = uuid.uuid4().hex[:8]

    # The merchant.
    user, password = f"obs_{run}", "correct horse battery"
    must("register", call(gw, "POST", "/api/builder/auth/register", {"username": user, "password": password}), 201)
    must("wrong password", call(gw, "POST", "/api/builder/auth/login", {"username": user, "password": "wrong password"}), 401)
    token = must("login", call(gw, "POST", "/api/builder/auth/login", {"username": user, "password": password}), 200)["access_token"]
    site = must("site", call(gw, "POST", "/api/builder/sites", {"name": f"Observed {run}"}, token), 201)
    site_id, slug = site["id"], site["slug"]
    category = must("category", call(gw, "POST", f"/api/site/sites/{site_id}/categories", {"name": "Mugs"}, token), 201)
    product = must(
        "product",
        call(gw, "POST", f"/api/site/sites/{site_id}/products", {"title": "Blue Mug", "description": "A mug.", "category_id": category["id"]}, token),
        201,
    )
    plenty = must(
        "variant",
        call(gw, "POST", f"/api/site/sites/{site_id}/products/{product['id']}/variants",
             {"sku": "MUG-S", "attributes": {"size": "S"}, "price": "12.50", "currency": "EUR", "stock_qty": 100}, token),
        201,
    )["id"]
    last_one = must(
        "second variant",
        call(gw, "POST", f"/api/site/sites/{site_id}/products/{product['id']}/variants",
             {"sku": "MUG-L", "attributes": {"size": "L"}, "price": "14.00", "currency": "EUR", "stock_qty": 1}, token),
        201,
    )["id"]
    must("invalid variant", call(gw, "POST", f"/api/site/sites/{site_id}/products/{product['id']}/variants",
                                 {"sku": "", "price": "-1", "currency": "EURO", "stock_qty": -1}, token), 422)
    must("webhook", call(gw, "POST", f"/api/notifier/sites/{site_id}/webhooks",
                         {"url": f"http://127.0.0.1:{receiver_port}/hook", "events": ["*"]}, token), 201)
    must("broken webhook", call(gw, "POST", f"/api/notifier/sites/{site_id}/webhooks",
                                {"url": f"http://127.0.0.1:{receiver_port}/broken", "events": ["order.paid"]}, token), 201)

    # Shoppers.
    pay = {
        "email": "shopper@observe.test",
        "shipping_address": {"name": "Ada", "line1": "1 Main St", "city": "Paris", "postal_code": "75001", "country": "FR"},
        "payment": {"card_number": "4242424242424242", "exp_month": 12, "exp_year": 2099, "cvc": "123"},
    }
    declined = dict(pay, payment=dict(pay["payment"], card_number="4000000000000002"))

    def cart(variant, quantity):
        return must("cart", call(gw, "POST", f"/api/checkout/public/{slug}/carts", {"lines": [{"variant_id": variant, "quantity": quantity}]}), 201)["token"]

    def checkout(cart_token, body, *expected):
        return must("checkout", call(gw, "POST", f"/api/checkout/public/{slug}/carts/{cart_token}/checkout", body,
                                     headers={"Idempotency-Key": uuid.uuid4().hex}), *expected)

    paid = 0
    for quantity in (1, 2, 3, 1, 2):
        checkout(cart(plenty, quantity), pay, 201)
        paid += 1
    checkout(cart(plenty, 1), declined, 402)
    first, second = cart(last_one, 1), cart(last_one, 1)
    checkout(first, pay, 201)
    paid += 1
    checkout(second, pay, 409, 422)  # the last one is gone
    checkout(cart(plenty, 1), {"email": "not an address"}, 422)
    must("orders", call(gw, "GET", f"/api/checkout/sites/{site_id}/orders", token=token), 200)

    # Reads through the gateway, and straight to every replica (the "direct" side).
    for _ in range(20):
        must("storefront", call(gw, "GET", f"/site/{slug}"), 200)
        must("public products", call(gw, "GET", f"/api/site/public/{slug}/products"), 200)
    must("unknown shop", call(gw, "GET", f"/site/no-such-shop-{run}"), 404)
    for name, port in instances.items():
        if name in ("web", "traefik"):
            continue  # the dashboard's files and the gateway itself
        base = f"http://127.0.0.1:{port}"
        svc = re.sub(r"-\d+$", "", name)
        for _ in range(5):
            must(f"{name} /readyz", call(base, "GET", "/readyz"), 200)
            must(f"{name} openapi", call(base, "GET", f"/api/{svc}/openapi.json"), 200)
        if svc == "site":
            for _ in range(10):
                must(f"{name} direct read", call(base, "GET", f"/api/site/public/{slug}/products"), 200)

    # The webhooks: order.created and order.paid for each paid order, each refused once first.
    deadline = time.time() + 60
    while time.time() < deadline:
        with Receiver.lock:
            delivered = sum(1 for n in Receiver.seen.values() if n >= 2)
            refused = Receiver.broken
        # /broken: order.paid of each paid order, three attempts each (NOTIFIER_RETRY_SCHEDULE=1s,1s).
        if delivered >= 2 * paid and refused >= 3 * paid:
            break
        time.sleep(0.5)
    else:
        raise SystemExit(
            f"traffic: in 60 s, {delivered} of {2 * paid} webhooks delivered and {refused} of {3 * paid} attempts at the broken endpoint"
        )
    time.sleep(2)  # the notifier records the last give-up after its answer
    server.shutdown()
    print(
        f"traffic: {paid} paid checkouts, 1 declined, 1 out of stock, 1 invalid; {delivered} webhooks delivered after"
        f" a retry each, {paid} given up at a broken endpoint after {refused} attempts"
    )


# ---------------------------------------------------------------------------- queries

FUNCTIONS_AND_KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset",
    "sum", "min", "max", "avg", "count", "topk", "bottomk", "quantile", "stddev", "stdvar", "count_values", "group",
    "inf", "nan",
}


def selectors(expr):
    """The series selectors (metric name and matchers) an expression reads."""
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)
    text = re.sub(r"\[[^\]]*\]", " ", text)  # ranges and subqueries
    found = set()
    pattern = r'"(?:[^"\\]|\\.)*"|(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{(?:[^}"]|"(?:[^"\\]|\\.)*")*\})?\s*(\(?)'
    for match in re.finditer(pattern, text):
        name, matchers, call_paren = match.groups()
        if name is None or call_paren or name in FUNCTIONS_AND_KEYWORDS:
            continue  # a string literal, a function or an operator
        found.add(name + (matchers or ""))
    return sorted(found)


def query(prom, expr):
    url = prom.rstrip("/") + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            body = json.loads(resp.read())
    except urllib.error.HTTPError as err:
        body = json.loads(err.read() or b"{}")
    if body.get("status") != "success":
        return None, body.get("error", "unknown error")
    return body["data"]["result"], None


def queries(prom, rules_file):
    problems = []
    lines = subprocess.run(
        [sys.executable, str(HERE / "generate.py"), "--queries"], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    panels = [json.loads(line) for line in lines]
    for p in panels:
        expr = p["expr"].replace("$__rate_interval", "1m")
        result, error = query(prom, expr)
        where = f"{p['dashboard']} / {p['panel']}"
        if error:
            problems.append(f"panel {where}: invalid: {error}\n    {expr}")
        elif not result:
            problems.append(f"panel {where}: no series\n    {expr}")
    print(f"ran {len(panels)} panel queries of {len({p['dashboard'] for p in panels})} dashboards")

    with urllib.request.urlopen(prom.rstrip("/") + "/api/v1/rules", timeout=30) as resp:
        loaded = {r["name"]: r for g in json.loads(resp.read())["data"]["groups"] for r in g["rules"]}
    groups = yaml.safe_load(pathlib.Path(rules_file).read_text())["groups"]
    records = alerts = 0
    for group in groups:
        for rule in group["rules"]:
            name = rule.get("record") or rule["alert"]
            state = loaded.get(name)
            if state is None:
                problems.append(f"rule {name}: not loaded by Prometheus")
                continue
            if state.get("health") != "ok":
                problems.append(f"rule {name}: {state.get('health')}: {state.get('lastError')}")
            result, error = query(prom, rule["expr"])
            if error:
                problems.append(f"rule {name}: invalid: {error}")
                continue
            if "record" in rule:
                records += 1
                if not result:
                    problems.append(f"recording rule {name}: no series\n    {rule['expr']}")
                stored, _ = query(prom, name)
                if not stored:
                    problems.append(f"recording rule {name}: Prometheus has not stored it")
            else:
                alerts += 1
                for sel in selectors(rule["expr"]):
                    series, error = query(prom, sel)
                    if error or not series:
                        problems.append(f"alert {name}: watches {sel}, which has no series{': ' + error if error else ''}")
                state_word = "condition true now" if result else "quiet"
                print(f"  alert {name}: valid, {state_word}")
    print(f"ran {records + alerts} rules ({records} recording, {alerts} alerting) of {rules_file}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        raise SystemExit(f"{len(problems)} problem(s)")


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "traffic":
        traffic(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "queries":
        queries(*sys.argv[2:])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
