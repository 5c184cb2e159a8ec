#!/usr/bin/env python3
"""Vitrine's Grafana dashboards and Kubernetes monitoring objects, as code.

    python3 deploy/observability/generate.py           write the files below
    python3 deploy/observability/generate.py --check   fail if a committed file is not current
    python3 deploy/observability/generate.py --queries print every panel query as JSON lines

Writes (never edit these by hand; change this file and run it):
    deploy/observability/grafana/dashboards/*.json   provisioned by docker compose
    k8s/monitoring/grafana-dashboards.yaml           the same, as ConfigMaps for Grafana's sidecar
    k8s/monitoring/prometheus-rules.yaml             prometheus/*rules.yml as a PrometheusRule

Dashboards are built with grafanalib (PyPI, pinned in scripts/observability-tools.sh). No
Grafana server runs here: --check also validates every dashboard's structure (unique uids and
panel ids, a datasource and a query on every panel, panels inside the 24-column grid and not
overlapping) and says so.
"""

import argparse
import difflib
import io
import json
import pathlib
import sys

import yaml
from grafanalib import core as g
from grafanalib._gen import DashboardEncoder

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = ROOT / "deploy" / "observability"
DASHBOARD_DIR = HERE / "grafana" / "dashboards"
K8S_DIR = ROOT / "k8s" / "monitoring"

# The provisioned datasource (grafana/provisioning/datasources/prometheus.yml and the
# Kubernetes one must use this uid).
DATASOURCE = {"type": "prometheus", "uid": "vitrine-prometheus"}
RATE = "$__rate_interval"
SERVICES = "job=\"vitrine\""


class Builder:
    """Lays panels out left to right, top to bottom, on Grafana's 24-column grid."""

    def __init__(self):
        self.panels = []
        self.x = 0
        self.y = 0
        self.row_h = 0
        self.next_id = 1

    def _place(self, w, h):
        if self.x + w > 24:
            self.x = 0
            self.y += self.row_h
            self.row_h = 0
        pos = g.GridPos(h=h, w=w, x=self.x, y=self.y)
        self.x += w
        self.row_h = max(self.row_h, h)
        return pos

    def _id(self):
        self.next_id += 1
        return self.next_id - 1

    def row(self, title):
        if self.x:
            self.y += self.row_h
        self.x, self.row_h = 0, 0
        self.panels.append(g.RowPanel(title=title, gridPos=g.GridPos(h=1, w=24, x=0, y=self.y), id=self._id()))
        self.y += 1

    def _targets(self, queries):
        return [
            g.Target(expr=expr, legendFormat=legend, refId=chr(ord("A") + i), datasource=DATASOURCE)
            for i, (expr, legend) in enumerate(queries)
        ]

    def series(self, title, queries, unit="", description="", w=12, h=8, stack=False):
        self.panels.append(
            g.TimeSeries(
                title=title,
                description=description,
                dataSource=DATASOURCE,
                targets=self._targets(queries),
                unit=unit,
                gridPos=self._place(w, h),
                id=self._id(),
                legendDisplayMode="table",
                legendPlacement="right" if w >= 12 else "bottom",
                legendCalcs=["mean", "max", "lastNotNull"],
                stacking={"mode": "normal", "group": "A"} if stack else {},
                fillOpacity=20 if stack else 0,
            )
        )

    def stat(self, title, queries, unit="none", description="", w=6, h=4, decimals=None):
        self.panels.append(
            g.Stat(
                title=title,
                description=description,
                dataSource=DATASOURCE,
                targets=self._targets(queries),
                format=unit,
                decimals=decimals,
                reduceCalc="lastNotNull",
                thresholds=[{"color": "green", "value": None}],
                gridPos=self._place(w, h),
                id=self._id(),
            )
        )

    def dashboard(self, uid, title, description):
        return g.Dashboard(
            uid=uid,
            title=title,
            description=description,
            tags=["vitrine"],
            timezone="utc",
            refresh="30s",
            time=g.Time("now-1h", "now"),
            editable=False,
            graphTooltip=g.GRAPH_TOOLTIP_MODE_SHARED_CROSSHAIR,
            panels=self.panels,
            links=[
                g.DashboardLink(
                    title="Vitrine",
                    type="dashboards",
                    tags=["vitrine"],
                    asDropdown=True,
                    includeVars=False,
                    keepTime=True,
                )
            ],
        ).auto_panel_ids()


