#!/bin/sh
# DEVELOPMENT ONLY. docker compose's one-shot `keygen` service: makes the
# Ed25519 key pair the builder signs access tokens with, once (it is kept in
# the jwt-private volume across restarts), and publishes the public half.
# A production deployment brings its own key from its secret store instead.
#
# The private key goes to a volume only the builder mounts; every service
# mounts the public one. Both are readable by the images' user (65532) only.
set -eu
umask 077
if [ ! -s /keys/private/jwt-private.pem ]; then
  openssl genpkey -algorithm ed25519 -out /keys/private/jwt-private.pem
  echo "keygen: made a new development signing key"
fi
openssl pkey -in /keys/private/jwt-private.pem -pubout -out /keys/public/jwt-public.pem
chown -R 65532:65532 /keys/private /keys/public
chmod 0500 /keys/private
chmod 0400 /keys/private/jwt-private.pem
chmod 0755 /keys/public
chmod 0444 /keys/public/jwt-public.pem
