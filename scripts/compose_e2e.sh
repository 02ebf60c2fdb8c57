#!/usr/bin/env bash
# The whole system in containers, end to end, with Debian's podman and podman-compose:
#   1. images     scripts/images.sh: the base image when missing, the services' image from the
#                 binaries built on this machine, the local Kafka (tansu), PostgreSQL and mail
#                 catcher images of docker-compose.local.yml
#   2. up         docker-compose.yml + docker-compose.local.yml: PostgreSQL, the broker and the
#                 mail catcher until healthy, then the otop-init job until it exits 0, then every
#                 service until healthy. podman-compose does not wait for `service_healthy` with
#                 this podman, and no health check runs by itself without systemd: each is polled
#                 here with `podman healthcheck run`. Each service must run with a read-only root
#                 file system as a user other than root
#   3. journey    scripts/compose_journey.py through the published intake port: an officer
#                 registers a provider and an enterprise, the enterprise submits a request, the
#                 e-mails arrive at the mail catcher, the provider accepts, the enterprise confirms,
#                 the work is reported, completed and rated; the portal serves its sign-in page and
#                 the JWKS intake was given
#   4. down       `podman-compose down -v`: no container, network or volume of the run is left,
#                 also when a step failed (then the logs of every container are printed first)
# It prints how long each phase took.
# Settings (environment), all optional:
#   OTOP_COMPOSE_PROJECT      compose project name (default otop-e2e)
#   OTOP_COMPOSE_PORT_OFFSET  host ports are 127.0.0.1:(offset + the container's port): intake
#                             28080..., PostgreSQL 25432, broker 29092, mail catcher 28025 and
#                             21025 (default 20000); or set each <SERVICE>_HOST_PORT,
#                             POSTGRES_HOST_PORT, KAFKA_HOST_PORT, MAILPIT_HOST_PORT,
#                             MAILPIT_SMTP_HOST_PORT (docker-compose.yml)
#   OTOP_COMPOSE_TIMEOUT      seconds each wait may take (default 240)
#   OTOP_IMAGE_TAG            tag of the services' image (default e2e); OTOP_IMAGE_BUILD and
#                             OTOP_BIN_DIR as for scripts/images.sh
#   INTAKE_OPERATOR_TOKEN, POSTGRES_PASSWORD   default: new random ones for each run
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
cd "$OTOP_ROOT"

project="${OTOP_COMPOSE_PROJECT:-otop-e2e}"
offset="${OTOP_COMPOSE_PORT_OFFSET:-20000}"
timeout="${OTOP_COMPOSE_TIMEOUT:-240}"
export OTOP_IMAGE_TAG="${OTOP_IMAGE_TAG:-e2e}"
export POSTGRES_HOST_PORT="${POSTGRES_HOST_PORT:-$((offset + 5432))}"
export KAFKA_HOST_PORT="${KAFKA_HOST_PORT:-$((offset + 9092))}"
export MAILPIT_HOST_PORT="${MAILPIT_HOST_PORT:-$((offset + 8025))}"
export MAILPIT_SMTP_HOST_PORT="${MAILPIT_SMTP_HOST_PORT:-$((offset + 1025))}"
services=()
while read -r name port; do
  services+=("$name")
  variable="$(echo "$name" | tr '[:lower:]-' '[:upper:]_')_HOST_PORT"
  export "$variable=${!variable:-$((offset + port))}"
done < <(otop_services)
export INTAKE_OPERATOR_TOKEN="${INTAKE_OPERATOR_TOKEN:-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}"
export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}"
# The portal's signing key (made once under .local) and the JWKS intake trusts it by, unless given.
if [ -z "${PORTAL_JWT_PRIVATE_KEY:-}" ]; then
  while read -r line; do export "${line%%=*}=${line#*=}"; done \
    < <(python3 scripts/portal_key.py "$OTOP_LOCAL/compose-portal-jwt.pem" --kid compose-e2e)
