#!/usr/bin/env bash
# Starts, stops and reports the local infrastructure, each part on loopback:
#   PostgreSQL (port $OTOP_PG_PORT, data in .local/pgdata, or where the postgres user can reach it:
#   see pg_paths in lib.sh), the tansu Kafka-protocol broker
#   (port $OTOP_KAFKA_PORT, in-memory), and an SMTP server that files every message under
#   .local/mail/new (port $OTOP_SMTP_PORT), and stand-ins for the LINE Messaging API (port
#   $OTOP_LINE_PORT) and an SMS gateway (port $OTOP_SMS_PORT) that file what they receive under
#   .local/standins/<line|sms>.
# Usage: scripts/infra.sh start|stop|status|env|restart-broker|restart-postgres
# Idempotent: `start` when already up only checks; `stop` when down does nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"


port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Points .local/<name> at where PostgreSQL really keeps it, replacing what an attempt that failed
# left there (an empty folder, a log file); a folder with content is left alone.
link_local() {
  local target=$1 link=$2
  [ -L "$link" ] || [ ! -e "$link" ] || [ -f "$link" ] || rmdir "$link" 2>/dev/null \
    || { say "leaving $link as it is (not empty)"; return 0; }
  ln -sfn "$target" "$link"
}

start_postgres() {
  local bin; bin=$(pg_bin) || die "PostgreSQL server binaries not found; run scripts/setup.sh"
  pg_paths
  mkdir -p "$OTOP_LOG" "$OTOP_PG_SOCKETS" "$(dirname "$OTOP_PG_LOG")"
  if [ -n "${OTOP_PG_STATE:-}" ]; then
    say "the postgres user cannot enter $OTOP_LOCAL: PostgreSQL's data, socket and log go to $OTOP_PG_STATE"
    mkdir -p "$OTOP_PG_STATE" "$OTOP_LOCAL"
    chown postgres "$(dirname "$OTOP_PG_STATE")" "$OTOP_PG_STATE"
    chmod 700 "$OTOP_PG_STATE"
    link_local "$OTOP_PG_DATA" "$OTOP_LOCAL/pgdata"
    link_local "$OTOP_PG_SOCKETS" "$OTOP_LOCAL/pgsock"
    link_local "$OTOP_PG_LOG" "$OTOP_LOG/postgres.log"
  fi
  if [ "$(id -u)" = 0 ]; then chown postgres "$OTOP_PG_SOCKETS"; touch "$OTOP_PG_LOG"; chown postgres "$OTOP_PG_LOG"; fi
  if [ ! -s "$OTOP_PG_DATA/PG_VERSION" ]; then
    say "initialising PostgreSQL data in $OTOP_PG_DATA"
    mkdir -p "$OTOP_PG_DATA"
    [ "$(id -u)" = 0 ] && chown postgres "$OTOP_PG_DATA"
    chmod 700 "$OTOP_PG_DATA"
    as_pg_owner "$bin/initdb" -D "$OTOP_PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if as_pg_owner "$bin/pg_ctl" -D "$OTOP_PG_DATA" status >/dev/null 2>&1; then
    say "PostgreSQL already running on 127.0.0.1:$OTOP_PG_PORT"
  else
    say "starting PostgreSQL on 127.0.0.1:$OTOP_PG_PORT"
    as_pg_owner "$bin/pg_ctl" -D "$OTOP_PG_DATA" -l "$OTOP_PG_LOG" -w -t 60 \
      -o "-p $OTOP_PG_PORT -k $OTOP_PG_SOCKETS -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null \
      || { tail -n 20 "$OTOP_PG_LOG" >&2; die "PostgreSQL did not start"; }
  fi
  if ! "$bin/psql" -h 127.0.0.1 -p "$OTOP_PG_PORT" -U postgres -d postgres -Atqc \
      "SELECT 1 FROM pg_database WHERE datname = '$OTOP_PG_DB'" | grep -q 1; then
    say "creating database $OTOP_PG_DB"
    "$bin/createdb" -h 127.0.0.1 -p "$OTOP_PG_PORT" -U postgres "$OTOP_PG_DB"
  fi
}

stop_postgres() {
  local bin; bin=$(pg_bin) || return 0
  pg_paths
  [ -s "$OTOP_PG_DATA/PG_VERSION" ] || return 0
  if as_pg_owner "$bin/pg_ctl" -D "$OTOP_PG_DATA" status >/dev/null 2>&1; then
    say "stopping PostgreSQL"
    as_pg_owner "$bin/pg_ctl" -D "$OTOP_PG_DATA" -m fast -w stop >/dev/null
  fi
}

