#!/usr/bin/env bash
# The pipeline benchmark (docs/benchmarks.md, "The pipeline end to end"): requests/s from intake's POST
# to the proposal written and to the first e-mail delivered, the latency at half that rate, intake's
# own rate, pgbench's one-client insert rate beside them, and where each process spent its time.
# Release build; the local PostgreSQL, tansu and a private SMTP server (scripts/bench_pipeline.py says
# what one run does). The measurement reads commit times (`track_commit_timestamp`) and statement
# counts (`pg_stat_statements`): the first time, this turns both on in the local PostgreSQL and
# restarts it.
# Usage: scripts/bench_pipeline.sh [--runs 3] [--seconds 15] [--flood-seconds 5] [--pgbench-seconds 10] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
command -v wrk >/dev/null || apt_install_missing wrk
scripts/infra.sh start >/dev/null
eval "$(scripts/infra.sh env)"
psql_admin() { "$OTOP_PG_BIN/psql" "$DATABASE_URL" -v ON_ERROR_STOP=1 -Atqc "$1"; }
if [ "$(psql_admin 'SHOW track_commit_timestamp')" != on ] \
   || ! psql_admin 'SHOW shared_preload_libraries' | grep -q pg_stat_statements; then
  say "turning on track_commit_timestamp and pg_stat_statements in the local PostgreSQL (a restart)"
  psql_admin "ALTER SYSTEM SET track_commit_timestamp = on"
  psql_admin "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
  scripts/infra.sh restart-postgres >/dev/null
fi
psql_admin "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"

say "building the four services and otopctl (release)"
for product in intake matching certification notifications otopctl; do
  swift build -c release --product "$product" >/dev/null 2>&1 \
    || die "the release build of $product failed (swift build -c release --product $product)"
done
export OTOP_RUN
exec "$OTOP_VENV/bin/python" scripts/bench_pipeline.py --bin-dir "$(swift build -c release --show-bin-path)" "$@"
