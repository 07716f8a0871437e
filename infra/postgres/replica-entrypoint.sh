#!/usr/bin/env bash
# Entrypoint of postgres-replica: on first start clones the primary (replica-bootstrap.sh,
# as the postgres user), then hands over to the official image's entrypoint, which finds
# an existing cluster and simply runs postgres as a hot standby.
set -Eeuo pipefail

: "${PGDATA:?PGDATA is not set}"
here="$(dirname "$0")"
if [ "$(id -u)" = 0 ]; then
  parent="$(dirname "$PGDATA")"
  install -d -o postgres -g postgres -m 0700 "$parent"
  gosu postgres bash "$here/replica-bootstrap.sh"
else
  bash "$here/replica-bootstrap.sh"
fi

exec docker-entrypoint.sh "$@"
