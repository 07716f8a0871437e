#!/usr/bin/env bash
# Restore drill: proves that the backups can actually be restored. Restores the newest base
# backup (or BACKUP_NAME) into a scratch directory, replays the archived WAL to its end (or
# to RECOVERY_TARGET_TIME), starts PostgreSQL on a private socket, reads every table
# (which also verifies the data page checksums) and stops. Exits non-zero on any failure.
#   docker compose -f infra/compose.yml --profile backup run --rm pg-restore-drill
#
# Environment: BACKUP_DIR (/backups), WAL_ARCHIVE_DIR (/wal-archive), BACKUP_NAME,
# RECOVERY_TARGET_TIME ('2025-03-01 02:00:00+03'), DATABASE (nastavnik),
# KEEP_RESTORED=1 to leave the restored cluster in place for inspection.
set -Eeuo pipefail

backup_dir="${BACKUP_DIR:-/backups}"
archive_dir="${WAL_ARCHIVE_DIR:-/wal-archive}"
database="${DATABASE:-nastavnik}"

as_postgres() {
  if [ "$(id -u)" != 0 ]; then
    "$@"
  elif command -v gosu >/dev/null; then
    gosu postgres "$@"
  else
    runuser -u postgres -- "$@"
  fi
}

name="${BACKUP_NAME:-$(find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -name 'base-*' -printf '%f\n' | sort | tail -n 1)}"
if [ -z "$name" ] || [ ! -d "$backup_dir/$name" ]; then
  echo "drill: no base backup found in $backup_dir" >&2
  exit 1
fi
backup="$backup_dir/$name"
echo "drill: restoring $name"
(cd "$backup" && sha256sum --quiet -c SHA256SUMS)

work="$(mktemp -d /tmp/restore-drill.XXXXXX)"
pgdata="$work/pgdata"
cleanup() {
  as_postgres pg_ctl -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  if [ "${KEEP_RESTORED:-0}" = 1 ]; then echo "drill: restored cluster kept in $pgdata"; else rm -rf "$work"; fi
}
trap cleanup EXIT
chmod 0755 "$work"
# Extracted by the caller (backups are root's, mode 0700), then handed to postgres.
mkdir -m 0700 "$pgdata"
tar -xzf "$backup/base.tar.gz" -C "$pgdata"
tar -xzf "$backup/pg_wal.tar.gz" -C "$pgdata/pg_wal"
[ "$(id -u)" != 0 ] || chown -R postgres: "$work"

# The production settings refer to paths of the primary's container (conf.d, the
# archive); the drill runs with its own, appended last so they win.
as_postgres sed -i "s/^include_dir/#&/" "$pgdata/postgresql.conf"
as_postgres tee "$pgdata/pg_hba.drill.conf" >/dev/null <<HBA
local all all trust
HBA
as_postgres tee -a "$pgdata/postgresql.conf" >/dev/null <<CONF

# --- restore drill ---
hba_file = '$pgdata/pg_hba.drill.conf'
listen_addresses = ''
unix_socket_directories = '$work'
port = 5432
archive_mode = off
hot_standby = off
shared_buffers = 128MB
restore_command = 'cp "$archive_dir/%f" "%p"'
recovery_target_action = 'promote'
CONF
if [ -n "${RECOVERY_TARGET_TIME:-}" ]; then
  echo "recovery_target_time = '$RECOVERY_TARGET_TIME'" | as_postgres tee -a "$pgdata/postgresql.conf" >/dev/null
fi
as_postgres touch "$pgdata/recovery.signal"

started=$(date +%s)
as_postgres pg_ctl -D "$pgdata" -l "$work/postgres.log" -w -t 3600 start >/dev/null || {
  echo "drill: PostgreSQL did not start; its log:" >&2
  cat "$work/postgres.log" >&2
  exit 1
}
# With hot_standby off, connections are refused until the archive is replayed and the copy
# promoted; pg_ctl returns earlier. Wait for it (a big archive takes a while).
until as_postgres psql -h "$work" -p 5432 -U postgres -d postgres --no-psqlrc -qAt -c 'SELECT 1' >/dev/null 2>&1; do
  if ! as_postgres pg_ctl -D "$pgdata" status >/dev/null; then
    echo "drill: PostgreSQL stopped during recovery; its log:" >&2
    cat "$work/postgres.log" >&2
    exit 1
  fi
  sleep 1
done
echo "drill: recovered and promoted in $(($(date +%s) - started)) s"
grep -E 'redo done|archive recovery complete|recovery stopping' "$work/postgres.log" || true

sql() { as_postgres psql -h "$work" -p 5432 -U postgres -d "$database" --no-psqlrc -v ON_ERROR_STOP=1 "$@"; }

migrations="$(sql -qAt -c 'SELECT count(*) FROM kysely_migration')"
last_migration="$(sql -qAt -c 'SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1')"
echo "drill: $migrations migrations applied, the last $last_migration"
# Counting every row of every table reads every heap page: a damaged page fails here.
sql -q -c "
  SELECT t.table_name AS \"table\",
         (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I', t.table_name),
                false, true, '')))[1]::text::bigint AS \"rows\"
    FROM information_schema.tables t
   WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'
   ORDER BY t.table_name"
forced="$(sql -qAt -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relforcerowsecurity")"
echo "drill: $forced tables with forced row-level security"

if [ "$migrations" -lt 1 ]; then
  echo "drill: FAILED, the restored database has no migrations" >&2
  exit 1
fi
echo "drill: OK, $name restores and reads cleanly"
