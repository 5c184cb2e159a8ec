#!/usr/bin/env bash
# Writes the minikube overlay's secrets and local settings into
# k8s/minikube/secrets/ (git-ignored), where its secretGenerator and
# configMapGenerator read them:
#   postgres.env     the superuser's and each service role's password
#   database.env     each service's DATABASE_URL (its own role, database vitrine)
#   jwt-private.pem  the Ed25519 signing key (builder only)
#   jwt-public.pem   its public half (every service)
#   shopper-private.pem, shopper-public.pem
#                    the customer service's Ed25519 pair for shopper tokens
#   settings.env     PUBLIC_URL: where the browser reaches Vitrine
#
# Existing files are kept, so the passwords stay those PostgreSQL already
# has; --force makes new ones (then restart postgres-0 to apply them).
#
# Usage: k8s/minikube/generate-secrets.sh [--force] [--public-url URL]
# Needs openssl. Without --public-url: http://$(minikube ip):30080, the
# NodePort docs/deploy.md gives Traefik (http://192.168.49.2:30080 if
# minikube is not on PATH, as in CI).
set -euo pipefail
cd "$(dirname "$0")"
force=false
public_url=""
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=true ;;
    --public-url) public_url=${2:?--public-url needs a URL}; shift ;;
    *) echo "usage: $0 [--force] [--public-url URL]" >&2; exit 2 ;;
  esac
  shift
done
services=(builder site media promotion experiment customer checkout notifier)
mkdir -p secrets
chmod 700 secrets
umask 077

fresh() { $force || [ ! -s "secrets/$1" ]; }
password() { openssl rand -hex 24; }  # hex: safe in a URL without escaping

# A service added since the files were written has no password yet: then
# they are written anew (restart postgres-0 to apply them).
missing_service() {
  local svc
  for svc in "${services[@]}"; do grep -q "^$svc-url=" secrets/database.env || return 0; done
  return 1
}
if fresh postgres.env || fresh database.env || missing_service; then
  {
    echo "superuser-password=$(password)"
    for svc in "${services[@]}"; do echo "$svc-password=$(password)"; done
  } > secrets/postgres.env
  for svc in "${services[@]}"; do
    pw=$(sed -n "s/^$svc-password=//p" secrets/postgres.env)
    echo "$svc-url=postgres://vitrine_$svc:$pw@postgres:5432/vitrine"
  done > secrets/database.env
  echo "wrote secrets/postgres.env and secrets/database.env"
fi

if fresh jwt-private.pem || fresh jwt-public.pem; then
  openssl genpkey -algorithm ed25519 -out secrets/jwt-private.pem
  openssl pkey -in secrets/jwt-private.pem -pubout -out secrets/jwt-public.pem
  echo "wrote secrets/jwt-private.pem and secrets/jwt-public.pem"
fi

if fresh shopper-private.pem || fresh shopper-public.pem; then
  openssl genpkey -algorithm ed25519 -out secrets/shopper-private.pem
  openssl pkey -in secrets/shopper-private.pem -pubout -out secrets/shopper-public.pem
  echo "wrote secrets/shopper-private.pem and secrets/shopper-public.pem"
fi

if [ -n "$public_url" ] || fresh settings.env; then
  if [ -z "$public_url" ]; then
    ip=$(minikube ip 2>/dev/null || true)
    public_url="http://${ip:-192.168.49.2}:30080"
  fi
  echo "PUBLIC_URL=${public_url%/}" > secrets/settings.env
  echo "wrote secrets/settings.env (PUBLIC_URL=${public_url%/})"
fi
