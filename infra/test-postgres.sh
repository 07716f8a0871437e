#!/usr/bin/env bash
# Rehearses the PostgreSQL part of compose.yml without Docker, on scratch clusters in /tmp
# listening on loopback: the primary initialised with compose.yml's initdb arguments and
# postgres/initdb/10-nastavnik.sh (run twice: it must be idempotent), two API instances
# migrating the same empty database at once as nastavnik_owner and serving as
# nastavnik_app (when node_modules and Redis are there), the worker, a replica cloned by
# replica-bootstrap.sh and streaming, backup.sh with retention and WAL pruning, and
# restore-drill.sh replaying the WAL archive past the last base backup.
# Run by validate.sh as root (or as postgres). Leaves nothing behind.
set -Eeuo pipefail

infra="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$infra")"
bin=/usr/lib/postgresql/15/bin
export PATH="$bin:$PATH"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- env PATH="$PATH" "$@"; else "$@"; fi
}

work="$(mktemp -d /tmp/nastavnik-pg-rehearsal.XXXXXX)"
chmod 0755 "$work"
[ "$(id -u)" != 0 ] || chown postgres: "$work"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for d in "$work/replica/pgdata" "$work/primary/pgdata"; do
    [ -f "$d/postmaster.pid" ] && as_postgres pg_ctl -D "$d" -m immediate stop >/dev/null 2>&1
  done
  rm -rf "$work"
}
trap cleanup EXIT
step() { printf -- '-- %s\n' "$1"; }
die() {
  echo "REHEARSAL FAILED: $1" >&2
  for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -n 30 "$log" >&2; }; done
  exit 1
}

primary_port=$((30000 + $$ % 10000))
replica_port=$((primary_port + 1))
owner_pw="owner-$RANDOM$RANDOM"
app_pw="app-$RANDOM$RANDOM"
repl_pw="repl-$RANDOM$RANDOM"
super_pw="super-$RANDOM$RANDOM"
as_postgres mkdir -p "$work/sock" "$work/wal-archive" "$work/backups" "$work/primary" "$work/replica" \
  "$work/primary-conf.d" "$work/replica-conf.d"

# The production conf.d files with the container paths mapped into $work, and a last file
# (read last, so it wins) that keeps the rehearsal on loopback and small.
map_conf() {
  sed -e "s|/var/lib/postgresql/wal-archive|$work/wal-archive|g" "$1" | as_postgres tee "$2" >/dev/null
  printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\nshared_buffers = 128MB\n" \
    "$3" "$work/sock" | as_postgres tee "$(dirname "$2")/zz-rehearsal.conf" >/dev/null
}
map_conf "$infra/postgres/conf.d/primary.conf" "$work/primary-conf.d/nastavnik.conf" "$primary_port"
map_conf "$infra/postgres/conf.d/replica.conf" "$work/replica-conf.d/nastavnik.conf" "$replica_port"

