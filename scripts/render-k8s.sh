#!/usr/bin/env bash
# Renders the kustomize files that come from the Helm chart (k8s/render.py):
# k8s/base/vitrine.yaml and k8s/minikube/postgres.yaml. Run it after any
# change to helm/vitrine or k8s/base/values.yaml, and commit the result;
# --check (scripts/validate-deploy.sh) fails while they are stale.
#
# Usage: scripts/render-k8s.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
# The same pinned Helm SDK as scripts/validate-deploy.sh, in the same venv.
VENV=.tools/deploy-validate/venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import helm_python, yaml' 2>/dev/null; then
  echo "render-k8s: installing the Helm SDK into $VENV (scripts/validate-deploy.sh pins it)" >&2
  scripts/validate-deploy.sh --tools-only
fi
"$VENV/bin/python" k8s/render.py "$@" 2> >(grep -v 'found symbolic link' >&2)
