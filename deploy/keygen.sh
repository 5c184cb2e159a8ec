#!/bin/sh
# DEVELOPMENT ONLY. docker compose's one-shot `keygen` service: makes the
# Ed25519 key pair the builder signs access tokens with, and the customer
# service's pair for shopper tokens, once (kept in their private volumes
# across restarts), and publishes the public halves.
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
if [ ! -s /keys/shopper-private/shopper-private.pem ]; then
  openssl genpkey -algorithm ed25519 -out /keys/shopper-private/shopper-private.pem
  echo "keygen: made a new development shopper-token key"
fi
openssl pkey -in /keys/private/jwt-private.pem -pubout -out /keys/public/jwt-public.pem
openssl pkey -in /keys/shopper-private/shopper-private.pem -pubout -out /keys/public/shopper-public.pem
chown -R 65532:65532 /keys/private /keys/shopper-private /keys/public
chmod 0500 /keys/private /keys/shopper-private
chmod 0400 /keys/private/jwt-private.pem /keys/shopper-private/shopper-private.pem
chmod 0755 /keys/public
chmod 0444 /keys/public/jwt-public.pem /keys/public/shopper-public.pem
