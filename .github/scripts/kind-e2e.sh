#!/usr/bin/env bash
# CI's end-to-end deployment, in the throwaway kind cluster that
# helm/kind-action made from .github/kind.yaml: loads the images CI built,
# installs Traefik as on minikube (Helm chart, namespace traefik, NodePort
# 30080), deploys the minikube overlay with kubectl through the same script
# as production (.github/scripts/deploy.sh: images pinned to the commit,
# rollout status, smoke requests through the ingress, a purchase included
# once the checkout service is in the fleet, rollback on failure).
#
#   .github/scripts/kind-e2e.sh IMAGES_DIR REGISTRY TAG
#
#   IMAGES_DIR  vitrine-<service>.tar for every service (docker image archives)
#   REGISTRY    the images' repository prefix, e.g. ghcr.io/acme
#   TAG         their tag, the commit SHA
# Environment: KIND_CLUSTER (default vitrine), TRAEFIK_CHART_VERSION.
# Needs docker, kind, kubectl and helm (all on GitHub's ubuntu runners).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 3 ] || { echo "usage: $0 IMAGES_DIR REGISTRY TAG" >&2; exit 2; }
images=$1 registry=$2 tag=$3
cluster=${KIND_CLUSTER:-vitrine}
# Traefik as docs/deploy.md installs it on minikube, at a pinned chart version.
chart_version=${TRAEFIK_CHART_VERSION:-36.3.0}
base_url=http://127.0.0.1:8080   # .github/kind.yaml maps the NodePort here

log() { printf 'kind-e2e: %s\n' "$*" >&2; }

for svc in builder site media promotion experiment customer checkout notifier web; do
  archive="$images/vitrine-$svc.tar"
  [ -f "$archive" ] || { log "missing $archive"; exit 1; }
  log "loading $registry/vitrine-$svc:$tag into kind"
  kind load image-archive "$archive" --name "$cluster"
done

log "installing Traefik (chart $chart_version) in namespace traefik"
helm repo add traefik https://traefik.github.io/charts >/dev/null
helm repo update traefik >/dev/null
helm upgrade --install traefik traefik/traefik --version "$chart_version" \
  --namespace traefik --create-namespace \
  --set service.type=NodePort --set ports.web.nodePort=30080 \
  --set service.spec.externalTrafficPolicy=Local \
  --wait --timeout 5m

# The overlay's secrets (git-ignored files), with the URL the runner uses.
k8s/minikube/generate-secrets.sh --public-url "$base_url"

export SMOKE_URL=$base_url ROLLOUT_TIMEOUT=${ROLLOUT_TIMEOUT:-300s}
status=0
.github/scripts/deploy.sh k8s/minikube "$registry" "$tag" || status=$?
if [ "$status" -ne 0 ]; then
  log "failed: the pods' logs follow"
  for pod in $(kubectl -n vitrine get pods -o name); do
    echo "==== $pod" >&2
    kubectl -n vitrine logs "$pod" --all-containers --tail=50 >&2 || true
  done
  kubectl -n traefik logs deployment/traefik --tail=50 >&2 || true
fi
exit "$status"
