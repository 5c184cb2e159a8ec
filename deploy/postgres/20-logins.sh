#!/bin/sh
# docker compose: the postgres image runs this once, on an empty data
# directory, after 10-bootstrap.sql (migrations/bootstrap.sql). It gives each
# service role its LOGIN and the password compose hands that service.
set -eu
psql --quiet -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v builder_password="$VITRINE_BUILDER_DB_PASSWORD" \
  -v site_password="$VITRINE_SITE_DB_PASSWORD" \
  -v media_password="$VITRINE_MEDIA_DB_PASSWORD" \
  -v promotion_password="$VITRINE_PROMOTION_DB_PASSWORD" \
  -v experiment_password="$VITRINE_EXPERIMENT_DB_PASSWORD" \
  -f /vitrine/logins.sql