def quantile(q, by, selector):
    return f"histogram_quantile({q}, sum by ({by}, le) (rate(http_request_duration_seconds_bucket{{{selector}}}[{RATE}])))"


def gateway(expr):
    """Traefik names its services `site@file`: label them `site` like the services' own series."""
    return f'label_replace({expr}, "service", "$1", "service", "([^@]+)@.*")'


def fleet():
    b = Builder()
    b.row("Now")
    b.stat("Requests per second (services)", [(f"sum(rate(http_requests_total{{{SERVICES}}}[{RATE}]))", "")], "reqps", decimals=1)
    b.stat("Requests per second (gateway)", [(f"sum(rate(traefik_entrypoint_requests_total{{job=\"traefik\"}}[{RATE}]))", "")], "reqps", decimals=1)
    b.stat(
        "Server errors (5xx share)",
        [(f"(sum(rate(http_requests_total{{{SERVICES}, status=~\"5..\"}}[{RATE}])) or vector(0)) / sum(rate(http_requests_total{{{SERVICES}}}[{RATE}]))", "")],
        "percentunit",
        decimals=2,
    )
    b.stat("Instances up", [("sum(up{job=~\"vitrine|traefik\"})", "up"), ("count(up{job=~\"vitrine|traefik\"})", "of")], "none", "Scrape targets answering /metrics, of all configured.")

    b.row("Requests")
    b.series("Requests per second by service (measured in the service)", [(f"sum by (service) (rate(http_requests_total{{{SERVICES}}}[{RATE}]))", "{{service}}")], "reqps", stack=True)
    b.series("Requests per second by status", [(f"sum by (status) (rate(http_requests_total{{{SERVICES}}}[{RATE}]))", "{{status}}")], "reqps", stack=True)
    b.series(
        "Busiest routes",
        [(f"topk(15, sum by (service, method, route) (rate(http_requests_total{{{SERVICES}}}[{RATE}])))", "{{service}} {{method}} {{route}}")],
        "reqps",
        w=24,
        h=10,
    )

    b.row("Errors")
    b.series(
        "Server error share (5xx) by service",
        [(f"(sum by (service) (rate(http_requests_total{{{SERVICES}, status=~\"5..\"}}[{RATE}])) or 0 * sum by (service) (rate(http_requests_total{{{SERVICES}}}[{RATE}]))) / sum by (service) (rate(http_requests_total{{{SERVICES}}}[{RATE}]))", "{{service}}")],
        "percentunit",
        "What the error-rate alert watches (over 5 minutes there): 5xx over all answers.",
    )
    b.series(
        "Client errors (4xx) by service and status",
        [(f"sum by (service, status) (rate(http_requests_total{{{SERVICES}, status=~\"4..\"}}[{RATE}]))", "{{service}} {{status}}")],
        "reqps",
        "Validation (422), not found (404), refused logins (401), declined payments (402), rate limits at the gateway do not reach the services.",
    )

    b.row("Latency")
    for q in ("0.5", "0.9", "0.99"):
        b.series(f"p{round(float(q) * 100)} latency by service", [(quantile(q, "service", SERVICES), "{{service}}")], "s", w=8)
    b.series(
        "Slowest routes (p99)",
        [(f"topk(15, {quantile('0.99', 'service, method, route', SERVICES)})", "{{service}} {{method}} {{route}}")],
        "s",
        w=24,
        h=10,
    )

    b.row("Direct against gateway")
    b.series(
        "p99: in the service (direct) and at the gateway",
        [
            (quantile("0.99", "service", SERVICES), "{{service}} direct"),
            (gateway(f"histogram_quantile(0.99, sum by (service, le) (rate(traefik_service_request_duration_seconds_bucket{{job=\"traefik\"}}[{RATE}])))"), "{{service}} via gateway"),
        ],
        "s",
        "The gateway's time includes the hop to the service and its middlewares (headers, CORS, rate limit, retry).",
    )
    b.series(
        "Gateway overhead on the median",
        [
            (
                gateway(f"histogram_quantile(0.5, sum by (service, le) (rate(traefik_service_request_duration_seconds_bucket{{job=\"traefik\"}}[{RATE}])))")
                + f" - on (service) {quantile('0.5', 'service', SERVICES)}",
                "{{service}}",
            )
        ],
        "s",
        "Median at the gateway minus median in the service: Traefik's own share.",
    )
    b.series(
        "Requests per second: gateway and direct",
        [
            (gateway(f"sum by (service) (rate(traefik_service_requests_total{{job=\"traefik\"}}[{RATE}]))"), "{{service}} via gateway"),
            (f"sum by (service) (rate(http_requests_total{{{SERVICES}}}[{RATE}]))", "{{service}} in the service"),
        ],
        "reqps",
        "The services also count the gateway's health checks and scrapes; the gateway counts what clients sent.",
    )
    b.series(
        "Gateway answers by code",
        [(f"sum by (code) (rate(traefik_entrypoint_requests_total{{job=\"traefik\"}}[{RATE}]))", "{{code}}")],
        "reqps",
        "Includes what the gateway answers itself: 429 from the rate limit, 404 for unrouted paths.",
    )
    return b.dashboard("vitrine-fleet", "Vitrine / Fleet overview", "Requests, errors and latency per service and route; the services' own view against the gateway's.")


