#!/bin/sh
# docker compose: the postgres image runs this once, on an empty data
# directory, after 10-bootstrap.sql (migrations/bootstrap.sql). It gives each
# service role its LOGIN and the password compose hands that service. The
# passwords stay in the environment (VITRINE_<SERVICE>_DB_PASSWORD), where
# logins.sql reads them with \getenv: never on psql's command line.
set -eu
for svc in BUILDER SITE MEDIA PROMOTION EXPERIMENT CUSTOMER CHECKOUT NOTIFIER; do
  eval "pw=\${VITRINE_${svc}_DB_PASSWORD:-}"
  [ -n "$pw" ] || { echo "20-logins.sh: VITRINE_${svc}_DB_PASSWORD is not set" >&2; exit 1; }
done
psql --quiet -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -f /vitrine/logins.sql