step "initdb with compose.yml's POSTGRES_INITDB_ARGS"
read -r -a initdb_args < <(awk '/POSTGRES_INITDB_ARGS: >-/ { grab = 1; next }
  grab && /^ +--/ { printf "%s ", $0; next } grab { exit } END { print "" }' "$infra/compose.yml")
[ "${#initdb_args[@]}" -gt 0 ] || die "POSTGRES_INITDB_ARGS not found in compose.yml"
printf '%s\n' "$super_pw" | as_postgres tee "$work/pwfile" >/dev/null
as_postgres initdb -D "$work/primary/pgdata" -U postgres --pwfile="$work/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 "${initdb_args[@]}" >"$work/initdb.log" 2>&1 \
  || die "initdb rejected the arguments"

step "init script on the socket-only first-start server (as the image runs it), twice"
pg() { as_postgres pg_ctl -D "$1" -l "$work/$2.log" -w -t 120 "${@:3}"; }
pg "$work/primary/pgdata" primary start -o "-c listen_addresses='' -c unix_socket_directories='$work/sock' -p $primary_port" \
  >/dev/null || die "temporary server did not start"
for _ in 1 2; do
  as_postgres env PGHOST="$work/sock" PGPORT="$primary_port" PGDATA="$work/primary/pgdata" POSTGRES_USER=postgres \
    NASTAVNIK_CONF_DIR="$work/primary-conf.d" NASTAVNIK_OWNER_PASSWORD="$owner_pw" NASTAVNIK_APP_PASSWORD="$app_pw" \
    NASTAVNIK_REPLICATION_PASSWORD="$repl_pw" bash "$infra/postgres/initdb/10-nastavnik.sh" >>"$work/init.log" 2>&1 \
    || die "10-nastavnik.sh failed"
done
pg "$work/primary/pgdata" primary stop >/dev/null
[ "$(grep -c "^include_dir = '$work/primary-conf.d'$" "$work/primary/pgdata/postgresql.conf")" = 1 ] \
  || die "include_dir not added exactly once"
[ "$(grep -c '^host replication replicator all scram-sha-256$' "$work/primary/pgdata/pg_hba.conf")" = 1 ] \
  || die "replication line not added exactly once"
pg "$work/primary/pgdata" primary start >/dev/null || die "primary did not start with conf.d/primary.conf"

url() { echo "postgres://$1:$2@127.0.0.1:$primary_port/nastavnik"; }
psql_as() { PGPASSWORD="$2" psql "postgres://$1@127.0.0.1:$3/nastavnik" --no-psqlrc -v ON_ERROR_STOP=1 -qAt -c "$4"; }
[ "$(psql_as postgres "$super_pw" "$primary_port" 'SHOW wal_level')" = replica ] || die "wal_level is not replica"
[ "$(psql_as postgres "$super_pw" "$primary_port" 'SHOW archive_mode')" = on ] || die "archive_mode is not on"
[ "$(psql_as postgres "$super_pw" "$primary_port" "SELECT datlocprovider::text || ' ' || daticulocale FROM pg_database WHERE datname = 'nastavnik'")" = "i ru-RU" ] \
  || die "the nastavnik database does not use the ICU ru-RU collation"
roles="$(psql_as postgres "$super_pw" "$primary_port" "SELECT string_agg(rolname || ':' || rolsuper::int || rolcreaterole::int || rolbypassrls::int || rolreplication::int, ' ' ORDER BY rolname)
  FROM pg_roles WHERE rolname IN ('nastavnik_owner', 'nastavnik_app', 'replicator')")"
[ "$roles" = "nastavnik_app:0000 nastavnik_owner:0010 replicator:0001" ] || die "unexpected role attributes: $roles"
echo "ok: roles $roles; ICU ru-RU; wal_level replica; archive_mode on"

if [ -d "$repo/node_modules/tsx" ] && redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG; then
  step "two API instances migrate the empty database at once, then serve as nastavnik_app"
  api_env=(NODE_ENV=production DATABASE_URL="$(url nastavnik_owner "$owner_pw")"
    DATABASE_APP_URL="$(url nastavnik_app "$app_pw")" REDIS_URL=redis://127.0.0.1:6379/0
    REDIS_PREFIX="rehearsal-$$" JWT_SECRET="rehearsal-jwt-$RANDOM$RANDOM$RANDOM" PUBLIC_URL=http://127.0.0.1
    PERSON_KEY_SECRET="rehearsal-person-$RANDOM$RANDOM" DATA_DIR="$work/data" HOST=127.0.0.1 LOG_LEVEL=warn)
  for i in 1 2; do
    (cd "$repo" && exec env "${api_env[@]}" PORT=$((primary_port + 10 + i)) \
      node --import tsx services/api/src/main.ts >"$work/api$i.log" 2>&1) &
    pids+=($!)
  done
  for i in 1 2; do
    health=""
    for _ in $(seq 1 120); do
      health="$(curl -s "http://127.0.0.1:$((primary_port + 10 + i))/api/health" || true)"
      [ -n "$health" ] && break
      sleep 0.5
    done
    [[ "$health" == *'"status":"ok"'*'"database":"ok"'*'"redis":"ok"'* ]] || die "API $i not healthy: '$health'"
  done
  echo "ok: both API instances healthy ($health)"
  (cd "$repo" && exec env "${api_env[@]}" DATABASE_URL="postgres://nastavnik_owner@127.0.0.1:$primary_port/nastavnik" \
    node --import tsx services/worker/src/main.ts >"$work/worker.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 60); do grep -q 'consuming' "$work/worker.log" && break; sleep 0.5; done
  grep -q 'consuming' "$work/worker.log" || die "the worker did not start with the passwordless owner URL"
  echo "ok: worker started with DATABASE_APP_URL and no owner password"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  pids=()
  redis-cli -h 127.0.0.1 --scan --pattern "rehearsal-$$:*" | xargs -r redis-cli -h 127.0.0.1 del >/dev/null
  owned="$(psql_as postgres "$super_pw" "$primary_port" "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
    WHERE r.rolname = 'nastavnik_app'")"
  [ "$owned" = 0 ] || die "nastavnik_app owns $owned relations"
else
  echo "note: no node_modules or no Redis on 127.0.0.1:6379, migrating with the owner role through psql only"
  psql_as nastavnik_owner "$owner_pw" "$primary_port" 'CREATE TABLE kysely_migration (name text PRIMARY KEY, timestamp text)'
  psql_as nastavnik_owner "$owner_pw" "$primary_port" "INSERT INTO kysely_migration VALUES ('0001_rehearsal', now()::text)"
fi
psql_as nastavnik_owner "$owner_pw" "$primary_port" 'CREATE TABLE rehearsal_marker (note text)'

step "replica cloned by replica-bootstrap.sh, streaming through its slot"
as_postgres env PGDATA="$work/replica/pgdata" PRIMARY_HOST=127.0.0.1 PRIMARY_PORT="$primary_port" \
  REPLICATION_PASSWORD="$repl_pw" REPLICATION_SLOT=replica_1 bash "$infra/postgres/replica-bootstrap.sh" \
  >"$work/bootstrap.log" 2>&1 || die "replica-bootstrap.sh failed"
[ -f "$work/replica/pgdata/standby.signal" ] || die "no standby.signal after the clone"
grep -q "primary_slot_name = 'replica_1'" "$work/replica/pgdata/postgresql.auto.conf" || die "primary_slot_name not written"
# In the containers both servers read /etc/postgresql/conf.d; here each has its own.
as_postgres sed -i "s|^include_dir = .*|include_dir = '$work/replica-conf.d'|" "$work/replica/pgdata/postgresql.conf"
pg "$work/replica/pgdata" replica start >/dev/null || die "replica did not start"
psql_as nastavnik_owner "$owner_pw" "$primary_port" "INSERT INTO rehearsal_marker VALUES ('before backups')"
for _ in $(seq 1 40); do
  [ "$(psql_as nastavnik_owner "$owner_pw" "$replica_port" 'SELECT count(*) FROM rehearsal_marker' 2>/dev/null)" = 1 ] && break
  sleep 0.25
done
[ "$(psql_as nastavnik_owner "$owner_pw" "$replica_port" 'SELECT pg_is_in_recovery()')" = t ] || die "replica is not in recovery"
[ "$(psql_as nastavnik_owner "$owner_pw" "$replica_port" 'SELECT count(*) FROM rehearsal_marker')" = 1 ] \
  || die "a row written on the primary did not reach the replica"
state="$(psql_as postgres "$super_pw" "$primary_port" "SELECT state || ' via ' || s.slot_name FROM pg_stat_replication r
  JOIN pg_replication_slots s ON s.active_pid = r.pid")"
[ "$state" = "streaming via replica_1" ] || die "replication state: '$state'"
echo "ok: replica $state, hot standby answers reads"
# After a restart the replica reconnects with what the clone wrote (primary_conninfo):
# nothing else holds the replication password then.
pg "$work/replica/pgdata" replica restart >/dev/null || die "replica did not restart"
psql_as nastavnik_owner "$owner_pw" "$primary_port" "INSERT INTO rehearsal_marker VALUES ('after the replica restart')"
for _ in $(seq 1 40); do
  [ "$(psql_as nastavnik_owner "$owner_pw" "$replica_port" 'SELECT count(*) FROM rehearsal_marker' 2>/dev/null)" = 2 ] && break
  sleep 0.25
done
[ "$(psql_as nastavnik_owner "$owner_pw" "$replica_port" 'SELECT count(*) FROM rehearsal_marker')" = 2 ] \
  || die "the replica did not resume streaming after a restart"
echo "ok: replica resumes streaming after a restart"
# The bootstrap is idempotent: on an existing cluster it changes nothing.
as_postgres env PGDATA="$work/replica/pgdata" PRIMARY_HOST=127.0.0.1 REPLICATION_PASSWORD=x \
  bash "$infra/postgres/replica-bootstrap.sh" | grep -q 'already holds a cluster' || die "bootstrap not idempotent"

step "backup.sh three times with BACKUP_KEEP=2"
backup() {
  env PGHOST=127.0.0.1 PGPORT="$primary_port" PGUSER=replicator PGPASSWORD="$repl_pw" BACKUP_DIR="$work/backups" \
    WAL_ARCHIVE_DIR="$work/wal-archive" BACKUP_KEEP=2 bash "$infra/postgres/backup.sh" >>"$work/backup.log" 2>&1
}
for i in 1 2 3; do
  psql_as nastavnik_owner "$owner_pw" "$primary_port" "INSERT INTO rehearsal_marker VALUES ('backup $i')"
  psql_as postgres "$super_pw" "$primary_port" 'SELECT pg_switch_wal()' >/dev/null
  backup || die "backup.sh run $i failed"
  sleep 1.1 # backup names have one-second resolution
done
kept="$(find "$work/backups" -mindepth 1 -maxdepth 1 -type d -name 'base-*' | wc -l)"
[ "$kept" = 2 ] || die "$kept backups kept instead of 2"
oldest="$(find "$work/backups" -mindepth 1 -maxdepth 1 -type d -name 'base-*' -printf '%f\n' | sort | head -n 1)"
start_wal="$(basename "$(grep -lx "LABEL: $oldest" "$work/wal-archive"/*.backup)" | cut -c1-24)"
older="$(find "$work/wal-archive" -maxdepth 1 -type f -regex '.*/[0-9A-F]\{24\}' -printf '%f\n' | sort | awk -v s="$start_wal" '$0 < s' | wc -l)"
[ "$older" = 0 ] || die "$older archived WAL segments older than the oldest kept backup remain"
echo "ok: 2 backups kept, archive starts at $start_wal"

step "restore drill replays the archive past the last backup"
psql_as nastavnik_owner "$owner_pw" "$primary_port" "INSERT INTO rehearsal_marker VALUES ('after the last backup')"
psql_as postgres "$super_pw" "$primary_port" 'SELECT pg_switch_wal()' >/dev/null
for _ in $(seq 1 40); do
  [ "$(psql_as postgres "$super_pw" "$primary_port" 'SELECT last_archived_wal IS NOT NULL AND last_archived_time > now() - interval '"'"'10 s'"'"' FROM pg_stat_archiver')" = t ] && break
  sleep 0.25
done
env BACKUP_DIR="$work/backups" WAL_ARCHIVE_DIR="$work/wal-archive" bash "$infra/postgres/restore-drill.sh" \
  >"$work/drill.log" 2>&1 || die "restore-drill.sh failed"
grep -q 'drill: OK' "$work/drill.log" || die "the drill did not report OK"
grep -qE 'rehearsal_marker +\| +6$' "$work/drill.log" || die "the restored copy lacks rows written after the last backup"
grep -E '^drill: ' "$work/drill.log"
echo "ok: restore drill found all 6 marker rows, the last one only in the WAL archive"
