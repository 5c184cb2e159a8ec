#!/usr/bin/env bash
# Rolls every Vitrine Deployment in the namespace back to its previous
# revision (`kubectl rollout undo`), waits for the rollout, and runs the smoke
# requests when SMOKE_URL is set. Every deploy pins every image to a new
# commit, so each one is a new revision of every Deployment: one step back
# for all of them is the release before the last deploy. The Rollback workflow runs it; so can a
# person with the cluster's kubeconfig:
#
#   KUBECONFIG=~/.kube/prod SMOKE_URL=https://shop.example.com .github/scripts/rollback.sh
#
# Environment: NAMESPACE (default vitrine), ROLLOUT_TIMEOUT (default 300s),
# SMOKE_URL, SMOKE_RESOLVE.
set -euo pipefail
cd "$(dirname "$0")/../.."
namespace=${NAMESPACE:-vitrine}
timeout=${ROLLOUT_TIMEOUT:-300s}
log() { printf 'rollback: %s\n' "$*" >&2; }

mapfile -t deployments < <(kubectl -n "$namespace" get deployments \
  -l app.kubernetes.io/part-of=vitrine -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')
[ ${#deployments[@]} -gt 0 ] || { log "no Vitrine Deployment in namespace $namespace"; exit 1; }

for d in "${deployments[@]}"; do
  log "deployment/$d: $(kubectl -n "$namespace" get deployment "$d" -o jsonpath='{.spec.template.spec.containers[0].image}') -> previous revision"
  kubectl -n "$namespace" rollout undo "deployment/$d"
done
status=0
for d in "${deployments[@]}"; do
  kubectl -n "$namespace" rollout status "deployment/$d" --timeout="$timeout" || status=1
done
[ "$status" = 0 ] || { log "the rollback did not complete"; kubectl -n "$namespace" get pods -o wide >&2; exit 1; }
for d in "${deployments[@]}"; do
  log "deployment/$d now runs $(kubectl -n "$namespace" get deployment "$d" -o jsonpath='{.spec.template.spec.containers[0].image}')"
done
if [ -n "${SMOKE_URL:-}" ]; then
  scripts/smoke.sh "$SMOKE_URL"
fi
log "done"
