#!/usr/bin/env bash
# Observability, checked for real (run by .ci/run):
#
#   1. the rules: promtool check rules + promtool test rules (unit tests), and
#      the compose scrape configuration with promtool check config;
#   2. the dashboards: generated files current (deploy/observability/generate.py
#      --check) and structurally valid. No Grafana server exists in these
#      registries, so they are validated as files, never loaded into Grafana;
#   3. live: the fleet (scripts/fleet.sh, every service its own process behind
#      the real Traefik) and the real Prometheus (Debian's package) scraping
#      every replica and Traefik every second with deploy/observability/
#      prometheus/rules.yml loaded; traffic with checkouts and webhooks; then
#      EVERY panel query and EVERY rule expression against it, failing if one is
#      invalid or returns no series. Prints how many of each ran.
#
#   scripts/check-observability.sh                 build what is missing (the fleet's debug build), run
#   FLEET_BUILD=0 scripts/check-observability.sh   reuse the binaries the fleet already built
#   OBS_KEEP=1 ...                                 keep the fleet's and Prometheus's logs
#
# Ports: 127.0.0.1, FLEET_PORT_BASE (default 28000) + the fleet's offsets,
# Prometheus on base+90, the webhook receiver on base+91.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

GRAFANALIB_VERSION=0.7.1
PYYAML_VERSION=6.0.3
TOOLS=$ROOT/.tools/observability
OBS=$ROOT/deploy/observability
export FLEET_DIR=${OBS_DIR:-$(mktemp -d /tmp/vitrine-obs.XXXXXX)}
export FLEET_PORT_BASE=${OBS_PORT_BASE:-28000}
export WEBHOOK_ALLOW_LOCAL=1
export NOTIFIER_RETRY_SCHEDULE=1s,1s
export NOTIFIER_POLL_INTERVAL_MS=200
# The traffic logs in many times from one address; the check is not about the rate limit.
export AUTH_RATE_AVERAGE=1000 AUTH_RATE_BURST=1000
GW=http://127.0.0.1:$((FLEET_PORT_BASE + 80))
PROM_PORT=$((FLEET_PORT_BASE + 90))
RECEIVER_PORT=$((FLEET_PORT_BASE + 91))
LIMIT_SECS=${OBS_TIMEOUT_SECS:-420}
RUN=$FLEET_DIR/run
LOGS=$FLEET_DIR/logs

say() { printf 'observability: %s\n' "$*"; }

