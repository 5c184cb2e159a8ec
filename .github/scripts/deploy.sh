#!/usr/bin/env bash
# Deploys a kustomize overlay with every Vitrine image pinned to one tag (the
# commit SHA), waits for the rollout, runs the smoke requests, and rolls the
# changed Deployments back with `kubectl rollout undo` if either fails.
# The same script deploys to the throwaway kind cluster in CI and to
# production, so the production path is rehearsed on every change.
#
#   .github/scripts/deploy.sh OVERLAY REGISTRY TAG
#   .github/scripts/deploy.sh --render-only OVERLAY REGISTRY TAG   (no cluster:
#       prints the manifests that would be applied)
#
#   OVERLAY   k8s/production or k8s/minikube
#   REGISTRY  where the images are, e.g. ghcr.io/acme (images REGISTRY/vitrine-<service>)
#   TAG       the image tag, the full commit SHA in CI
# Environment:
#   KUBECONFIG        the cluster (kubectl's usual rules)
#   NAMESPACE         default vitrine (the overlays' namespace)
#   ROLLOUT_TIMEOUT   per workload, default 300s
#   SMOKE_URL         base URL for scripts/smoke.sh; unset = no smoke requests
#   SMOKE_RESOLVE     passed on to scripts/smoke.sh
#   IMAGE_DIGESTS     a file of "<service> sha256:<hex>" lines (the Deploy
#                     workflow writes it from the registry): every image is
#                     then pinned as REGISTRY/vitrine-<service>:TAG@DIGEST, so
#                     the cluster runs exactly the image CI tested and pushed
set -euo pipefail
cd "$(dirname "$0")/../.."

