#!/usr/bin/env bash
# Prepares the primary: the three login roles, the nastavnik database, replication access
# and the include of conf.d. The official image runs it once, when the data directory is
# first initialised. It is idempotent, so it can be run again to rotate passwords:
#   docker compose -f infra/compose.yml exec postgres-primary \
#     bash /docker-entrypoint-initdb.d/10-nastavnik.sh
#
# Roles (infra/README.md, "Database roles"):
#   nastavnik_owner  owns the database and its tables; runs the migrations. Not a
#                    superuser, cannot create roles or databases. BYPASSRLS, because
#                    FORCE ROW LEVEL SECURITY binds the owner too and data migrations
#                    (the national reference catalogue) write rows of no tenant; as owner
#                    it could switch RLS off on its tables anyway, so this adds no power.
#   nastavnik_app    what the API and the workers run as: owns nothing, no BYPASSRLS,
#                    so row-level security applies to every query (the API refuses to
#                    start otherwise). Created here, so the owner needs no CREATEROLE.
#   replicator       REPLICATION only: the streaming replica and base backups.
set -eo pipefail

: "${NASTAVNIK_OWNER_PASSWORD:?set POSTGRES_OWNER_PASSWORD in infra/.env}"
: "${NASTAVNIK_APP_PASSWORD:?set POSTGRES_APP_PASSWORD in infra/.env}"
: "${NASTAVNIK_REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD in infra/.env}"
: "${PGDATA:?PGDATA is not set}"
conf_dir="${NASTAVNIK_CONF_DIR:-/etc/postgresql/conf.d}"
admin_user="${POSTGRES_USER:-postgres}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$admin_user" --dbname postgres \
  -v owner_password="$NASTAVNIK_OWNER_PASSWORD" \
  -v app_password="$NASTAVNIK_APP_PASSWORD" \
  -v replication_password="$NASTAVNIK_REPLICATION_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE nastavnik_owner' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nastavnik_owner') \gexec
ALTER ROLE nastavnik_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS
  PASSWORD :'owner_password';

SELECT 'CREATE ROLE nastavnik_app' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nastavnik_app') \gexec
ALTER ROLE nastavnik_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'app_password';
-- A transaction left open by a crashed request would hold its locks (and block the next
-- migration) indefinitely.
ALTER ROLE nastavnik_app SET idle_in_transaction_session_timeout = '5min';

SELECT 'CREATE ROLE replicator' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replicator') \gexec
ALTER ROLE replicator WITH LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS
  PASSWORD :'replication_password';

SELECT 'CREATE DATABASE nastavnik OWNER nastavnik_owner'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'nastavnik') \gexec
REVOKE ALL ON DATABASE nastavnik FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE nastavnik TO nastavnik_app;
SQL

# Replication connections match only lines that name "replication" explicitly.
hba_line='host replication replicator all scram-sha-256'
grep -qxF "$hba_line" "$PGDATA/pg_hba.conf" || printf '%s\n' "$hba_line" >> "$PGDATA/pg_hba.conf"

include_line="include_dir = '$conf_dir'"
grep -qxF "$include_line" "$PGDATA/postgresql.conf" || printf '%s\n' "$include_line" >> "$PGDATA/postgresql.conf"

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$admin_user" --dbname postgres -qAtc 'SELECT pg_reload_conf()' >/dev/null
echo "nastavnik: roles, database and replication access ready"
