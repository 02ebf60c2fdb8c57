#!/usr/bin/env bash
# Our Postgres layer vs pgbench on the same statement, tables and machine: point reads
# (`pgbench -S -M extended`, i.e. PQexecParams-style unnamed statements) with the same number of
# clients, several runs each, interleaved; prints every run and the medians.
# Usage: scripts/bench_postgres.sh [clients=4] [seconds=10] [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
clients=${1:-4} seconds=${2:-10} runs=${3:-5}
scripts/infra.sh start >/dev/null
eval "$(scripts/infra.sh env)"
pgbin="$OTOP_PG_BIN"
db=otop_bench
if ! "$pgbin/psql" -h 127.0.0.1 -p "$OTOP_PG_PORT" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname='$db'" postgres | grep -q 1; then
  say "creating $db with pgbench -i -s 10 (1,000,000 accounts)"
  "$pgbin/createdb" -h 127.0.0.1 -p "$OTOP_PG_PORT" -U postgres "$db"
  "$pgbin/pgbench" -h 127.0.0.1 -p "$OTOP_PG_PORT" -U postgres -i -s 10 -q "$db"
fi
swift build -c release --product otopctl >/dev/null
otopctl="$(swift build -c release --show-bin-path)/otopctl"
export DATABASE_URL="postgresql://postgres@127.0.0.1:$OTOP_PG_PORT/$db"
ours=() theirs=()
for i in $(seq "$runs"); do
  t=$("$pgbin/pgbench" -h 127.0.0.1 -p "$OTOP_PG_PORT" -U postgres -S -M extended -n -c "$clients" -j 2 -T "$seconds" "$db" \
      | awk '/^tps/ {print $3; exit}')
  o=$("$otopctl" bench postgres --clients "$clients" --seconds "$seconds" | sed -E 's/^tps=([0-9.]+).*/\1/')
  echo "run $i: pgbench tps=$t  ours tps=$o"
  theirs+=("$t") ours+=("$o")
done
mt=$(median "${theirs[@]}") mo=$(median "${ours[@]}")
echo "median pgbench tps=$mt  median ours tps=$mo  ours/pgbench=$(ratio "$mo" "$mt")"
