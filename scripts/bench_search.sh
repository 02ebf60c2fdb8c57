#!/usr/bin/env bash
# Intake's search (`q` on the enterprises, requests and providers lists) and the officers' queue
# counts (`GET /v1/queues`), p50/p95 through the real intake over 10,000 enterprises, 10,000
# requests and 300 providers (docs/benchmarks.md, "Search and queue counts"; the work is in
# scripts/bench_search.py).
#
# Release build, unless OTOP_BIN_DIR names a build already made (a debug build's figures say so:
# the script prints the folder it ran). Everything it started or created (intake, database,
# topics) is removed at the end, also on failure or Ctrl-C.
#
# Usage: scripts/bench_search.sh [enterprises=10000] [requests=10000] [providers=300] [samples=200]
#   OTOP_BENCH_KEEP=1 keeps the work folder (intake's log) and the database (for EXPLAIN).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
scripts/infra.sh start >/dev/null
eval "$(scripts/infra.sh env)"
export OTOP_PG_PORT KAFKA_BROKERS PATH="$OTOP_PG_BIN:$PATH"

bin="${OTOP_BIN_DIR:-}"
if [ -z "$bin" ]; then
  say "building intake and otopctl (release)"
  for product in intake otopctl; do
    swift build -c release --product "$product" >/dev/null 2>&1 || die "the release build of $product failed (swift build -c release --product $product)"
  done
  bin="$(swift build -c release --show-bin-path)"
fi
cd scripts
exec "$OTOP_VENV/bin/python" bench_search.py --bin "$bin" --enterprises "${1:-10000}" --requests "${2:-10000}" \
  --providers "${3:-300}" --samples "${4:-200}"
