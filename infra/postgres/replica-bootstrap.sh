#!/usr/bin/env bash
# Clones the primary into an empty data directory with pg_basebackup -R, which also
# writes standby.signal, primary_conninfo and primary_slot_name: the copy starts as a
# streaming hot standby. Runs as the postgres user (replica-entrypoint.sh arranges it).
#
# Environment: PGDATA, PRIMARY_HOST, PRIMARY_PORT (5432), REPLICATION_USER (replicator),
# REPLICATION_PASSWORD, REPLICATION_SLOT (replica_1).
set -Eeuo pipefail

: "${PGDATA:?PGDATA is not set}"
: "${PRIMARY_HOST:?PRIMARY_HOST is not set}"
: "${REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD in infra/.env}"
primary_port="${PRIMARY_PORT:-5432}"
replication_user="${REPLICATION_USER:-replicator}"
slot="${REPLICATION_SLOT:-replica_1}"

if [ -s "$PGDATA/PG_VERSION" ]; then
  echo "replica: $PGDATA already holds a cluster, starting it as it is"
  exit 0
fi

export PGPASSWORD="$REPLICATION_PASSWORD"
until pg_isready -q -h "$PRIMARY_HOST" -p "$primary_port" -U "$replication_user" -d postgres; do
  echo "replica: waiting for $PRIMARY_HOST:$primary_port"
  sleep 2
done

# A slot survives the replica: reuse it when the replica is rebuilt, create it otherwise.
# (psql substitutes :'slot' only in SQL it reads, not in -c.)
slot_exists="$(psql -h "$PRIMARY_HOST" -p "$primary_port" -U "$replication_user" -d postgres \
  --no-psqlrc -qAt -v ON_ERROR_STOP=1 -v slot="$slot" <<'SQL'
SELECT 1 FROM pg_replication_slots WHERE slot_name = :'slot'
SQL
)"
create_slot=()
[ "$slot_exists" = 1 ] || create_slot=(--create-slot)

# Clone next to the final directory and rename at the end: an interrupted clone leaves no
# half-copied data directory that a restart would take for a cluster.
partial="$PGDATA.partial"
rm -rf "$partial"
echo "replica: cloning $PRIMARY_HOST:$primary_port (slot $slot)"
pg_basebackup -h "$PRIMARY_HOST" -p "$primary_port" -U "$replication_user" \
  -D "$partial" -R -X stream -S "$slot" "${create_slot[@]}" --checkpoint=fast --no-password
chmod 0700 "$partial"
rm -rf "$PGDATA"
mv "$partial" "$PGDATA"
echo "replica: clone complete"
