#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing, starts PostgreSQL, the
# tansu broker and the SMTP server, builds once (tests and the executables the end-to-end tests
# start share that build), runs every test (the portal's browser tests after the end-to-end suites),
# runs schemathesis against the live intake (scripts/fuzz_api.py),
# checks the deployment files, checks that the infrastructure also starts from a clone inside a
# folder only root may enter, runs the poison run and the shortened chaos run (scripts/faults.sh),
# and runs the whole system in containers built from this build's binaries (scripts/compose_e2e.sh).
# Usage: scripts/test.sh [extra `swift test` arguments, e.g. --filter MessagingTests]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

started=$(date +%s)
scripts/setup.sh
scripts/infra.sh start
eval "$(scripts/infra.sh env)"
export OTOP_VENV

say "building (debug, with tests)"
swift build --build-tests
OTOP_BIN_DIR="$(swift build --show-bin-path)"
export OTOP_BIN_DIR

say "running the tests"
if [ $# -eq 0 ]; then
  # The broker-pause test measures probe answer times (issue 6: under 1 s while the broker is
  # frozen): it runs alone after the others, so it measures the services, not 2 cores shared with
  # a hundred parallel suites.
  # Two cores cannot run every suite at once without the timing-sensitive ones starving (each
  # end-to-end suite starts four services): the unit and integration targets first, then the
  # end-to-end target.
  # The suites that time health probes, producer back-pressure and socket waits in seconds run in a
  # second process of their own: beside ~550 parallel tests (bcrypt in the portal's among them) two
  # cores starve them past their short stall policies.
  timed_suites="ComponentHealthTests|DependencyMonitorTests|ProduceConsumeTests|ClientErrorHandlingTests"
  swift test --skip-build --skip EndToEndTests --skip BrokerPauseTests --skip "$timed_suites"
  say "the suites that time probes and sockets, alone"
  swift test --skip-build --filter "$timed_suites"
  say "the end-to-end tests"
  # Mail earlier runs left in the local SMTP server's maildir is of no use to anyone, and every
  # end-to-end wait for mail reads the folder (a fresh clone starts with it empty): a benchmark's
  # 20,000 messages made each read take longer than the waits. Only the last 15 minutes' stay.
  find "$OTOP_MAILDIR/new" -type f -mmin +15 -delete 2>/dev/null || true
  swift test --skip-build --filter EndToEndTests --skip BrokerPauseTests
  say "the 70 s broker pause, alone"
  swift test --skip-build --filter BrokerPauseTests
  say "the portal in a real browser (Tests/BrowserTests: Playwright driving Debian's chromium, axe on every page)"
  "$OTOP_VENV/bin/python" -m pytest -q Tests/BrowserTests
  # The fault runs freeze the broker and restart PostgreSQL: alone, after every suite (docs/operations.md).
  say "the poison run: 1,000 malformed and invalid events on every consumed topic"
  scripts/faults.sh poison --per-topic 1000
  say "the chaos run, shortened: 600 requests through SIGKILLs, replicas, a broker pause and a PostgreSQL restart"
  scripts/faults.sh chaos --requests 600 --rate 5
else
  swift test --skip-build "$@"
fi

if [ $# -eq 0 ]; then
  say "schemathesis against the live intake, from its own /openapi.json"
  "$OTOP_VENV/bin/python" scripts/fuzz_api.py
  say "checking the deployment files"
  scripts/lint-deploy.sh
  say "checking that the local infrastructure starts from a clone only root may enter"
  scripts/check_private_clone.sh
  say "the whole system in containers: images from this build, compose up, one journey, down"
  scripts/compose_e2e.sh
fi
say "all tests passed in $(( $(date +%s) - started )) s"
