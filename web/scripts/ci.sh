#!/usr/bin/env bash
# The merchant dashboard's checks, as .ci/run runs them on a clean clone:
# type check, unit tests (Vitest), the generated API types are current, then the
# end-to-end run in the machine's headless Chromium against `cargo run` (which
# builds web/dist by itself, as on a merchant's fresh clone).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
  echo "web: Node.js 20.19 or newer (with npm) is required" >&2
  exit 1
fi
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

echo "web: npm ci"
npm ci --no-audit --no-fund
echo "web: type check"
npm run --silent typecheck
echo "web: unit tests"
npm test --silent
echo "web: generated API documents and types are current"
npm run --silent check:api
echo "web: end-to-end in headless Chromium (screenshots in web/e2e/screenshots/)"
npm run --silent e2e