def load_balancing():
    b = Builder()
    b.row("Requests per replica")
    b.series(
        "Requests per second by replica",
        [(f"sum by (service, instance) (rate(http_requests_total{{{SERVICES}}}[{RATE}]))", "{{service}} {{instance}}")],
        "reqps",
        w=24,
        h=10,
    )
    b.series(
        "Share of its service's requests, by replica",
        [(f"sum by (service, instance) (rate(http_requests_total{{{SERVICES}}}[{RATE}])) / on (service) group_left sum by (service) (rate(http_requests_total{{{SERVICES}}}[{RATE}]))", "{{service}} {{instance}}")],
        "percentunit",
        "Round-robin spreads each service's load evenly: two replicas near 50 % each.",
    )
    b.series(
        "p99 latency by replica",
        [(quantile("0.99", "service, instance", SERVICES), "{{service}} {{instance}}")],
        "s",
    )
    b.row("The gateway's view of the replicas")
    b.series(
        "Replicas the gateway sends to (health check passing)",
        [(gateway("sum by (service) (traefik_service_server_up{job=\"traefik\"})"), "{{service}}")],
        "none",
        "Traefik's health check (/healthz every 2 s) takes a replica out of the rotation when it fails.",
    )
    b.series(
        "Requests per second by gateway router",
        [(f"sum by (router) (rate(traefik_router_requests_total{{job=\"traefik\"}}[{RATE}]))", "{{router}}")],
        "reqps",
        "Which routing rule of deploy/traefik/dynamic.yml matched: API prefixes, storefront reads, commerce pages, logins (rate-limited).",
    )
    b.series(
        "Targets up by service",
        [("sum by (service) (up{job=\"vitrine\"})", "{{service}}")],
        "none",
        "Replicas Prometheus reaches, per service.",
        w=24,
    )
    return b.dashboard("vitrine-load-balancing", "Vitrine / Load balancing", "How the gateway spreads each service's requests over its replicas.")


def database():
    b = Builder()
    b.row("Connection pools")
    b.series(
        "Pool saturation by replica (in use / max)",
        [("max by (service, instance) (db_pool_connections{job=\"vitrine\", state=\"in_use\"}) / max by (service, instance) (db_pool_max_connections{job=\"vitrine\"})", "{{service}} {{instance}}")],
        "percentunit",
        "What the pool saturation alert watches (above 90 % for 5 minutes). Refreshed at every scrape.",
    )
    b.series(
        "Connections by service and state",
        [("sum by (service, state) (db_pool_connections{job=\"vitrine\"})", "{{service}} {{state}}")],
        "none",
        stack=True,
    )
    b.series(
        "Connection budget: every pool's maximum",
        [("sum by (service) (db_pool_max_connections{job=\"vitrine\"})", "{{service}}")],
        "none",
        "Sum over replicas of DATABASE_MAX_CONNECTIONS: must stay under PostgreSQL's max_connections.",
        w=24,
    )
    b.row("Time in the database")
    b.series(
        "Connections in use by replica",
        [("max by (service, instance) (db_pool_connections{job=\"vitrine\", state=\"in_use\"})", "{{service}} {{instance}}")],
        "none",
        "The services do not time each query (no per-query metric): connections held and the latency of database-bound routes below are the database's share.",
    )
    b.series(
        "Slowest writes (p99 of POST, PUT, PATCH, DELETE by route)",
        [("topk(10, " + quantile("0.99", "service, route", SERVICES + ', method=~"POST|PUT|PATCH|DELETE"') + ")", "{{service}} {{route}}")],
        "s",
        "Writes are mostly database time (transactions, constraints); reads of the storefront are cached at no layer.",
    )
    return b.dashboard("vitrine-database", "Vitrine / Database", "Connection pools per service and replica, and the time spent reaching PostgreSQL.")


