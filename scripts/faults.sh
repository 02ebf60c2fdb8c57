#!/usr/bin/env bash
# The fault runs on the local infrastructure, with the build's executables (docs/operations.md):
#   scripts/faults.sh poison [--per-topic 1000] [--seed N]     malformed and invalid events on every topic
#   scripts/faults.sh chaos [--requests 10000] [--rate 12] [--seed N]   the journey through crashes and outages
# Each starts the services on a database and topics of its own, prints its table and exits 1 on any
# violation (the database and logs are then kept under .local/faults/). OTOP_BIN_DIR picks the
# executables (default: the debug build, `swift build --show-bin-path`).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

run=${1:-}
case "$run" in
  poison|chaos) shift ;;
  *) echo "usage: $0 poison|chaos [arguments of scripts/poison.py or scripts/chaos.py]" >&2; exit 2 ;;
esac
scripts/setup.sh >/dev/null   # idempotent: a fresh clone gets the broker, the librdkafka runtime link ...
scripts/infra.sh start >/dev/null
eval "$(scripts/infra.sh env)"
# The chaos run freezes the broker through its pid file and restarts PostgreSQL through infra.sh.
export OTOP_RUN
OTOP_BIN_DIR="${OTOP_BIN_DIR:-$(swift build --show-bin-path)}"
[ -x "$OTOP_BIN_DIR/intake" ] || die "no executables in $OTOP_BIN_DIR: build first (swift build)"
exec "$OTOP_VENV/bin/python" "scripts/$run.py" --bin-dir "$OTOP_BIN_DIR" "$@"
