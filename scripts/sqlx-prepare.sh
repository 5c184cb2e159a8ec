#!/usr/bin/env bash
# Regenerates .sqlx/ (the query metadata that lets builds check SQL offline)
# against a throwaway PostgreSQL with every migration applied.
#
#   scripts/sqlx-prepare.sh          rewrite .sqlx/
#   scripts/sqlx-prepare.sh --check  fail if .sqlx/ is not current (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

check=false
[ "${1:-}" = "--check" ] && check=true

start_throwaway_pg
trap stop_throwaway_pg EXIT
migrate_all "$PG_ADMIN_URL" vitrine

out=$(mktemp -d)
# Every crate that has queries is rebuilt so its macros run again and write their metadata.
for crate in crates/common services/*; do
  find "$crate/src" -name '*.rs' -exec touch {} +
done
find services -path '*/tests/*.rs' -exec touch {} + 2>/dev/null || true
SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$out" DATABASE_URL="$PG_ADMIN_URL/vitrine" \
  cargo check --workspace --all-targets --quiet

if $check; then
  if ! diff -r "$out" .sqlx >/dev/null 2>&1; then
    echo ".sqlx/ is not current: run scripts/sqlx-prepare.sh and commit the result" >&2
    diff -r "$out" .sqlx | head -20 >&2 || true
    rm -rf "$out"
    exit 1
  fi
  echo ".sqlx/ is current ($(ls "$out" | wc -l) queries)"
  rm -rf "$out"
else
  rm -rf .sqlx
  mv "$out" .sqlx
  echo ".sqlx/ rewritten ($(ls .sqlx | wc -l) queries)"
fi
