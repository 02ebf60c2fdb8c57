#!/usr/bin/env bash
# How long the ministry's reports take at the programme's scale (docs/benchmarks.md, "The ministry's
# reports"): 10,000 requests a year over ten fiscal years (2561–2570) with their assignments,
# proposals, certificates and budgets (scripts/bench_reports_seed.sql, written straight into
# intake's tables), plus about 18,000 imported coupons of FY2560–FY2569 through
# `POST /v1/imports/history` (scripts/demo/history_data.py; their registration numbers overlap the
# live enterprises'). Then each report is asked `runs` times as the ministry after one warm-up,
# timed by curl from the request to the last byte of the answer.
#
# Release build (OTOP_BENCH_CONFIGURATION=debug measures the debug build instead, and says so).
# Starts its own intake on the local infrastructure with a database and a topic prefix of its own;
# everything it started or created is removed at the end, also on failure or Ctrl-C.
#
# Usage: scripts/bench_reports.sh [runs=5]
#   OTOP_BENCH_KEEP=1 keeps the work folder (answers, the history file, intake's log) and the database.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
runs=${1:-5}
configuration=${OTOP_BENCH_CONFIGURATION:-release}

scripts/infra.sh start >/dev/null
eval "$(scripts/infra.sh env)"
psql_admin() { "$OTOP_PG_BIN/psql" -h 127.0.0.1 -p "$OTOP_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -Atq "$@"; }

say "building intake and otopctl ($configuration)"
for product in intake otopctl; do
  swift build -c "$configuration" --product "$product" >/dev/null 2>&1 \
    || die "the $configuration build of $product failed (swift build -c $configuration --product $product)"
done
bin="$(swift build -c "$configuration" --show-bin-path)"

tag=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
database="otop_bench_reports_$tag"
prefix="bench-reports-$tag."
work=$(mktemp -d "${TMPDIR:-/tmp}/otop-bench-reports-XXXXXX")
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
  if [ "${OTOP_BENCH_KEEP:-0}" = 1 ]; then
    echo "work folder kept: $work; database kept: $database" >&2
  else
    psql_admin -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

psql_admin -d postgres -c "CREATE DATABASE $database" >/dev/null
port=$("$OTOP_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
operator="bench-operator-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
env DATABASE_URL="postgresql://postgres@127.0.0.1:$OTOP_PG_PORT/$database" KAFKA_BROKERS="$KAFKA_BROKERS" \
  KAFKA_TOPIC_PREFIX="$prefix" HTTP_HOST=127.0.0.1 HTTP_PORT="$port" LOG_LEVEL=warning INTAKE_OPERATOR_TOKEN="$operator" \
  nohup "$bin/intake" >>"$work/intake.log" 2>&1 </dev/null &
pid=$!
api="http://127.0.0.1:$port"
for _ in $(seq 900); do
  curl -fsS "$api/health/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { tail -n 20 "$work/intake.log" >&2; die "intake exited"; }
  sleep 0.1
done
token() {
  curl -fsS -X POST "$api/v1/api-clients" -H "Authorization: Bearer $operator" -H 'Content-Type: application/json' \
    -d "{\"name\": \"bench $1\", \"role\": \"$1\"}" | "$OTOP_VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
officer=$(token officer)
ministry=$(token ministry)

echo "machine: $(nproc) cores; $(lscpu | grep 'Model name' | sed 's/ \+/ /g'); $(date -u +%FT%TZ); load $(uptime | sed 's/.*load average: //')"
echo "build: $configuration at $(git rev-parse --short HEAD 2>/dev/null || echo '?'); runs=$runs database=$database"
say "seeding ten fiscal years of 10,000 requests (scripts/bench_reports_seed.sql)"
started=$(date +%s%N)
psql_admin -d "$database" -f scripts/bench_reports_seed.sql >/dev/null
printf 'seeded in %d s: %s\n' "$(( ($(date +%s%N) - started) / 1000000000 ))" "$(psql_admin -d "$database" -c "
  SELECT (SELECT count(*) FROM intake.requests) || ' requests, ' || (SELECT count(*) FROM intake.request_assignments)
      || ' assignments, ' || (SELECT count(*) FROM intake.enterprises) || ' enterprises, '
      || (SELECT count(*) FROM intake.proposals) || ' proposals, ' || (SELECT count(*) FROM intake.certificates_obtained)
      || ' certificates'")"

"$OTOP_VENV/bin/python" -c '
import sys
sys.path.insert(0, "scripts/demo")
import history_data
history_data.write(sys.argv[1], history_data.rows(14000, seed=2561))' "$work/history.csv"
seconds=$(curl -sS -o "$work/history-import.json" -w '%{time_total}' -X POST "$api/v1/imports/history" \
            -H "Authorization: Bearer $officer" -H 'Content-Type: text/csv' --data-binary "@$work/history.csv")
printf 'history imported in %.2f s: %s (%s bytes)\n' "$seconds" "$("$OTOP_VENV/bin/python" -c '
import json, sys
r = json.load(open(sys.argv[1]))
s = r.get("summary")
print(str(r["rows"]) + " rows, " + " ".join(k + "=" + str(s[k]) for k in ("created", "updated", "unchanged", "failed")) if s else r)' \
  "$work/history-import.json")" "$(stat -c %s "$work/history.csv")"
psql_admin -d "$database" -c "ANALYZE intake.historical_coupons" >/dev/null

# CPU seconds used so far by intake, and by its PostgreSQL backends (utime + stime of each process):
# what a report costs on a core of its own, whatever else the machine runs meanwhile. Reports run
# without parallel workers (ReportSession), so their backend does all of a statement's work.
ticks_per_second=$(getconf CLK_TCK)
cpu_seconds() {
  local backends
  backends="$(psql_admin -d postgres -c "SELECT string_agg(pid::text, ' ') FROM pg_stat_activity WHERE datname = '$database' AND pid <> pg_backend_pid()")"
  # shellcheck disable=SC2086
  printf '%s %s\n' "$(awk -v hz="$ticks_per_second" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$pid/stat")" \
    "$(for p in $backends; do cat "/proc/$p/stat" 2>/dev/null; done | awk -v hz="$ticks_per_second" '{ sum += $14 + $15 } END { printf "%.2f", sum / hz }')"
}

# name|query|accept
reports=(
  "served since FY2560|/v1/reports/served|application/json"
  "served per fiscal year by region|/v1/reports/served?per=fiscalYear&by=region|application/json"
  "served per quarter by province|/v1/reports/served?per=quarter&by=province|application/json"
  "served by service area, CSV|/v1/reports/served?per=fiscalYear&by=serviceArea|text/csv"
  "served FY2570 by source|/v1/reports/served?from=2570&until=2570&by=source|application/json"
  "budget execution|/v1/reports/budget-execution|application/json"
  "provider scorecards|/v1/reports/provider-scorecards|application/json"
  "provider scorecards, CSV|/v1/reports/provider-scorecards|text/csv"
)
echo
echo "| report ($runs runs after a warm-up) | median s | max s | median CPU s, PostgreSQL | median CPU s, intake ($configuration) | answer bytes |"
echo "|---|---:|---:|---:|---:|---:|"
for entry in "${reports[@]}"; do
  IFS='|' read -r name query accept <<<"$entry"
  samples=() database_cpu=() intake_cpu=()
  for run in $(seq 0 "$runs"); do
    read -r intake_before database_before < <(cpu_seconds)
    read -r code seconds size < <(curl -sS -o "$work/answer" -w '%{http_code} %{time_total} %{size_download}\n' \
                                    -H "Authorization: Bearer $ministry" -H "Accept: $accept" "$api$query")
    read -r intake_after database_after < <(cpu_seconds)
    [ "$code" = 200 ] || die "$query answered $code: $(head -c 500 "$work/answer")"
    if [ "$run" != 0 ]; then
      samples+=("$seconds")
      database_cpu+=("$(awk -v a="$database_after" -v b="$database_before" 'BEGIN { printf "%.2f", a - b }')")
      intake_cpu+=("$(awk -v a="$intake_after" -v b="$intake_before" 'BEGIN { printf "%.2f", a - b }')")
    fi
  done
  # shellcheck disable=SC2016  # the backticks are Markdown
  printf '| %s (`%s`) | %.3f | %.3f | %.2f | %.2f | %s |\n' "$name" "$query" "$(median "${samples[@]}")" \
    "$(printf '%s\n' "${samples[@]}" | sort -g | tail -1)" "$(median "${database_cpu[@]}")" "$(median "${intake_cpu[@]}")" "$size"
done
served=$(curl -fsS -H "Authorization: Bearer $ministry" "$api/v1/reports/served" | "$OTOP_VENV/bin/python" -c '
import json, sys
t = json.load(sys.stdin)["total"]
print(" · ".join("%s %s (live %s, imported %s)" % (k, format(t[k]["total"], ","), format(t[k]["live"], ","), format(t[k]["imported"], ","))
                 for k in ("establishments", "coupons")))')
echo
echo "since FY2560: $served"
