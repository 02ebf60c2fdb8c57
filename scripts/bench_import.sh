#!/usr/bin/env bash
# How long intake takes to import a CSV file of `rows` rows (docs/benchmarks.md, "Bulk CSV import").
#
# Release build. Starts its own intake on the local infrastructure with a database and a topic
# prefix of its own, then, for each run, times `POST /v1/imports/...` with curl (upload, parsing,
# validation, the comparison with what is stored, the transaction, and the report) for:
#   enterprises: a new file (every row an enterprise with a product and a contact person: 10,000
#   enterprises, 10,000 products, 10,000 contacts and 20,000 outbox events), the same file again
#   (unchanged), a dry run of it, and the file with every product's stars changed (updated);
#   providers: a new file of `rows` providers, and the same file again.
# Each run uses natural keys of its own. Everything it started or created (intake, database,
# topics) is removed at the end, also on failure or Ctrl-C.
#
# Usage: scripts/bench_import.sh [runs=3] [rows=10000]
#   OTOP_BENCH_KEEP=1 keeps the work folder (files, reports, intake's log).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
runs=${1:-3} rows=${2:-10000}

scripts/infra.sh start >/dev/null
eval "$(scripts/infra.sh env)"
psql_admin() { "$OTOP_PG_BIN/psql" -h 127.0.0.1 -p "$OTOP_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -Atq "$@"; }

say "building intake and otopctl (release)"
for product in intake otopctl; do
  swift build -c release --product "$product" >/dev/null 2>&1 || die "the release build of $product failed (swift build -c release --product $product)"
done
bin="$(swift build -c release --show-bin-path)"

tag=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
database="otop_bench_import_$tag"
prefix="bench-import-$tag."
work=$(mktemp -d "${TMPDIR:-/tmp}/otop-bench-import-XXXXXX")
pid=""
cleanup() {
  set +e
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  fi
  KAFKA_BROKERS="$KAFKA_BROKERS" "$bin/otopctl" topics delete --prefix "$prefix" >/dev/null 2>&1 \
    || echo "warning: could not delete the topics under $prefix" >&2
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null
  if [ "${OTOP_BENCH_KEEP:-0}" = 1 ]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

psql_admin -d postgres -c "CREATE DATABASE $database" >/dev/null
port=$("$OTOP_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
operator="bench-operator-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
env DATABASE_URL="postgresql://postgres@127.0.0.1:$OTOP_PG_PORT/$database" KAFKA_BROKERS="$KAFKA_BROKERS" \
  KAFKA_TOPIC_PREFIX="$prefix" HTTP_HOST=127.0.0.1 HTTP_PORT="$port" LOG_LEVEL=info INTAKE_OPERATOR_TOKEN="$operator" \
  nohup "$bin/intake" >>"$work/intake.log" 2>&1 </dev/null &
pid=$!
api="http://127.0.0.1:$port"
for _ in $(seq 900); do
  curl -fsS "$api/health/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { tail -n 20 "$work/intake.log" >&2; die "intake exited"; }
  sleep 0.1
done
officer=$(curl -fsS -X POST "$api/v1/api-clients" -H "Authorization: Bearer $operator" -H 'Content-Type: application/json' \
  -d '{"name": "bench officer", "role": "officer"}' | "$OTOP_VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])')

# Times one import; prints "seconds summary" and keeps the report.
import_file() {
  local kind=$1 file=$2 query=$3 name=$4 seconds
  seconds=$(curl -sS -o "$work/$name.json" -w '%{time_total}' -X POST "$api/v1/imports/$kind$query" \
              -H "Authorization: Bearer $officer" -H 'Content-Type: text/csv' --data-binary "@$file")
  printf '%s %s\n' "$seconds" "$("$OTOP_VENV/bin/python" -c '
import json, sys
r = json.load(open(sys.argv[1]))
s = r.get("summary")
print(" ".join(k + "=" + str(s[k]) for k in ("created", "updated", "unchanged", "failed")) if s else r)' "$work/$name.json")"
}

echo "machine: $(nproc) cores; $(lscpu | grep 'Model name' | sed 's/ \+/ /g'); $(date -u +%FT%TZ); load $(uptime | sed 's/.*load average: //')"
echo "runs=$runs rows=$rows database=$database"
declare -A samples=()
steps=(enterprises-new enterprises-again enterprises-dry-run enterprises-changed providers-new providers-again)
for run in $(seq "$runs"); do
  "$OTOP_VENV/bin/python" scripts/bench_import_data.py enterprises --rows "$rows" --series "$run" >"$work/enterprises.csv"
  "$OTOP_VENV/bin/python" scripts/bench_import_data.py enterprises --rows "$rows" --series "$run" --stars 4 >"$work/changed.csv"
  "$OTOP_VENV/bin/python" scripts/bench_import_data.py providers --rows "$rows" --series "$run" >"$work/providers.csv"
  for step in "${steps[@]}"; do
    case "$step" in
      enterprises-new|enterprises-again) args=(enterprises "$work/enterprises.csv" "") ;;
      enterprises-dry-run) args=(enterprises "$work/enterprises.csv" "?dryRun=true") ;;
      enterprises-changed) args=(enterprises "$work/changed.csv" "") ;;
      providers-new|providers-again) args=(providers "$work/providers.csv" "") ;;
    esac
    read -r seconds summary < <(import_file "${args[@]}" "$step-$run")
    printf 'run %d  %-20s %6.2f s  %s  (%s bytes)\n' "$run" "$step" "$seconds" "$summary" "$(stat -c %s "${args[1]}")"
    samples[$step]+="$seconds "
  done
done
echo
echo "medians of $runs runs, $rows rows each"
echo "| step | median s |"
echo "|---|---:|"
for step in "${steps[@]}"; do
  # shellcheck disable=SC2086
  printf '| %s | %.2f |\n' "$step" "$(median ${samples[$step]})"
done
