#!/usr/bin/env bash
# Entrypoint of postgres-primary: prepares the WAL archive directory (a fresh named volume
# is owned by root, and archive_command runs as postgres), then hands over to the official
# image's entrypoint, which initialises the cluster on first start and runs postgres.
set -Eeuo pipefail

archive_dir="${WAL_ARCHIVE_DIR:-/var/lib/postgresql/wal-archive}"
if [ "$(id -u)" = 0 ]; then
  install -d -o postgres -g postgres -m 0700 "$archive_dir"
fi

exec docker-entrypoint.sh "$@"
