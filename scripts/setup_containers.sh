#!/usr/bin/env bash
# Installs what building and running the images needs, only what is missing (safe to run again).
# Called by scripts/images.sh and scripts/compose_e2e.sh only, so that scripts/run.sh and the rest
# of scripts/test.sh do not pay for it:
#  - Debian: podman, buildah, runc (the runtime that works here: deploy/local/containers.conf),
#    debootstrap (the base image is made from the Debian mirror apt already uses), and CNI's
#    dnsname plugin, without which podman 4.3's CNI networks resolve no service names (`kafka`,
#    `postgres`) and compose cannot work
#  - PyPI, into the project venv: podman-compose (runs docker-compose.yml with podman)
# Installing Debian packages needs root (or the packages already installed).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PODMAN_COMPOSE_VERSION="${PODMAN_COMPOSE_VERSION:-1.6.0}"

apt_install_missing podman buildah runc debootstrap golang-github-containernetworking-plugin-dnsname

[ -x "$OTOP_VENV/bin/python" ] || { say "creating venv $OTOP_VENV"; python3 -m venv "$OTOP_VENV"; }
if [ "$("$OTOP_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("podman-compose"))' 2>/dev/null)" \
     != "$PODMAN_COMPOSE_VERSION" ]; then
  say "installing podman-compose $PODMAN_COMPOSE_VERSION into $OTOP_VENV"
  "$OTOP_VENV/bin/pip" install -q "podman-compose==$PODMAN_COMPOSE_VERSION"
fi
