#!/usr/bin/env bash
# Writes .env beside docker-compose.yml with a random password for the
# PostgreSQL superuser, each service role and Grafana's admin: docker compose requires
# them and has no fallback, so no deployment runs on a well-known password.
# An existing .env is kept (PostgreSQL keeps the passwords of its first
# start); missing variables are appended.
#
# Usage: deploy/compose-env.sh [ENV_FILE]   (default: .env at the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-.env}
umask 077
touch "$file"
added=0
for var in POSTGRES_PASSWORD VITRINE_BUILDER_DB_PASSWORD VITRINE_SITE_DB_PASSWORD \
  VITRINE_MEDIA_DB_PASSWORD VITRINE_PROMOTION_DB_PASSWORD VITRINE_EXPERIMENT_DB_PASSWORD \
  VITRINE_CUSTOMER_DB_PASSWORD VITRINE_CHECKOUT_DB_PASSWORD VITRINE_NOTIFIER_DB_PASSWORD \
  GRAFANA_ADMIN_PASSWORD; do
  grep -q "^$var=" "$file" && continue
  # hex: safe inside a database URL without escaping
  echo "$var=$(openssl rand -hex 24)" >>"$file"
  added=$((added + 1))
done
echo "compose-env: $file has every database password ($added new)"