fi
infrastructure=(postgres kafka mailpit)

started=$(date +%s%N)
phases=()
# Runs a phase, printing and keeping how long it took: phase NAME COMMAND...
phase() {
  local name=$1 at; shift
  say "$name"
  at=$(date +%s%N)
  "$@"
  phases+=("$(awk -v name="$name" -v ns="$(( $(date +%s%N) - at ))" 'BEGIN { printf "%-34s %7.1f s", name, ns / 1e9 }')")
}

compose() {
  "$OTOP_VENV/bin/podman-compose" --project-name "$project" \
    -f docker-compose.yml -f docker-compose.local.yml "$@"
}

# The containers, networks or volumes of this run's project: leftovers KIND (ps|network|volume).
leftovers() {
  case "$1" in
    ps) podman ps -a --filter "label=io.podman.compose.project=$project" --format '{{.Names}}' ;;
    network) podman network ls --filter "label=io.podman.compose.project=$project" --format '{{.Name}}' ;;
    volume) podman volume ls --filter "label=io.podman.compose.project=$project" --format '{{.Name}}' ;;
  esac
}

# The container of a compose service.
container_of() {
  podman ps -a --filter "label=io.podman.compose.project=$project" \
    --filter "label=com.docker.compose.service=$1" --format '{{.Names}}' | head -n 1
}

# Polls the health checks of the given services until every one passes.
await_healthy() {
  local service container deadline=$(( $(date +%s) + timeout )) state
  for service in "$@"; do
    container=$(container_of "$service")
    [ -n "$container" ] || die "no container for service $service"
    until podman healthcheck run "$container" >/dev/null 2>&1; do
      state=$(podman inspect --format '{{.State.Status}}' "$container")
      [ "$state" = running ] || die "$service stopped ($state) before it was healthy"
      [ "$(date +%s)" -lt "$deadline" ] || die "$service was not healthy within $timeout s"
      sleep 1
    done
    echo "healthy: $service ($container)"
  done
}

