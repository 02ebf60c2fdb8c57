#!/usr/bin/env bash
# Intake's accepted requests/s and latency under load, beside pgbench on the same PostgreSQL in
# the same run (docs/benchmarks.md, "Intake throughput").
#
# Release build. Starts its own intake (and, for the pipeline phase, matching, certification and
# notifications) on the local infrastructure with a database, a topic prefix and an SMTP server of
# its own; loads providers and enterprises with one API client each through the API; then, for
# each client count, runs pgbench (single-row jsonb inserts into a table of the same database)
# and wrk (valid `POST /v1/requests`, the enterprises' tokens in turn) back to back. The series is
# repeated; every run and the medians are printed. Everything it started or created (processes,
# database, topics, mail) is removed at the end, also on failure or Ctrl-C.
#
# Usage: scripts/bench_intake.sh [runs=3] [seconds=10] [clients="1 4 16 64"] [phases="pipeline alone"]
#   phases: `pipeline` (all four services), `alone` (intake only, with its outbox relay) and/or
#   `keyed` (intake only, every request with an Idempotency-Key of its own: the claim and the
#   stored answer on top of the submission). The pipeline phase runs first, on an empty system;
#   `alone` and `keyed` stop the others.
#   OTOP_BENCH_KEEP=1 keeps the work folder (logs) for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
runs=${1:-3} seconds=${2:-10}
read -r -a clients <<<"${3:-1 4 16 64}"
read -r -a phases <<<"${4:-pipeline alone}"

command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } \
  || die "wrk is missing (apt-get install wrk)"
