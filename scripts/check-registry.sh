#!/usr/bin/env bash
# Checks every place that lists Vitrine's services against the registry,
# services.toml: each failure names the file and the service missing there
# (or what differs), and the run fails if there is any.
#
#   scripts/check-registry.sh
#
# Places that read the registry themselves (scripts/lib.sh's migration order,
# scripts/fuzz.sh, scripts/bench.sh) need no check. The Rust places are
# compared by tests too (crates/testkit registry tests, src/fleet.rs and
# src/bin/openapi.rs tests); this script checks them as text so it runs in a
# second, without a build. Adding a service: docs/adding-a-service.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

failures=0
fail() { echo "check-registry: $1: $2" >&2; failures=$((failures + 1)); }
# has FILE FIXED-STRING: whether FILE contains the string.
has() { [ -f "$1" ] && grep -qF -- "$2" "$1"; }

mapfile -t entries < <(registry)
[ ${#entries[@]} -gt 0 ] || { echo "check-registry: services.toml lists no service" >&2; exit 1; }

api_order=() mig_order=()
for entry in "${entries[@]}"; do
  read -r name kind migrations instances <<<"$entry"
  [ "$kind" = api ] && api_order+=("$name")
  [ "$migrations" = true ] && mig_order+=("$name")

  # The code and its build.
  if [ "$kind" = api ]; then
    has Cargo.toml "services/$name\"" || fail Cargo.toml "no workspace member/dependency services/$name"
    [ -f "services/$name/Cargo.toml" ] || fail "services/$name/" "missing (the service's crate)"
    [ -f "services/$name/Dockerfile" ] || fail "services/$name/Dockerfile" "missing"
    has src/fleet.rs "mount::<vitrine_$name::" || fail src/fleet.rs "$name is not mounted in the all-in-one"
    has src/bin/openapi.rs "(\"$name\", vitrine_$name::openapi())" || fail src/bin/openapi.rs "$name has no document"
    [ -f "web/openapi/$name.json" ] || fail "web/openapi/$name.json" "missing: run cd web && npm run gen:api"
    has deploy/traefik/dynamic.yml "\"$name\"" || fail deploy/traefik/dynamic.yml "$name is not in \$services (no route)"
  fi
  if [ "$migrations" = true ]; then
    [ -d "migrations/$name" ] || fail "migrations/$name/" "missing, but services.toml says migrations = true"
    has migrations/bootstrap.sql "vitrine_$name" || fail migrations/bootstrap.sql "no role or schema for $name"
    has crates/testkit/src/lib.rs "\"$name\"" || fail crates/testkit/src/lib.rs "$name is not in SERVICES"
    has deploy/postgres/logins.sql "vitrine_$name" || fail deploy/postgres/logins.sql "no login for vitrine_$name"
  elif [ -d "migrations/$name" ]; then
    fail services.toml "$name has migrations/$name/ but says migrations = false"
  fi

  # Deployment: compose, Kubernetes, Helm, CI images.
  has docker-compose.yml "image: vitrine-$name:" || fail docker-compose.yml "no service with image vitrine-$name"
  # The kustomize base is the chart rendered (scripts/render-k8s.sh): one Deployment per service.
  awk '/^kind: Deployment/{d=1} d&&/^  name:/{print $2; d=0}' k8s/base/vitrine.yaml | grep -qx "$name" \
    || fail k8s/base/vitrine.yaml "no Deployment $name (run scripts/render-k8s.sh)"
  grep -qE "^  $name:" helm/vitrine/values.yaml || fail helm/vitrine/values.yaml "no services.$name"
  has .github/workflows/ci.yml "{service: $name," || fail .github/workflows/ci.yml "$name is not in the image matrix"

  # The local fleet: started, and each instance on its port.
  has scripts/fleet.sh " $name" || fail scripts/fleet.sh "$name is not in the services it starts"
  if [ "$instances" != - ]; then
    IFS=, read -r -a list <<<"$instances"
    for pair in "${list[@]}"; do
      instance=${pair%%:*} offset=${pair##*:}
      has scripts/fleet.sh "$instance) echo \$((BASE + $offset))" \
        || fail scripts/fleet.sh "instance $instance is not on BASE + $offset in port_of"
      # Compose's Prometheus scrapes every replica of every API (compose names them as fleet.sh does).
      [ "$kind" != api ] || has deploy/observability/prometheus/prometheus.yml "\"$instance:8080\"" \
        || fail deploy/observability/prometheus/prometheus.yml "instance $instance is not scraped"
    done
  fi
done

# Orders that matter: migrations (a service reads the published views of those before it).
actual=$(awk '/pub const SERVICES/,/];/' crates/testkit/src/lib.rs | grep -oE '"[a-z]+"' | tr -d '"' | tr '\n' ' ')
[ "$actual" = "${mig_order[*]} " ] || fail crates/testkit/src/lib.rs "SERVICES is [$actual], the registry's migration order is [${mig_order[*]}]"
actual=$(grep -oE 'mount::<vitrine_[a-z]+::' src/fleet.rs | sed -E 's/mount::<vitrine_([a-z]+)::/\1/' | tr '\n' ' ')
[ "$actual" = "${api_order[*]} " ] || fail src/fleet.rs "mounts [$actual], the registry's order is [${api_order[*]}]"

# A service listed somewhere but not in the registry.
for dir in services/*/; do
  name=$(basename "$dir")
  grep -q "^$name " <(printf '%s\n' "${entries[@]}") || fail services.toml "services/$name exists but is not registered"
done

if [ "$failures" -gt 0 ]; then
  echo "check-registry: $failures place(s) differ from services.toml (see docs/adding-a-service.md)" >&2
  exit 1
fi
echo "check-registry: every place lists the ${#entries[@]} services of services.toml"
