#!/usr/bin/env bash
# An allocation round through the real system (docs/benchmarks.md, "Allocation round in the service"):
# release intake and matching on a fresh database, matching's schema seeded with N waiting requests
# and M providers (scripts/bench_round_seed.py), then `otopctl round start --wait`: the time from the
# officer's command to the commit of the round's last proposal. A fresh system per run.
# Usage: scripts/bench_round.sh [runs] [requests] [providers]      (default 3 20000 600)
#   OTOP_BENCH_KEEP_LOGS=1  keep each run's service logs (their folder is printed)
#   OTOP_BENCH_BIN_DIR  the release binaries (default .build/release; build them with
#                       swift build -c release --product intake / matching / otopctl)
# Needs the local PostgreSQL and broker (scripts/infra.sh start; eval "$(scripts/infra.sh env)").
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bin=${OTOP_BENCH_BIN_DIR:-.build/release}
python=${OTOP_VENV:-.local/venv}/bin/python
runs=${1:-3} requests=${2:-20000} providers=${3:-600}
: "${DATABASE_URL:?run eval \"\$(scripts/infra.sh env)\" first}" "${KAFKA_BROKERS:?}"
for b in intake matching otopctl; do [ -x "$bin/$b" ] || die "$bin/$b is missing: swift build -c release --product $b"; done
admin_url=${DATABASE_URL%/*}/postgres
fiscal_year=2570
field() { sed -n "s/.*$1=\([-0-9.]*\).*/\1/p"; }

echo "machine: $(nproc) cores; $(lscpu | grep 'Model name' | sed 's/ \+/ /g'); load: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
times=(); solves=(); rounds=()
for run in $(seq "$runs"); do
  tag="bench_round_$$_$run"
  psql -q "$admin_url" -c "CREATE DATABASE $tag"
  work=$(mktemp -d)
  export DATABASE_URL_RUN="${DATABASE_URL%/*}/$tag"
  pids=()
  cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $tag WITH (FORCE)" || true
    "$bin/otopctl" topics delete --prefix "$tag." >/dev/null 2>&1 || true   # the broker is shared: leave nothing behind
  }
  trap cleanup EXIT
  port=$((20000 + RANDOM % 20000))
  common=(DATABASE_URL="$DATABASE_URL_RUN" KAFKA_TOPIC_PREFIX="$tag." KAFKA_TOPIC_PARTITIONS=3 INTAKE_OPERATOR_TOKEN="$tag-op"
          MATCHING_PLACEMENT=rounds LOG_LEVEL=info KAFKA_STATISTICS_INTERVAL_MS=0)
  env "${common[@]}" HTTP_PORT=$port "$bin/intake" >"$work/intake.log" 2>&1 & pids+=($!)
  env "${common[@]}" HTTP_PORT=$((port + 1)) "$bin/matching" >"$work/matching.log" 2>&1 & pids+=($!)
  for p in $port $((port + 1)); do
    for _ in $(seq 600); do curl -sf "http://127.0.0.1:$p/health/ready" >/dev/null && break; sleep 0.1; done
    curl -sf "http://127.0.0.1:$p/health/ready" >/dev/null || die "service on port $p did not become ready (logs in $work)"
  done
  officer=$(curl -sf -X POST "http://127.0.0.1:$port/v1/api-clients" -H "Authorization: Bearer $tag-op" \
              -H 'Content-Type: application/json' -d '{"name":"bench officer","role":"officer"}' | "$python" -c 'import json,sys;print(json.load(sys.stdin)["token"])')
  "$python" scripts/bench_round_seed.py "$DATABASE_URL_RUN" --requests "$requests" --providers "$providers" --seed "$run" \
    --fiscal-year $fiscal_year >&2
  psql -q "$DATABASE_URL_RUN" -c "VACUUM ANALYZE"
  out=$(DATABASE_URL="$DATABASE_URL_RUN" INTAKE_URL="http://127.0.0.1:$port" OTOP_API_TOKEN="$officer" \
        "$bin/otopctl" round start --fiscal-year $fiscal_year --seed "$run" --wait --timeout 900)
  echo "$out" | tail -2
  times+=("$(echo "$out" | field command_to_last_proposal_ms)")
  solves+=("$(echo "$out" | field solver_ms)")
  line=$(grep '"allocation round completed"' "$work/matching.log")
  echo "  in matching: $(echo "$line" | sed -n 's/.*"phases_ms":"\([^"]*\)".*/\1/p') total_ms=$(echo "$line" | sed -n 's/.*"total_ms":"\([0-9.]*\)".*/\1/p') solver_ms=$(echo "$line" | sed -n 's/.*"solver_ms":"\([0-9.]*\)".*/\1/p')"
  rounds+=("$(echo "$line" | sed -n 's/.*"total_ms":"\([0-9.]*\)".*/\1/p')")
  cleanup; trap - EXIT
  if [ -n "${OTOP_BENCH_KEEP_LOGS:-}" ]; then echo "  logs: $work" >&2; else rm -rf "$work"; fi
done
echo "requests=$requests providers=$providers runs=$runs"
echo "  command_to_last_proposal_ms: ${times[*]}  median=$(median "${times[@]}")"
echo "  round_transaction_ms:        ${rounds[*]}  median=$(median "${rounds[@]}")"
echo "  solver_ms:                   ${solves[*]}  median=$(median "${solves[@]}")"
