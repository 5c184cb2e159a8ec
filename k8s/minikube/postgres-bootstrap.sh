#!/bin/sh
# postStart hook of the minikube PostgreSQL (ADR 0303): once the server
# accepts TCP connections (the image's first-start initdb only listens on its
# socket), apply migrations/bootstrap.sql and give each service role LOGIN
# with its password from the Secret. Idempotent, so it runs on every start:
# a changed bootstrap.sql or a new password takes effect on a pod restart.
# Its output goes to the container's log; a failure restarts the container.
set -eu
if [ -w /proc/1/fd/1 ]; then exec >/proc/1/fd/1 2>&1; fi
export PGPASSWORD="$POSTGRES_PASSWORD"
i=0
until pg_isready -q -h 127.0.0.1 -U postgres -d vitrine; do
  i=$((i + 1))
  [ "$i" -le 300 ] || { echo "bootstrap: PostgreSQL did not start in 300 s"; exit 1; }
  sleep 1
done
psql="psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d vitrine"
$psql -f /etc/vitrine/bootstrap/bootstrap.sql
limit=${VITRINE_ROLE_CONNECTION_LIMIT:-50}
case $limit in '' | *[!0-9]*) echo "bootstrap: VITRINE_ROLE_CONNECTION_LIMIT must be a number"; exit 1 ;; esac
for svc in builder site media promotion experiment customer checkout notifier; do
  # The password reaches psql through its environment (never a command
  # line), and :'pw' quotes it as a literal. The connection limit is the one
  # the chart's connection budget is checked against.
  SERVICE_PASSWORD=$(cat "/etc/vitrine/passwords/$svc-password") \
    $psql -v role="vitrine_$svc" -v limit="$limit" <<'SQL'
\getenv pw SERVICE_PASSWORD
ALTER ROLE :"role" LOGIN PASSWORD :'pw' CONNECTION LIMIT :limit;
SQL
done
echo "bootstrap: roles and schemas ready"