def shop():
    b = Builder()
    b.row("Checkouts")
    b.stat("Paid orders (last hour)", [("sum(increase(vitrine_checkouts_total{outcome=\"paid\"}[1h]))", "")], "none", decimals=0)
    b.stat("Revenue (last hour)", [("sum by (currency) (increase(vitrine_order_value_sum[1h]))", "{{currency}}")], "none", "Sum of paid order totals, per currency (never added across currencies).", decimals=2)
    b.stat("Average paid order", [("sum by (currency) (increase(vitrine_order_value_sum[1h])) / sum by (currency) (increase(vitrine_order_value_count[1h]))", "{{currency}}")], "none", decimals=2)
    b.stat("Orders in pending_payment", [("sum(vitrine_orders_pending_payment)", "")], "none", "Refreshed by checkout's sweeper every minute; abandoned checkouts leave after 15 minutes.", decimals=0)
    b.series(
        "Checkouts by outcome",
        [(f"sum by (outcome) (rate(vitrine_checkouts_total[{RATE}]))", "{{outcome}}")],
        "ops",
        "paid, declined (the card), out_of_stock, invalid (the cart or the request), error (ours).",
        stack=True,
    )
    b.series(
        "Declined share of attempted payments",
        [(f"(sum(rate(vitrine_checkouts_total{{outcome=\"declined\"}}[{RATE}])) or vector(0)) / sum(rate(vitrine_checkouts_total{{outcome=~\"paid|declined\"}}[{RATE}]))", "declined")],
        "percentunit",
    )
    b.series(
        "Revenue per hour by currency",
        [(f"sum by (currency) (rate(vitrine_order_value_sum[{RATE}])) * 3600", "{{currency}}")],
        "none",
    )
    b.series(
        "Paid orders per hour by currency",
        [(f"sum by (currency) (rate(vitrine_order_value_count[{RATE}])) * 3600", "{{currency}}")],
        "none",
    )
    b.row("Webhooks")
    b.series(
        "Delivery attempts by result",
        [(f"sum by (result) (rate(vitrine_webhook_deliveries_total[{RATE}]))", "{{result}}")],
        "ops",
        "delivered (2xx), retry (will try again on the schedule), failed (gave up).",
        stack=True,
    )
    b.series(
        "Delay from the order event's commit to delivery",
        [
            (f"histogram_quantile(0.5, sum by (le) (rate(vitrine_webhook_delivery_delay_seconds_bucket[{RATE}])))", "p50"),
            (f"histogram_quantile(0.99, sum by (le) (rate(vitrine_webhook_delivery_delay_seconds_bucket[{RATE}])))", "p99"),
        ],
        "s",
    )
    b.series(
        "Deliveries waiting",
        [("max(vitrine_webhook_deliveries_pending)", "pending")],
        "none",
        "Due or scheduled deliveries not yet delivered or given up (every notifier replica reports the same count).",
    )
    b.series(
        "Order events read by the notifiers",
        [(f"sum by (type) (rate(vitrine_notifier_events_total[{RATE}]))", "{{type}}")],
        "ops",
        "Each event is read once by one notifier replica (the outbox cursor is shared).",
    )
    return b.dashboard("vitrine-shop", "Vitrine / Shop", "Orders, revenue, checkout outcomes and declines, and the webhooks that tell merchants about them.")


DASHBOARDS = [fleet, load_balancing, database, shop]


def dashboard_json(dashboard):
    out = io.StringIO()
    json.dump(dashboard.to_json_data(), out, sort_keys=True, indent=2, cls=DashboardEncoder)
    return out.getvalue() + "\n"


