#!/usr/bin/env bash
# Installs s3s-fs (an S3-compatible server over a directory, from the s3s
# project on crates.io) into .tools/s3s-fs, for the media service's tests
# against real S3-compatible storage (docs/adr/0026). Idempotent: does
# nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.14.1
root=.tools/s3s-fs
if [[ -x $root/bin/s3s-fs && -f $root/VERSION && $(cat "$root/VERSION") == "$version" ]]; then
  exit 0
fi
echo "installing s3s-fs $version into $root (a few minutes, once)" >&2
# A debug build: a test server needs no optimisation, and it builds in half the time.
cargo install s3s-fs --version "$version" --features binary --locked --debug --root "$root"
echo "$version" > "$root/VERSION"
