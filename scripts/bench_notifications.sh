#!/usr/bin/env bash
# Messages per second that notifications delivers to the local SMTP server and to the local LINE
# stand-in, rate limits off, release build: `otopctl bench notifications` queues N ready messages
# in a database of its own and runs the delivery worker's lanes until all are sent. A private
# aiosmtpd (its own maildir) and a private LINE stand-in are started for the run and stopped after.
# Usage: scripts/bench_notifications.sh [messages=500] [concurrency=4] [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
messages=${1:-500} concurrency=${2:-4} runs=${3:-3}
scripts/infra.sh start >/dev/null
eval "$(scripts/infra.sh env)"
db=otop_bench_notifications
if ! "$OTOP_PG_BIN/psql" -h 127.0.0.1 -p "$OTOP_PG_PORT" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname='$db'" postgres | grep -q 1; then
  "$OTOP_PG_BIN/createdb" -h 127.0.0.1 -p "$OTOP_PG_PORT" -U postgres "$db"
fi
swift build -c release --product otopctl >/dev/null
otopctl="$(swift build -c release --show-bin-path)/otopctl"

work=$(mktemp -d)
free_port() { "$OTOP_VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
smtp_port=$(free_port) line_port=$(free_port)
mkdir -p "$work/mail/tmp" "$work/mail/new" "$work/mail/cur"
"$OTOP_VENV/bin/python" -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$work/mail" >"$work/smtp.log" 2>&1 &
smtp_pid=$!
"$OTOP_VENV/bin/python" scripts/standins/http_standin.py --kind line --port "$line_port" --out "$work/line" --token bench >"$work/line.log" 2>&1 &
line_pid=$!
trap 'kill $smtp_pid $line_pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_port "$smtp_port" 30 && wait_port "$line_port" 30

export DATABASE_URL="postgresql://postgres@127.0.0.1:$OTOP_PG_PORT/$db" LOG_LEVEL=error
export SMTP_HOST=127.0.0.1 SMTP_PORT="$smtp_port" SMTP_STARTTLS=off
export LINE_API_URL="http://127.0.0.1:$line_port" LINE_CHANNEL_TOKEN=bench
export NOTIFICATIONS_RATE_EMAIL=off NOTIFICATIONS_RATE_LINE=off NOTIFICATIONS_RATE_SMS=off
for channel in email line; do
  rates=()
  for i in $(seq "$runs"); do
    out=$("$otopctl" bench notifications --channel "$channel" --messages "$messages" --concurrency "$concurrency")
    echo "$channel run $i: $out"
    rates+=("$(sed -E 's/.*per_second=([0-9.]+).*/\1/' <<<"$out")")
  done
  echo "$channel median messages/s: $(median "${rates[@]}")"
done
