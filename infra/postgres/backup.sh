#!/usr/bin/env bash
# Takes a base backup of the primary and keeps the newest BACKUP_KEEP of them, then
# removes archived WAL that no kept backup needs. Together with the continuous WAL archive
# this allows point-in-time recovery to any moment since the oldest kept backup.
# Run nightly from the host's cron (infra/README.md, "Backups"):
#   docker compose -f infra/compose.yml --profile backup run --rm pg-backup
#
# Environment: PGHOST, PGPORT, PGUSER (a REPLICATION role), PGPASSWORD,
# BACKUP_DIR (/backups), WAL_ARCHIVE_DIR (/wal-archive), BACKUP_KEEP (7).
set -Eeuo pipefail

backup_dir="${BACKUP_DIR:-/backups}"
archive_dir="${WAL_ARCHIVE_DIR:-/wal-archive}"
keep="${BACKUP_KEEP:-7}"
case "$keep" in '' | *[!0-9]* | 0) echo "BACKUP_KEEP must be a positive integer, got '$keep'" >&2; exit 2 ;; esac

label="base-$(date -u +%Y%m%dT%H%M%SZ)"
partial="$backup_dir/.partial-$label"
mkdir -p "$backup_dir"
rm -rf "$backup_dir"/.partial-*
mkdir -m 0700 "$partial"

echo "backup: $label from ${PGHOST:-local socket}"
# Tar format, compressed, with the WAL needed to make it consistent streamed alongside:
# each backup can be restored on its own, even without the archive.
pg_basebackup -D "$partial" -Ft -z -X stream -l "$label" --checkpoint=fast --no-password
(cd "$partial" && sha256sum -- * > SHA256SUMS)
mv "$partial" "$backup_dir/$label"
echo "backup: written $backup_dir/$label ($(du -sh "$backup_dir/$label" | cut -f1))"

mapfile -t backups < <(find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -name 'base-*' -printf '%f\n' | sort)
excess=$(( ${#backups[@]} - keep ))
for (( i = 0; i < excess; i++ )); do
  echo "backup: removing ${backups[i]} (keeping the newest $keep)"
  rm -rf -- "${backup_dir:?}/${backups[i]}"
done
oldest="${backups[$(( excess > 0 ? excess : 0 ))]}"

# The server archives a history file (<segment>.<offset>.backup) naming each backup's
# label; WAL before the oldest kept backup's start is of no use to any restore.
if [ ! -d "$archive_dir" ]; then
  echo "backup: no WAL archive at $archive_dir, nothing to prune"
  exit 0
fi
history=""
for _ in $(seq 1 30); do
  history="$(grep -lx "LABEL: $oldest" "$archive_dir"/*.backup 2>/dev/null | head -n 1 || true)"
  [ -n "$history" ] && break
  sleep 2
done
if [ -z "$history" ]; then
  echo "backup: WARNING no archived history file for $oldest; WAL archive not pruned (is archiving working?)" >&2
  exit 1
fi
pg_archivecleanup "$archive_dir" "$(basename "$history")"
echo "backup: WAL archive pruned before $(basename "$history")"