# Starts a background process with a pid file, unless its port already answers.
start_daemon() {
  local name=$1 port=$2; shift 2
  mkdir -p "$OTOP_RUN" "$OTOP_LOG"
  if port_open "$port"; then
    say "$name already answering on 127.0.0.1:$port"
    return 0
  fi
  say "starting $name on 127.0.0.1:$port"
  nohup "$@" >"$OTOP_LOG/$name.log" 2>&1 </dev/null &
  echo $! >"$OTOP_RUN/$name.pid"
  wait_port "$port" 30 || { tail -n 20 "$OTOP_LOG/$name.log" >&2; die "$name did not answer on port $port"; }
}

stop_daemon() {
  local name=$1 pidfile="$OTOP_RUN/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping $name (pid $pid)"
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

start_broker() {
  [ -x "$OTOP_TANSU" ] || die "tansu not installed; run scripts/setup.sh"
  start_daemon tansu "$OTOP_KAFKA_PORT" "$OTOP_TANSU" broker \
    --listener-url "tcp://127.0.0.1:$OTOP_KAFKA_PORT" \
    --advertised-listener-url "tcp://127.0.0.1:$OTOP_KAFKA_PORT" \
    --storage-engine memory://tansu/
}

start_smtp() {
  # Python's Maildir creates tmp/new/cur only for a folder it creates itself: make all three.
  mkdir -p "$OTOP_MAILDIR"/tmp "$OTOP_MAILDIR"/new "$OTOP_MAILDIR"/cur
  start_daemon smtp "$OTOP_SMTP_PORT" "$OTOP_VENV/bin/python" -m aiosmtpd -n \
    -l "127.0.0.1:$OTOP_SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$OTOP_MAILDIR"
}

start_standins() {
  start_daemon line-standin "$OTOP_LINE_PORT" "$OTOP_VENV/bin/python" "$OTOP_ROOT/scripts/standins/http_standin.py" \
    --kind line --port "$OTOP_LINE_PORT" --out "$OTOP_STANDINS/line" --token "$OTOP_STANDIN_TOKEN" \
    --channel-secret "$OTOP_LINE_CHANNEL_SECRET" \
    --webhook-url "http://127.0.0.1:$(otop_services | awk '$1 == "intake" { print $2 }')/webhooks/line"
  start_daemon sms-standin "$OTOP_SMS_PORT" "$OTOP_VENV/bin/python" "$OTOP_ROOT/scripts/standins/http_standin.py" \
    --kind sms --port "$OTOP_SMS_PORT" --out "$OTOP_STANDINS/sms" --token "$OTOP_STANDIN_TOKEN"
}

status() {
  local bin; bin=$(pg_bin || true)
  [ -z "$bin" ] || pg_paths
  if [ -n "$bin" ] && as_pg_owner "$bin/pg_ctl" -D "$OTOP_PG_DATA" status >/dev/null 2>&1; then
    echo "postgres  up    127.0.0.1:$OTOP_PG_PORT/$OTOP_PG_DB"
  else echo "postgres  down"; fi
  if port_open "$OTOP_KAFKA_PORT"; then echo "tansu     up    127.0.0.1:$OTOP_KAFKA_PORT"; else echo "tansu     down"; fi
  if port_open "$OTOP_SMTP_PORT"; then echo "smtp      up    127.0.0.1:$OTOP_SMTP_PORT -> $OTOP_MAILDIR/new"; else echo "smtp      down"; fi
  if port_open "$OTOP_LINE_PORT"; then echo "line      up    127.0.0.1:$OTOP_LINE_PORT -> $OTOP_STANDINS/line"; else echo "line      down"; fi
  if port_open "$OTOP_SMS_PORT"; then echo "sms       up    127.0.0.1:$OTOP_SMS_PORT -> $OTOP_STANDINS/sms"; else echo "sms       down"; fi
}

case "${1:-}" in
  start) start_postgres; start_broker; start_smtp; start_standins; status ;;
  stop) stop_daemon sms-standin; stop_daemon line-standin; stop_daemon smtp; stop_daemon tansu; stop_postgres ;;
  status) status ;;
  env) otop_env ;;
  restart-broker) stop_daemon tansu; start_broker ;;
  restart-postgres) stop_postgres; start_postgres ;;
  *) echo "usage: $0 start|stop|status|env|restart-broker|restart-postgres" >&2; exit 2 ;;
esac
