#!/usr/bin/env bash
# A hot standby of this machine's PostgreSQL primary, for SIFA_REPLICA_URL and tests/replica.
#
#   bash bench/replica_setup.sh            # as root on Debian (postgresql-common's pg_* tools)
#   SIFA_DATABASE_URL=postgres://sifa:sifa@127.0.0.1:5432/sifa \
#   SIFA_REPLICA_URL=postgres://sifa:sifa@127.0.0.1:5433/sifa .venv/bin/pytest tests/replica -n 0
#
# What it does, each step only when it is not so already (safe to run again and again):
#   1. on the primary (the cluster on $PRIMARY_PORT, 5432): a replication role
#      $REPL_ROLE (sifa_replicator) and a pg_hba.conf line letting it stream from 127.0.0.1;
#   2. a second cluster "$STANDBY_NAME" (replica) on $STANDBY_PORT (5433), its data directory
#      replaced by `pg_basebackup -R` of the primary (standby.signal + primary_conninfo), with
#      the settings a hot standby must not have lower than its primary;
#   3. starts it and waits until it is in recovery and streaming from the primary.
# A standby that exists but does not start, is not in recovery or does not stream within
# $WAIT seconds is dropped and built again (once).
set -euo pipefail

PRIMARY_PORT="${PRIMARY_PORT:-5432}"
STANDBY_PORT="${STANDBY_PORT:-5433}"
STANDBY_NAME="${STANDBY_NAME:-replica}"
REPL_ROLE="${REPL_ROLE:-sifa_replicator}"
REPL_PASSWORD="${REPL_PASSWORD:-sifa-replication}"
WAIT="${WAIT:-60}"

say() { printf 'replica_setup: %s\n' "$*"; }
as_pg() { runuser -u postgres -- "$@"; }
psql_at() { as_pg psql -X -q -t -A -p "$1" -d postgres -c "$2"; }

[ "$(id -u)" = 0 ] || { say "run as root"; exit 1; }
command -v pg_lsclusters >/dev/null || { say "PostgreSQL (postgresql-common) is not installed"; exit 1; }

primary=$(pg_lsclusters -h | awk -v p="$PRIMARY_PORT" '$3 == p {print $1, $2; exit}')
[ -n "$primary" ] || { say "no cluster on port $PRIMARY_PORT"; exit 1; }
read -r VERSION PRIMARY_NAME <<<"$primary"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$PRIMARY_NAME" start >/dev/null 2>&1 || true
for _ in $(seq 1 "$WAIT"); do pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT" && break; sleep 1; done

# --- 1. the primary: replication role, pg_hba line, WAL for streaming ---------------------------
if [ "$(psql_at "$PRIMARY_PORT" "SELECT count(*) FROM pg_roles WHERE rolname = '$REPL_ROLE'")" = 0 ]; then
  psql_at "$PRIMARY_PORT" "CREATE ROLE $REPL_ROLE WITH LOGIN REPLICATION PASSWORD '$REPL_PASSWORD'"
  say "created replication role $REPL_ROLE"
else
  psql_at "$PRIMARY_PORT" "ALTER ROLE $REPL_ROLE WITH LOGIN REPLICATION PASSWORD '$REPL_PASSWORD'"
fi
hba=$(psql_at "$PRIMARY_PORT" "SHOW hba_file")
line="host    replication     $REPL_ROLE    127.0.0.1/32    scram-sha-256"
if ! grep -Eq "^host[[:space:]]+replication[[:space:]]+$REPL_ROLE[[:space:]]+127\.0\.0\.1/32" "$hba"; then
  # First match wins in pg_hba.conf: the line goes first, ahead of any broader rule.
  { echo "# Sifa's hot standby (bench/replica_setup.sh)"; echo "$line"; cat "$hba"; } >"$hba.sifa-new"
  cat "$hba.sifa-new" >"$hba" && rm -f "$hba.sifa-new"
  psql_at "$PRIMARY_PORT" "SELECT pg_reload_conf()" >/dev/null
  say "pg_hba.conf: replication for $REPL_ROLE from 127.0.0.1"
fi
wal_level=$(psql_at "$PRIMARY_PORT" "SHOW wal_level")
senders=$(psql_at "$PRIMARY_PORT" "SHOW max_wal_senders")
if [ "$wal_level" = minimal ] || [ "$senders" = 0 ]; then
  psql_at "$PRIMARY_PORT" "ALTER SYSTEM SET wal_level = replica" >/dev/null
  psql_at "$PRIMARY_PORT" "ALTER SYSTEM SET max_wal_senders = 10" >/dev/null
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$PRIMARY_NAME" restart
  for _ in $(seq 1 "$WAIT"); do pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT" && break; sleep 1; done
  say "primary restarted with wal_level=replica"
fi

# --- 2./3. the standby ------------------------------------------------------------------------
standby_ok() {
  pg_isready -q -h 127.0.0.1 -p "$STANDBY_PORT" || return 1
  [ "$(psql_at "$STANDBY_PORT" "SELECT pg_is_in_recovery()" 2>/dev/null)" = t ] || return 1
  [ "$(psql_at "$STANDBY_PORT" "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'" 2>/dev/null)" = 1 ]
}

wait_standby() {
  for _ in $(seq 1 "$WAIT"); do standby_ok && return 0; sleep 1; done
  return 1
}

exists() { pg_lsclusters -h | awk -v v="$VERSION" -v n="$STANDBY_NAME" '$1 == v && $2 == n {f=1} END {exit !f}'; }

build() {
  if exists; then
    say "dropping the standby cluster $VERSION/$STANDBY_NAME to build it again"
    pg_dropcluster --stop "$VERSION" "$STANDBY_NAME"
  fi
  pg_createcluster "$VERSION" "$STANDBY_NAME" -p "$STANDBY_PORT" >/dev/null
  data=$(pg_lsclusters -h | awk -v v="$VERSION" -v n="$STANDBY_NAME" '$1 == v && $2 == n {print $6}')
  conf="/etc/postgresql/$VERSION/$STANDBY_NAME"
  # A hot standby refuses to start with any of these lower than on its primary.
  {
    echo "# Sifa's hot standby (bench/replica_setup.sh): not lower than the primary's"
    for s in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
      echo "$s = $(psql_at "$PRIMARY_PORT" "SHOW $s")"
    done
    echo "hot_standby = on"
    echo "shared_buffers = 64MB"
  } >"$conf/conf.d/sifa-standby.conf"
  find "$data" -mindepth 1 -delete
  say "pg_basebackup of the primary into $data (a copy of every database; may take a minute)"
  as_pg env PGPASSWORD="$REPL_PASSWORD" pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" \
    -U "$REPL_ROLE" -D "$data" -R -X stream -c fast
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$STANDBY_NAME" start
}

if exists; then
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$STANDBY_NAME" start >/dev/null 2>&1 || true
  if wait_standby; then
    say "standby $VERSION/$STANDBY_NAME on port $STANDBY_PORT is streaming (already set up)"
    exit 0
  fi
  say "standby $VERSION/$STANDBY_NAME exists but is not a streaming standby"
fi
build
if wait_standby; then
  say "standby $VERSION/$STANDBY_NAME on port $STANDBY_PORT is streaming from port $PRIMARY_PORT"
else
  say "the standby did not start streaming within $WAIT s; see /var/log/postgresql/postgresql-$VERSION-$STANDBY_NAME.log"
  exit 1
fi