# ---- tools ---------------------------------------------------------------------
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  say "installing Debian's prometheus package (its service is not started)"
  apt-get update -qq
  # policy-rc.d 101: no maintainer script may start the system service.
  made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus
  [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
fi
if ! PYTHONPATH=$TOOLS python3 -c "import grafanalib, yaml, sys; sys.exit(0 if yaml.__version__ == '$PYYAML_VERSION' else 1)" 2>/dev/null \
  || [ ! -d "$TOOLS/grafanalib-$GRAFANALIB_VERSION.dist-info" ]; then
  say "installing grafanalib $GRAFANALIB_VERSION and PyYAML $PYYAML_VERSION into .tools/observability"
  python3 -m pip install --quiet --disable-pip-version-check --target "$TOOLS" --upgrade \
    "grafanalib==$GRAFANALIB_VERSION" "PyYAML==$PYYAML_VERSION"
fi
export PYTHONPATH=$TOOLS

# ---- 1. rules and scrape configuration ----------------------------------------
promtool check rules "$OBS/prometheus/rules.yml" "$OBS/prometheus/kubernetes-rules.yml"
promtool test rules "$OBS"/prometheus/tests/*.yml
# The compose configuration, with the rules path it has inside the container made local.
sed "s|/etc/prometheus/rules.yml|$OBS/prometheus/rules.yml|" "$OBS/prometheus/prometheus.yml" >"${TMPDIR:-/tmp}/vitrine-obs-compose-prometheus.yml"
promtool check config "${TMPDIR:-/tmp}/vitrine-obs-compose-prometheus.yml"
rm -f "${TMPDIR:-/tmp}/vitrine-obs-compose-prometheus.yml"

# ---- 2. dashboards ---------------------------------------------------------------
python3 "$OBS/generate.py" --check

# ---- 3. live: the fleet and Prometheus, always stopped -----------------------------
prom=
watchdog=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$watchdog" ] || kill "$watchdog" 2>/dev/null || true
  if [ -n "$prom" ]; then
    kill "$prom" 2>/dev/null || true
    wait "$prom" 2>/dev/null || true
  fi
  if [ "$rc" != 0 ]; then
    for f in "$LOGS"/*.log "$FLEET_DIR/prometheus.log"; do
      [ -f "$f" ] || continue
      echo "---- last lines of $f"
      tail -n 15 "$f"
    done
  fi
  scripts/fleet.sh down >/dev/null 2>&1 || true
  if [ -n "${OBS_KEEP:-}" ]; then echo "kept: $FLEET_DIR"; else rm -rf "$FLEET_DIR"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The same build as the end-to-end test (debug, cargo's no-op when it is current).
if [ "${FLEET_BUILD:-1}" != 0 ]; then scripts/fleet.sh build; fi
( sleep "$LIMIT_SECS"; echo "observability: over ${LIMIT_SECS}s, stopping" >&2; kill -TERM $$ ) &
watchdog=$!
FLEET_BUILD=0 FLEET_WEB=0 scripts/fleet.sh up

# Prometheus: every instance the fleet started (service = instance name less
# its -N), Traefik's metrics on its ping entry point; scraped every second.
python3 - "$RUN/instances" "$((FLEET_PORT_BASE + 82))" "$OBS/prometheus/rules.yml" >"$FLEET_DIR/prometheus.yml" <<'PY'
import re, sys
instances, ping, rules = sys.argv[1:]
by_service = {}
for line in open(instances):
    name, port = line.split()
    if name not in ("web", "traefik"):  # the dashboard's files; the gateway is its own job
        by_service.setdefault(re.sub(r"-\d+$", "", name), []).append(f"127.0.0.1:{port}")
print("global: {scrape_interval: 1s, evaluation_interval: 1s}")
print(f"rule_files: ['{rules}']")
print("scrape_configs:")
print("  - job_name: vitrine\n    honor_labels: true\n    static_configs:")
for svc, targets in by_service.items():
    print(f"      - targets: {targets}\n        labels: {{service: {svc}}}")
print(f"  - job_name: traefik\n    static_configs:\n      - targets: ['127.0.0.1:{ping}']")
PY
promtool check config "$FLEET_DIR/prometheus.yml" >/dev/null
prometheus --config.file="$FLEET_DIR/prometheus.yml" --storage.tsdb.path="$FLEET_DIR/prometheus-data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" >"$FLEET_DIR/prometheus.log" 2>&1 &
prom=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$PROM_PORT/-/ready" 2>/dev/null && break
  kill -0 "$prom" 2>/dev/null || { say "prometheus exited"; exit 1; }
  sleep 0.2
done
say "prometheus $(prometheus --version 2>&1 | head -n 1 | cut -d' ' -f3) scraping $(grep -vc '^web \|^traefik ' "$RUN/instances") instances and traefik"

python3 "$OBS/live_check.py" traffic "$GW" "$RUN/instances" "$RECEIVER_PORT"
# Four scrapes and rule evaluations after the last request.
sleep 5
up=$(curl -fsS "http://127.0.0.1:$PROM_PORT/api/v1/query?query=count(up%3D%3D1)" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["result"][0]["value"][1])')
say "$up targets up"
python3 "$OBS/live_check.py" queries "http://127.0.0.1:$PROM_PORT" "$OBS/prometheus/rules.yml"
say "passed"