def validate(name, data):
    """Structural checks Grafana would otherwise find on load; returns a list of problems."""
    problems = []
    if not data.get("uid") or len(data["uid"]) > 40:
        problems.append(f"{name}: uid missing or longer than 40 characters")
    if not data.get("title"):
        problems.append(f"{name}: no title")
    ids = set()
    cells = {}
    for panel in data.get("panels", []):
        pid = panel.get("id")
        if pid in ids:
            problems.append(f"{name}: panel id {pid} twice")
        ids.add(pid)
        pos = panel.get("gridPos") or {}
        if not all(isinstance(pos.get(k), int) for k in ("x", "y", "w", "h")) or pos["x"] < 0 or pos["x"] + pos["w"] > 24 or pos["w"] < 1 or pos["h"] < 1:
            problems.append(f"{name}: panel {panel.get('title')!r} outside the 24-column grid: {pos}")
            continue
        for x in range(pos["x"], pos["x"] + pos["w"]):
            for y in range(pos["y"], pos["y"] + pos["h"]):
                if (x, y) in cells:
                    problems.append(f"{name}: panels {cells[(x, y)]!r} and {panel.get('title')!r} overlap")
                    break
                cells[(x, y)] = panel.get("title")
            else:
                continue
            break
        if panel.get("type") == "row":
            continue
        steps = ((panel.get("fieldConfig") or {}).get("defaults") or {}).get("thresholds", {}).get("steps", [])
        if not isinstance(steps, list):
            problems.append(f"{name}: panel {panel.get('title')!r}: thresholds.steps must be a list")
        if panel.get("datasource") != DATASOURCE:
            problems.append(f"{name}: panel {panel.get('title')!r} does not use the provisioned datasource")
        targets = panel.get("targets") or []
        if not targets:
            problems.append(f"{name}: panel {panel.get('title')!r} has no query")
        refs = [t.get("refId") for t in targets]
        if len(set(refs)) != len(refs) or not all(t.get("expr") for t in targets):
            problems.append(f"{name}: panel {panel.get('title')!r}: queries need an expr and distinct refIds")
    return problems


def rules_json():
    groups = []
    for path in ("rules.yml", "kubernetes-rules.yml"):
        groups += yaml.safe_load((HERE / "prometheus" / path).read_text())["groups"]
    return groups


def outputs():
    files = {}
    configmaps = []
    for build in DASHBOARDS:
        dash = build()
        text = dashboard_json(dash)
        files[DASHBOARD_DIR / f"{dash.uid}.json"] = text
        configmaps.append(
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {
                    "name": f"grafana-dashboard-{dash.uid}",
                    # Grafana's Helm chart sidecar loads ConfigMaps with this label.
                    "labels": {"grafana_dashboard": "1", "app.kubernetes.io/part-of": "vitrine"},
                    "annotations": {"grafana_folder": "Vitrine"},
                },
                "data": {f"{dash.uid}.json": text},
            }
        )
    header = "# Generated by deploy/observability/generate.py: do not edit.\n"
    files[K8S_DIR / "grafana-dashboards.yaml"] = header + yaml.safe_dump_all(configmaps, sort_keys=False, width=200)
    rule = {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {"name": "vitrine", "labels": {"app.kubernetes.io/part-of": "vitrine", "release": "prometheus"}},
        "spec": {"groups": rules_json()},
    }
    files[K8S_DIR / "prometheus-rules.yaml"] = header + yaml.safe_dump(rule, sort_keys=False, width=200)
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail if a committed file differs from what this generates")
    parser.add_argument("--queries", action="store_true", help="print every panel query (dashboard, panel, expr) as JSON lines")
    args = parser.parse_args()
    files = outputs()

    if args.queries:
        for path, text in files.items():
            if path.suffix != ".json":
                continue
            data = json.loads(text)
            for panel in data["panels"]:
                for target in panel.get("targets") or []:
                    print(json.dumps({"dashboard": data["uid"], "panel": panel["title"], "expr": target["expr"]}))
        return 0

    problems = []
    panels = 0
    for path, text in files.items():
        if path.suffix == ".json":
            data = json.loads(text)
            problems += validate(path.name, data)
            panels += sum(1 for p in data["panels"] if p.get("type") != "row")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1

    if args.check:
        stale = []
        for path, text in files.items():
            current = path.read_text() if path.exists() else ""
            if current != text:
                stale.append(path.relative_to(ROOT))
                sys.stderr.writelines(difflib.unified_diff(current.splitlines(True), text.splitlines(True), str(path), "generated", n=1))
        extra = {p for p in DASHBOARD_DIR.glob("*.json")} - set(files)
        stale += [p.relative_to(ROOT) for p in sorted(extra)]
        if stale:
            print("not current (run python3 deploy/observability/generate.py): " + ", ".join(map(str, stale)), file=sys.stderr)
            return 1
        print(f"dashboards current and structurally valid ({len(DASHBOARDS)} dashboards, {panels} panels; no Grafana server here, so not loaded into one)")
        return 0

    DASHBOARD_DIR.mkdir(parents=True, exist_ok=True)
    K8S_DIR.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
