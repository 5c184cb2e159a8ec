#!/usr/bin/env bash
# For developers editing SQL: (re)creates database $DEV_DB (default `vitrine`) with every
# migration on the PostgreSQL at $DEV_PG (an administrator URL without the
# database), so the query macros can check against it:
#
#   DEV_PG=postgres://postgres@127.0.0.1:55432 scripts/dev-db.sh
#   export SQLX_OFFLINE=false DATABASE_URL=$DEV_PG/vitrine
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
: "${DEV_PG:?set DEV_PG to an administrator URL without the database, e.g. postgres://postgres@127.0.0.1:55432}"
db=${DEV_DB:-vitrine}
migrate_all "$DEV_PG" "$db"
echo "database $db is current on $DEV_PG"