scripts/infra.sh start >/dev/null
eval "$(scripts/infra.sh env)"
pgbin="$OTOP_PG_BIN"
psql_admin() { "$pgbin/psql" -h 127.0.0.1 -p "$OTOP_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -Atq "$@"; }

services=(intake matching certification notifications)
say "building the services and otopctl (release)"
for product in "${services[@]}" otopctl; do
  swift build -c release --product "$product" >/dev/null 2>&1 || die "the release build of $product failed (swift build -c release --product $product)"
done
bin="$(swift build -c release --show-bin-path)"

tag=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
database="otop_bench_intake_$tag"
prefix="bench-$tag."
work=$(mktemp -d "${TMPDIR:-/tmp}/otop-bench-intake-XXXXXX")
declare -A pids=() ports=()
smtp_pid=""
free_port() { "$OTOP_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

stop_service() {
  local name=$1 pid=${pids[$1]:-}
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  unset "pids[$name]"
}

cleanup() {
  set +e
  for name in "${!pids[@]}"; do stop_service "$name"; done
  [ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null
  KAFKA_BROKERS="$KAFKA_BROKERS" "$bin/otopctl" topics delete --prefix "$prefix" >/dev/null 2>&1 \
    || echo "warning: could not delete the topics under $prefix" >&2
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null
  if [ "${OTOP_BENCH_KEEP:-0}" = 1 ]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

psql_admin -d postgres -c "CREATE DATABASE $database" >/dev/null
# pgbench inserts the same kind of row a request is: about 300 bytes of JSON with Thai text.
psql_admin -d "$database" -f scripts/bench_insert_table.sql >/dev/null

mkdir -p "$work/mail/tmp" "$work/mail/new" "$work/mail/cur"
smtp_port=$(free_port)
"$OTOP_VENV/bin/python" -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$work/mail" \
  >"$work/smtp.log" 2>&1 &
smtp_pid=$!
wait_port "$smtp_port" 30 || die "the benchmark's SMTP server did not start"

operator_token="bench-operator-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
start_service() {
  local name=$1 port; port=$(free_port)
  ports[$name]=$port
  env DATABASE_URL="postgresql://postgres@127.0.0.1:$OTOP_PG_PORT/$database" KAFKA_BROKERS="$KAFKA_BROKERS" \
    KAFKA_TOPIC_PREFIX="$prefix" HTTP_HOST=127.0.0.1 HTTP_PORT="$port" LOG_LEVEL=info \
    INTAKE_OPERATOR_TOKEN="$operator_token" SMTP_HOST=127.0.0.1 SMTP_PORT="$smtp_port" SMTP_FROM=bench@otop-sti.local \
    nohup "$bin/$name" >>"$work/$name.log" 2>&1 </dev/null &
  pids[$name]=$!
}
await_ready() {
  local name=$1
  for _ in $(seq 900); do
    curl -fsS "http://127.0.0.1:${ports[$name]}/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "${pids[$name]}" 2>/dev/null || { tail -n 20 "$work/$name.log" >&2; die "$name exited"; }
    sleep 0.1
  done
  die "$name did not become ready"
}

# CPU time (seconds) a process has used so far, and the machine's idle and total jiffies.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }
machine_jiffies() { awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

# "accepted_per_s p50_ms p99_ms rejected" from wrk --latency output.
parse_wrk() {
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
       $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
       / requests in / { n = $1; d = $4; sub(/s,$/, "", d) }
       /Non-2xx or 3xx responses/ { bad = $5 }
       /Socket errors/ { for (i = 3; i <= NF; i += 2) { v = $(i + 1); sub(/,$/, "", v); bad += v } }
       END { printf "%.1f %.2f %.2f %d\n", (n - bad) / d, p50, p99, bad }'
}

pgbench_tps() {
  local c=$1 threads=$(( $1 < 2 ? $1 : 2 ))
  "$pgbin/pgbench" -h 127.0.0.1 -p "$OTOP_PG_PORT" -U postgres -n -M extended -c "$c" -j "$threads" -T "$seconds" \
    -f scripts/bench_insert.sql "$database" 2>/dev/null | awk '/^tps/ {printf "%.1f\n", $3; exit}'
}

# Runs wrk against intake; prints "accepted p50 p99 rejected intake_cpu_ms_per_request intake_core_share idle_share".
intake_load() {
  local c=$1 duration=$2 mode=${3:-plain} threads=$(( $1 < 2 ? $1 : 2 )) cpu0 cpu1 idle0 total0 idle1 total1 result
  cpu0=$(cpu_seconds "${pids[intake]}"); read -r idle0 total0 < <(machine_jiffies)
  result=$(wrk -t "$threads" -c "$c" -d "${duration}s" --timeout 10s --latency -s scripts/bench_intake.lua \
             "http://127.0.0.1:${ports[intake]}" -- "$work/clients.txt" "$mode" | parse_wrk)
  cpu1=$(cpu_seconds "${pids[intake]}"); read -r idle1 total1 < <(machine_jiffies)
  awk -v r="$result" -v c0="$cpu0" -v c1="$cpu1" -v d="$duration" -v i0="$idle0" -v i1="$idle1" -v t0="$total0" -v t1="$total1" \
    'BEGIN { split(r, f, " "); accepted = f[1] * d; cpu = c1 - c0;
             printf "%s %.2f %.0f %.0f\n", r, (accepted > 0 ? cpu * 1000 / accepted : 0), 100 * cpu / d, 100 * (i1 - i0) / (t1 - t0) }'
}

echo "machine: $(nproc) cores; $(lscpu | grep 'Model name' | sed 's/ \+/ /g'); $(date -u +%FT%TZ)"
echo "runs=$runs seconds=$seconds clients=${clients[*]} phases=${phases[*]} database=$database prefix=$prefix"

say "starting intake (release) and loading providers, enterprises and their clients"
start_service intake
await_ready intake
INTAKE_OPERATOR_TOKEN="$operator_token" "$OTOP_VENV/bin/python" scripts/bench_intake_data.py \
  --api "http://127.0.0.1:${ports[intake]}" --enterprises 8 --providers 4 --out "$work/clients.txt"

declare -A samples=()
for phase in "${phases[@]}"; do
  case "$phase" in
    pipeline) for name in matching certification notifications; do start_service "$name"; done
              for name in matching certification notifications; do await_ready "$name"; done ;;
    alone|keyed) for name in matching certification notifications; do stop_service "$name"; done ;;
    *) die "unknown phase '$phase' (pipeline, alone or keyed)" ;;
  esac
  mode=plain; [ "$phase" = keyed ] && mode=keyed
  say "phase $phase: warming up"
  intake_load 16 3 "$mode" >/dev/null
  for run in $(seq "$runs"); do
    for c in "${clients[@]}"; do
      load=$(uptime | sed 's/.*load average: //')
      tps=$(pgbench_tps "$c")
      read -r accepted p50 p99 rejected cpu core idle < <(intake_load "$c" "$seconds" "$mode")
      printf '%-8s run %d  c=%-3d pgbench %8.1f tps | intake %7.1f req/s  p50 %7.2f ms  p99 %7.2f ms  rejected %d | intake CPU %5.2f ms/req, %3d%% of a core | machine idle %2d%% | load %s\n' \
        "$phase" "$run" "$c" "$tps" "$accepted" "$p50" "$p99" "$rejected" "$cpu" "$core" "$idle" "$load"
      samples[$phase,$c,pgbench]+="$tps "; samples[$phase,$c,accepted]+="$accepted "
      samples[$phase,$c,p50]+="$p50 "; samples[$phase,$c,p99]+="$p99 "; samples[$phase,$c,cpu]+="$cpu "
    done
  done
done

echo
echo "medians of $runs runs ($seconds s each; intake/pgbench@1 is the target ratio, >= 1)"
echo "| phase | clients | pgbench tps | intake req/s | p50 ms | p99 ms | intake CPU ms/req | intake / pgbench same c | intake / pgbench@1 |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for phase in "${phases[@]}"; do
  # shellcheck disable=SC2086
  one=$(median ${samples[$phase,${clients[0]},pgbench]})
  for c in "${clients[@]}"; do
    # shellcheck disable=SC2086
    {
      t=$(median ${samples[$phase,$c,pgbench]}); a=$(median ${samples[$phase,$c,accepted]})
      p50=$(median ${samples[$phase,$c,p50]}); p99=$(median ${samples[$phase,$c,p99]}); cpu=$(median ${samples[$phase,$c,cpu]})
    }
    printf '| %s | %d | %.0f | %.0f | %.1f | %.1f | %.2f | %s | %s |\n' "$phase" "$c" "$t" "$a" "$p50" "$p99" "$cpu" \
      "$(ratio "$a" "$t")" "$(ratio "$a" "$one")"
  done
done
