#!/usr/bin/env bash
# Checks that the local infrastructure starts from a clone inside a folder only its owner may
# enter, as root's home (mode 700) is, where root clones by default: PostgreSQL runs as the
# `postgres` user there, which cannot enter such a folder. Copies scripts/ (all that
# `scripts/infra.sh` uses) into a fresh mode-700 folder, runs `scripts/infra.sh start` there on
# free ports (sharing only the venv), checks that PostgreSQL answers, stops it again and removes
# everything it made. Run by scripts/test.sh; exits 0 with a note when not run as root (then
# PostgreSQL runs as the user who cloned, and a private folder is no obstacle).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
[ "$(id -u)" = 0 ] || { say "private-clone check: not root, nothing to check"; exit 0; }

private=$(mktemp -d "${TMPDIR:-/tmp}/otop-private-XXXXXX")
chmod 700 "$private"
clone="$private/otop-sti"
mkdir -p "$clone"
cp -r scripts "$clone/"
if runuser -u postgres -- test -x "$clone"; then die "the postgres user can enter $clone: the check would prove nothing"; fi

free_port() { "$OTOP_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg_port=$(free_port) kafka_port=$(free_port) smtp_port=$(free_port)
# Only the venv is shared; every other location comes from the clone itself.
in_clone() {
  env -u OTOP_ROOT -u OTOP_LOCAL -u OTOP_RUN -u OTOP_LOG -u OTOP_PG_DATA -u OTOP_PG_SOCKETS -u OTOP_PG_LOG \
      -u OTOP_MAILDIR -u OTOP_RDKAFKA_LIB -u OTOP_PG_DB \
      OTOP_VENV="$OTOP_VENV" OTOP_PG_PORT="$pg_port" OTOP_KAFKA_PORT="$kafka_port" OTOP_SMTP_PORT="$smtp_port" "$@"
}

cleanup() {
  set +e
  in_clone "$clone/scripts/infra.sh" stop >/dev/null 2>&1
  data=$(readlink "$clone/.local/pgdata" 2>/dev/null)
  [ -n "$data" ] && rm -rf "$(dirname "$data")" && rmdir "$(dirname "$(dirname "$data")")" 2>/dev/null
  rm -rf "$private"
}
trap cleanup EXIT

say "private-clone check: scripts/infra.sh start in $clone (mode-700 parent), PostgreSQL on port $pg_port"
in_clone "$clone/scripts/infra.sh" start >"$private.log" 2>&1 || { cat "$private.log" >&2; rm -f "$private.log"; die "infra.sh start failed in a private clone"; }
rm -f "$private.log"
answer=$("$(pg_bin)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d otop -Atqc "SELECT 'answering'")
[ "$answer" = answering ] || die "PostgreSQL of the private clone does not answer"
in_clone "$clone/scripts/infra.sh" stop >/dev/null
say "private-clone check passed: PostgreSQL started, answered and stopped from a clone only root may enter"
