"""Checks of scripts/validate-deploy.sh on rendered manifests and the docs.

    deploy_checks.py docs FILE...            every `docker build -f` / `minikube image
                                              build -f` path exists, every `helm --set`
                                              key is in helm/vitrine/values.yaml; prints
                                              the directories of `kubectl apply -k` and
                                              `kubectl kustomize` commands, one a line
    deploy_checks.py budget RENDERED [--max-connections N --role-limit N]
                                              the fleet at full HPA scale (+1 surge pod
                                              per Deployment) fits PostgreSQL's
                                              max_connections and each role's limit
    deploy_checks.py same-objects A B         A and B hold the same objects (kind and
                                              name) with the same selectors (Secrets and
                                              the Namespace aside: the overlays' own)
"""
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESERVED = 8  # superuser_reserved_connections (3) and a few for operators


def load(path):
    return [d for d in yaml.safe_load_all(open(path)) if d]


def check_docs(files):
    problems, dirs = [], []
    values = yaml.safe_load((ROOT / "helm/vitrine/values.yaml").read_text())
    for f in files:
        text = pathlib.Path(f).read_text()
        # Commands continued with a backslash are one command.
        text = re.sub(r"\\\n\s*", " ", text)
        for m in re.finditer(r"(?:docker|image) build\b[^\n]*?-f\s+(\S+)", text):
            path = m.group(1)
            candidates = [path]
            if "$s" in path:  # a loop: the names of its `for s in ...`
                loop = re.search(r"for s in ([a-z ]+);[^\n]*\n[^\n]*" + re.escape(path), text)
                names = loop.group(1).split() if loop else []
                candidates = [path.replace("$s", n) for n in names] or [path]
            for c in candidates:
                if "$" in c or (ROOT / c).is_file():
                    continue
                crate = re.fullmatch(r"services/([a-z]+)/Dockerfile", c)
                if crate and not (ROOT / "services" / crate.group(1) / "Cargo.toml").is_file():
                    # A service whose crate is not in this tree yet: its
                    # Dockerfile comes with it (deploy/lint.sh then requires it).
                    print(f"{f}: pending `-f {c}` (services/{crate.group(1)} is not in this tree yet)", file=sys.stderr)
                    continue
                problems.append(f"{f}: `-f {c}` does not exist")
        for m in re.finditer(r"helm (?:upgrade|install|template)[^\n]*", text):
            if "helm/vitrine" not in m.group(0):
                continue  # another chart (Traefik)
            for key in re.findall(r"--set(?:-string)?\s+\"?([A-Za-z0-9_.]+)=", m.group(0)):
                node = values
                for part in key.split("."):
                    if not isinstance(node, dict) or part not in node:
                        problems.append(f"{f}: `--set {key}` is not a key of helm/vitrine/values.yaml")
                        break
                    node = node[part]
        dirs += re.findall(r"kubectl apply -k (\S+)", text)
        dirs += re.findall(r"kubectl kustomize (k8s/\S+)", text)
    for p in problems:
        print(p, file=sys.stderr)
    for d in sorted(set(dirs)):
        print(d)
    return not problems


def check_budget(path, max_connections=None, role_limit=None):
    docs = load(path)
    config = {}
    for d in docs:
        if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("vitrine-config"):
            config = d.get("data", {})
    for d in docs:
        if d["kind"] == "StatefulSet" and d["metadata"]["name"] == "postgres":
            c = d["spec"]["template"]["spec"]["containers"][0]
            for a in c.get("args", []):
                if a.startswith("max_connections="):
                    max_connections = int(a.split("=", 1)[1])
            for e in c.get("env", []):
                if e["name"] == "VITRINE_ROLE_CONNECTION_LIMIT":
                    role_limit = int(e["value"])
    if max_connections is None or role_limit is None:
        print(f"{path}: no bundled PostgreSQL: pass --max-connections and --role-limit", file=sys.stderr)
        return False
    hpa = {d["spec"]["scaleTargetRef"]["name"]: d["spec"]["maxReplicas"] for d in docs
           if d["kind"] == "HorizontalPodAutoscaler"}
    total, ok, lines = RESERVED, True, []
    for d in docs:
        if d["kind"] != "Deployment":
            continue
        c = d["spec"]["template"]["spec"]["containers"][0]
        env = {e["name"]: e for e in c.get("env", [])}
        if "DATABASE_URL" not in env:
            continue
        pool = env.get("DATABASE_MAX_CONNECTIONS", {}).get("value") or config.get("DATABASE_MAX_CONNECTIONS")
        pool = int(pool)
        name = d["metadata"]["name"]
        pods = hpa.get(name, d["spec"].get("replicas", 1)) + 1
        share = pods * pool
        total += share
        lines.append(f"{name} {pods}x{pool}={share}")
        if share > role_limit:
            ok = False
            print(f"{path}: {name} may open {share} connections ({pods} pods x {pool}), over its role's "
                  f"CONNECTION LIMIT {role_limit}", file=sys.stderr)
    verdict = "within" if total <= max_connections else "OVER"
    print(f"{pathlib.Path(path).name}: {' + '.join(lines)} + {RESERVED} reserved = {total} connections, "
          f"{verdict} max_connections {max_connections}")
    return ok and total <= max_connections


def identity(docs):
    out = {}
    for d in docs:
        kind, name = d["kind"], d["metadata"]["name"]
        if kind in ("Secret", "Namespace"):
            continue
        spec = d.get("spec", {}) or {}
        sel = None
        if kind in ("Deployment", "StatefulSet", "PodDisruptionBudget"):
            sel = spec.get("selector")
        elif kind == "Service":
            sel = spec.get("selector")
        elif kind == "NetworkPolicy":
            sel = spec.get("podSelector")
        elif kind == "HorizontalPodAutoscaler":
            sel = spec.get("scaleTargetRef")
        out[(kind, name)] = sel
    return out


def check_same(a, b):
    ia, ib = identity(load(a)), identity(load(b))
    ok = True
    for key in sorted(set(ia) | set(ib)):
        if key not in ia or key not in ib:
            ok = False
            print(f"{key[0]}/{key[1]} only in {pathlib.Path(a if key in ia else b).name}", file=sys.stderr)
        elif ia[key] != ib[key]:
            ok = False
            print(f"{key[0]}/{key[1]}: selector {ia[key]} vs {ib[key]}", file=sys.stderr)
    if ok:
        print(f"{pathlib.Path(a).name} and {pathlib.Path(b).name}: the same {len(ia)} objects and selectors")
    return ok


def main():
    cmd, *args = sys.argv[1:]
    if cmd == "docs":
        ok = check_docs(args)
    elif cmd == "budget":
        path, rest = args[0], args[1:]
        opts = dict(zip(rest[::2], rest[1::2]))
        ok = check_budget(path, int(opts["--max-connections"]) if "--max-connections" in opts else None,
                          int(opts["--role-limit"]) if "--role-limit" in opts else None)
    elif cmd == "same-objects":
        ok = check_same(*args)
    else:
        sys.exit(f"unknown check {cmd}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