# Waits for a one-shot service's container to exit, and requires exit status 0.
await_completed() {
  local container deadline=$(( $(date +%s) + timeout )) status
  container=$(container_of "$1")
  [ -n "$container" ] || die "no container for service $1"
  until [ "$(podman inspect --format '{{.State.Status}}' "$container")" = exited ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$1 did not finish within $timeout s"
    sleep 1
  done
  status=$(podman inspect --format '{{.State.ExitCode}}' "$container")
  [ "$status" = 0 ] || die "$1 exited with status $status"
  echo "completed: $1 ($container)"
}

# What the manifests promise, seen in the running containers: a read-only root file system and a
# user other than root.
check_hardening() {
  local service container read_only uid
  for service in "$@"; do
    container=$(container_of "$service")
    read_only=$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$container")
    uid=$(podman exec "$container" id -u)
    [ "$read_only" = true ] || die "$service's root file system is writable"
    [ "$uid" != 0 ] || die "$service runs as root"
    echo "hardened: $service (read-only root file system, uid $uid)"
  done
}

# compose up -d for some services, its output in the log: up_services SERVICE...
up_services() {
  compose up -d --no-build --no-deps "$@" >>"$OTOP_LOG/compose-up.log" 2>&1 \
    || { tail -n 30 "$OTOP_LOG/compose-up.log" >&2; die "podman-compose up $* failed (log: $OTOP_LOG/compose-up.log)"; }
}

bring_up() {
  : >"$OTOP_LOG/compose-up.log"
  timed "infrastructure up" up_services "${infrastructure[@]}"
  timed "infrastructure healthy" await_healthy "${infrastructure[@]}"
  timed "otop-init up" up_services otop-init
  timed "otop-init done" await_completed otop-init
  timed "services up" up_services "${services[@]}"
  timed "services healthy" await_healthy "${services[@]}"
  check_hardening "${services[@]}"
}

play_journey() {
  "$OTOP_VENV/bin/python" scripts/compose_journey.py \
    --api "http://127.0.0.1:$INTAKE_HOST_PORT" --mail "http://127.0.0.1:$MAILPIT_HOST_PORT" --timeout "$timeout"
  local portal="http://127.0.0.1:$PORTAL_HOST_PORT"
  curl -fsS "$portal/sign-in" | grep -q 'name="username"' || die "the portal's sign-in page did not answer at $portal/sign-in"
  curl -fsS "$portal/.well-known/jwks.json" | grep -q "\"kid\":\"$PORTAL_JWT_KEY_ID\"" \
    || die "the portal's JWKS does not name the key $PORTAL_JWT_KEY_ID intake trusts"
  echo "portal: sign-in page and JWKS (kid $PORTAL_JWT_KEY_ID) served at $portal"
}

# The services first (SIGTERM: they finish their batch, flush the producer and exit within 10 s),
# then the infrastructure, each group stopped at once; `down -v` then removes what is stopped.
stop_all() {
  local service containers=()
  for service in "$@"; do containers+=("$(container_of "$service")"); done
  podman stop --time 15 "${containers[@]}" >>"$OTOP_LOG/compose-down.log" 2>&1
}

tear_down() {
  : >"$OTOP_LOG/compose-down.log"
  stop_all "${services[@]}"
  stop_all "${infrastructure[@]}"
  compose down -v --timeout 15 >>"$OTOP_LOG/compose-down.log" 2>&1 \
    || { cat "$OTOP_LOG/compose-down.log" >&2; die "podman-compose down failed"; }
  local kind left
  for kind in ps network volume; do
    left=$(leftovers "$kind")
    [ -z "$left" ] || die "podman $kind still lists what the run made: $left"
  done
  echo "left behind: no container, network or volume of project $project"
}

# On any failure: every container's last log lines, then everything removed all the same.
on_exit() {
  local status=$? container
  trap - EXIT
  if [ "$status" != 0 ] && [ -n "$(leftovers ps)" ]; then
    for container in $(leftovers ps); do
      echo "---- last log lines of $container ($(podman inspect --format '{{.State.Status}}' "$container"))" >&2
      podman logs --tail 40 "$container" 2>&1 | sed 's/^/    /' >&2 || true
    done
  fi
  if [ -n "$(leftovers ps)$(leftovers network)$(leftovers volume)" ]; then
    say "tearing down after a failure"
    compose down -v --timeout 15 >/dev/null 2>&1 || true
  fi
  exit "$status"
}

mkdir -p "$OTOP_LOG"
scripts/setup_containers.sh
export OTOP_CONTAINERS_SETUP="done"
containers_env
[ -z "$(leftovers ps)$(leftovers network)$(leftovers volume)" ] \
  || die "project $project already has containers, networks or volumes: podman-compose -p $project down -v"
before="$(podman ps -aq | sort | tr '\n' ' ')|$(podman network ls -q | sort | tr '\n' ' ')|$(podman volume ls -q | sort | tr '\n' ' ')"
trap on_exit EXIT

phase "base image" scripts/images.sh base
phase "image builds" scripts/images.sh all
phase "up (healthy, init job done)" bring_up
phase "journey" play_journey
phase "down" tear_down
trap - EXIT

after="$(podman ps -aq | sort | tr '\n' ' ')|$(podman network ls -q | sort | tr '\n' ' ')|$(podman volume ls -q | sort | tr '\n' ' ')"
[ "$before" = "$after" ] || say "note: podman's lists changed during the run outside project $project (another user of podman?)"
echo
echo "compose end-to-end run: passed"
printf '  %s\n' "${phases[@]}"
awk -v ns="$(( $(date +%s%N) - started ))" 'BEGIN { printf "  %-34s %7.1f s\n", "total", ns / 1e9 }'
