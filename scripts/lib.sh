# Shared helpers for Vitrine's scripts (sourced, not run).

# The newest PostgreSQL server binaries: on PATH, or under /usr/lib/postgresql/*/bin.
pg_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
    dirname "$(command -v postgres)"
    return
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] || { echo "no PostgreSQL server binaries (apt-get install postgresql)" >&2; return 1; }
  echo "$d"
}

# Runs a command as the cluster owner: PostgreSQL refuses to run as root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Starts a throwaway cluster: sets PG_DIR, PG_PORT, PG_PID, PG_ADMIN_URL.
# Trust authentication, loopback only, fsync off: for scripts and tests only.
start_throwaway_pg() {
  local bin; bin=$(pg_bin) || return 1
  PG_DIR=$(mktemp -d /tmp/vitrine-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  as_pg "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  PG_PORT=$(free_port)
  as_pg "$bin/postgres" -D "$PG_DIR/data" -c listen_addresses=127.0.0.1 -p "$PG_PORT" \
    -c unix_socket_directories= -c fsync=off -c synchronous_commit=off -c max_connections=300 \
    >"$PG_DIR/log" 2>&1 &
  PG_PID=$!
  PG_ADMIN_URL="postgres://postgres@127.0.0.1:$PG_PORT"
  for _ in $(seq 1 100); do
    psql "$PG_ADMIN_URL/postgres" -Atqc 'select 1' >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$PG_DIR/log" >&2
  return 1
}

stop_throwaway_pg() {
  local pid
  if [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    pid=$(head -n 1 "$PG_DIR/data/postmaster.pid")
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  [ -n "${PG_PID:-}" ] && wait "$PG_PID" 2>/dev/null
  [ -n "${PG_DIR:-}" ] && rm -rf "$PG_DIR"
  PG_PID= PG_DIR=
  return 0
}

# The service registry (services.toml at the root), one line per service in
# its order: "name kind migrations instances" (instances as
# "instance:offset,instance:offset"). The file keeps one `key = value` a line.
registry() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  awk '
    function flush() { if (name != "") print name, kind, mig, (inst == "" ? "-" : inst); name = ""; kind = ""; mig = "false"; inst = "" }
    { sub(/#.*/, "") }
    /^[ \t]*$/ { next }
    /^\[\[service\]\]/ { flush(); next }
    {
      key = $0; sub(/[ \t]*=.*/, "", key); gsub(/[ \t]/, "", key)
      val = $0; sub(/^[^=]*=/, "", val); gsub(/[" \t\[\]]/, "", val)
      if (key == "name") name = val
      else if (key == "kind") kind = val
      else if (key == "migrations") mig = val
      else if (key == "instances") inst = val
      else { print "services.toml: unknown key " key > "/dev/stderr"; exit 1 }
    }
    END { flush() }' "$root/services.toml"
}

# Names from the registry, in its order: `registry_names api` (Rust services),
# `registry_names migrations` (those with migrations), `registry_names` (all).
registry_names() {
  case ${1:-all} in
    all) registry | awk '{ print $1 }' ;;
    api | web) registry | awk -v k="$1" '$2 == k { print $1 }' ;;
    migrations) registry | awk '$3 == "true" { print $1 }' ;;
    *) echo "registry_names: unknown filter $1" >&2; return 1 ;;
  esac
}

# Creates database $2 on admin URL $1 with the bootstrap and every service's migrations.
migrate_all() {
  local url=$1 db=$2 root svc f
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  psql "$url/postgres" -qAt -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
  psql "$url/$db" -qAt -v ON_ERROR_STOP=1 -f "$root/migrations/bootstrap.sql" >/dev/null
  for svc in $(registry_names migrations); do
    [ -d "$root/migrations/$svc" ] || continue
    for f in "$root"/migrations/"$svc"/*.sql; do
      PGOPTIONS="-c role=vitrine_$svc -c search_path=$svc" psql "$url/$db" -qAt -v ON_ERROR_STOP=1 -f "$f" >/dev/null
    done
  done
}