render_only=false
if [ "${1:-}" = "--render-only" ]; then render_only=true; shift; fi
[ $# -eq 3 ] || { echo "usage: $0 [--render-only] OVERLAY REGISTRY TAG" >&2; exit 2; }
overlay=${1%/} registry=${2%/} tag=$3
namespace=${NAMESPACE:-vitrine}
timeout=${ROLLOUT_TIMEOUT:-300s}
services=(builder site media promotion experiment customer checkout notifier web)

[ -f "$overlay/kustomization.yaml" ] || { echo "deploy: no kustomization in $overlay" >&2; exit 2; }
[[ "$registry" =~ ^[a-z0-9.:-]+(/[a-z0-9._-]+)+$ ]] || { echo "deploy: registry '$registry' must be lower case, like ghcr.io/owner" >&2; exit 2; }
[[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || { echo "deploy: '$tag' is not an image tag" >&2; exit 2; }

log() { printf 'deploy: %s\n' "$*" >&2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- render, then pin every Vitrine image to REGISTRY/vitrine-<service>:TAG ----
kubectl kustomize "$overlay" >"$work/rendered.yaml"
python3 - "$work/rendered.yaml" "$work/manifests.yaml" "$registry" "$tag" "${IMAGE_DIGESTS:-}" "${services[@]}" <<'PY'
import re, sys
src, dst, registry, tag, digests_file, *services = sys.argv[1:]
text = open(src).read()
digests = {}
if digests_file:
    for line in open(digests_file):
        if line.strip():
            svc, digest = line.split()
            if not re.fullmatch(r"sha256:[0-9a-f]{64}", digest):
                sys.exit(f"deploy: {digests_file}: '{digest}' is not a sha256 digest")
            digests[svc] = digest
    missing = sorted(set(services) - set(digests))
    if missing:
        sys.exit(f"deploy: {digests_file} has no digest for {', '.join(missing)}")
names = "|".join(map(re.escape, services))
image = re.compile(
    r'^(?P<lead>\s*(?:-\s+)?image:\s*)["\']?(?:[^\s"\'@]*/)?vitrine-(?P<svc>' + names +
    r')(?::[^\s"\'@]+)?(?:@sha256:[0-9a-f]{64})?["\']?\s*$', re.M)
seen = set()
def pin(m):
    seen.add(m.group("svc"))
    at = f'@{digests[m.group("svc")]}' if digests else ""
    return f'{m.group("lead")}{registry}/vitrine-{m.group("svc")}:{tag}{at}'
text = image.sub(pin, text)
missing = sorted(set(services) - seen)
if missing:
    sys.exit(f"deploy: no image of {', '.join(missing)} in the rendered overlay")
wanted = re.compile(r'^\s*(?:-\s+)?image:\s*' + re.escape(f"{registry}/vitrine-") + r'(?:' + names + r'):' + re.escape(tag) + (r'@sha256:[0-9a-f]{64}' if digests else '') + r'$')
stray = [l.strip() for l in text.splitlines() if re.match(r'^\s*(?:-\s+)?image:.*vitrine-', l) and not wanted.match(l)]
if stray:
    sys.exit("deploy: images left unpinned: " + ", ".join(sorted(set(stray))))
open(dst, "w").write(text)
PY
log "rendered $overlay with $(grep -c '^kind:' "$work/manifests.yaml") objects, images $registry/vitrine-*:$tag"
if $render_only; then
  cat "$work/manifests.yaml"
  exit 0
fi

# --- apply ----------------------------------------------------------------------
workloads() {  # KIND: names of that kind in the manifests
  python3 - "$work/manifests.yaml" "$1" <<'PY'
import sys
kind, name, out = None, None, []
for doc in open(sys.argv[1]).read().split("\n---"):
    k = [l.split(":", 1)[1].strip() for l in doc.splitlines() if l.startswith("kind:")]
    if k and k[0] == sys.argv[2]:
        meta = doc.split("\nmetadata:", 1)[1]
        for l in meta.splitlines()[1:]:
            if not l.startswith("  "):
                break
            if l.startswith("  name:"):
                out.append(l.split(":", 1)[1].strip()); break
print("\n".join(out))
PY
}
mapfile -t deployments < <(workloads Deployment)
mapfile -t statefulsets < <(workloads StatefulSet)
[ ${#deployments[@]} -gt 0 ] || { log "no Deployment in $overlay"; exit 1; }

revision() {
  kubectl -n "$namespace" get deployment "$1" \
    -o jsonpath='{.metadata.annotations.deployment\.kubernetes\.io/revision}' 2>/dev/null || true
}
declare -A before
for d in "${deployments[@]}"; do before[$d]=$(revision "$d"); done

diagnose() {
  log "state of namespace $namespace:"
  kubectl -n "$namespace" get deployments,statefulsets,pods -o wide >&2 || true
  kubectl -n "$namespace" get events --sort-by=.lastTimestamp 2>/dev/null | tail -n 30 >&2 || true
}

# Undo only what this apply changed: an unchanged Deployment's "previous
# revision" is an older release, not the one running before this deploy.
rollback() {
  local undone=0 d after
  for d in "${deployments[@]}"; do
    after=$(revision "$d")
    if [ -n "${before[$d]}" ] && [ "$after" != "${before[$d]}" ]; then
      log "rolling back deployment/$d (revision $after -> previous)"
      kubectl -n "$namespace" rollout undo "deployment/$d"
      undone=$((undone + 1))
    elif [ -z "${before[$d]}" ]; then
      log "deployment/$d is new in this deploy: nothing to roll back to"
    fi
  done
  for d in "${deployments[@]}"; do
    kubectl -n "$namespace" rollout status "deployment/$d" --timeout="$timeout" || true
  done
  log "rolled back $undone deployment(s)"
  if [ "$undone" -gt 0 ] && [ -n "${SMOKE_URL:-}" ]; then
    if scripts/smoke.sh "$SMOKE_URL"; then log "the previous release passes the smoke requests again"
    else log "the previous release fails the smoke requests too: act by hand (docs/ci-cd.md)"; fi
  fi
}

log "applying to namespace $namespace ($(kubectl config current-context 2>/dev/null || echo 'in-cluster'))"
kubectl apply -f "$work/manifests.yaml"

ok=true
for s in "${statefulsets[@]}"; do
  kubectl -n "$namespace" rollout status "statefulset/$s" --timeout="$timeout" || ok=false
done
for d in "${deployments[@]}"; do
  $ok || break
  kubectl -n "$namespace" rollout status "deployment/$d" --timeout="$timeout" || ok=false
done
if ! $ok; then
  log "the rollout did not complete"
  diagnose
  rollback
  exit 1
fi
log "rollout complete: ${deployments[*]}"

if [ -n "${SMOKE_URL:-}" ]; then
  if ! scripts/smoke.sh "$SMOKE_URL"; then
    log "smoke requests failed against $SMOKE_URL"
    diagnose
    rollback
    exit 1
  fi
fi
log "deployed $registry/vitrine-*:$tag from $overlay"
