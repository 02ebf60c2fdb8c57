#!/usr/bin/env bash
# Builds the container images with Debian's podman, without any registry:
#   base      localhost/debian:bookworm, made with debootstrap from the Debian mirror apt uses here
#             (only when missing: it is the slow part, about a minute)
#   services  localhost/otop-sti:$OTOP_IMAGE_TAG, every executable of deploy/services.txt and
#             otopctl, from deploy/Dockerfile with its `build` stage replaced by binaries already
#             built on this machine (never compiled inside a container); only when those
#             binaries, the recipe or the settings below changed since the image was built
#   local     the images docker-compose.local.yml swaps in for what cannot be fetched here:
#             localhost/otop-tansu (the Kafka-protocol broker), localhost/otop-postgres,
#             localhost/otop-mailcatcher (each only when missing or when its recipe changed)
#   all       all three (the default)
# Usage: scripts/images.sh [base|services|local|all]
# Settings (environment):
#   OTOP_IMAGE_BUILD  debug (default): the debug build scripts/test.sh makes, at OTOP_BIN_DIR or
#                     `swift build --show-bin-path`, built first when missing; the Swift runtime
#                     comes from the toolchain into the image. release: `swift build -c release
#                     --static-swift-stdlib` (what deployments ship)
#   OTOP_IMAGE_TAG    tag of localhost/otop-sti (default dev)
#   OTOP_BIN_DIR      where the binaries are (default: SwiftPM's bin path of that build)
#   OTOP_IMAGE_KAFKA  tansu (default): librdkafka 2.16 from the confluent-kafka wheel goes into the
#                     image, as locally (Debian's 2.0.2 cannot talk to tansu); debian: Debian's only
# Prints how long each part took.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
cd "$OTOP_ROOT"

OTOP_IMAGE_BUILD="${OTOP_IMAGE_BUILD:-debug}"
OTOP_IMAGE_TAG="${OTOP_IMAGE_TAG:-dev}"
OTOP_IMAGE_KAFKA="${OTOP_IMAGE_KAFKA:-tansu}"
OTOP_BASE_IMAGE="${OTOP_BASE_IMAGE:-localhost/debian:bookworm}"
images_dir="$OTOP_LOCAL/images"

# (scripts/compose_e2e.sh did the setup already.)
[ "${OTOP_CONTAINERS_SETUP:-}" = "done" ] || scripts/setup_containers.sh
containers_env

# The Debian mirror apt uses on this machine: the first URI serving bookworm, from a deb822
# .sources file or a one-line sources.list entry (never a host written into a file of ours).
debian_mirror() {
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -r "$file" ] || continue
    awk '
      /^[[:space:]]*$/ { if (uri != "" && suite) { print uri; exit } uri = ""; suite = 0; next }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") suite = 1 }
      END { if (uri != "" && suite) print uri }' "$file" | head -n 1 | grep . && return 0
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$file" ] || continue
    awk '$1 == "deb" && $0 !~ /\[/ && $3 == "bookworm" { print $2; exit }
         $1 == "deb" && $0 ~ /\]/ { for (i = 2; i <= NF; i++) if ($i ~ /\]$/) { if ($(i + 2) == "bookworm") { print $(i + 1); exit } } }' \
      "$file" | grep . && return 0
  done
  return 1
}

# The apt sources file that names that mirror: copied into the base image so that image builds
# use the same mirror.
debian_sources_file() {
  grep -l -E "^(URIs:|deb).*[[:space:]]$1([[:space:]]|/?$)" /etc/apt/sources.list.d/*.sources \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1
}

build_base() {
  if podman image exists "$OTOP_BASE_IMAGE"; then
    say "base image $OTOP_BASE_IMAGE present"
    return 0
  fi
  local mirror sources rootfs
  mirror=$(debian_mirror) || die "no Debian bookworm mirror found in apt's sources (/etc/apt/sources.list*)"
  sources=$(debian_sources_file "$mirror")
  [ "$(id -u)" = 0 ] || die "making $OTOP_BASE_IMAGE with debootstrap needs root"
  rootfs=$(mktemp -d "${TMPDIR:-/tmp}/otop-rootfs-XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$rootfs'" RETURN
  say "making $OTOP_BASE_IMAGE with debootstrap (minbase) from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$OTOP_LOG/debootstrap.log" 2>&1 \
    || { tail -n 20 "$OTOP_LOG/debootstrap.log" >&2; die "debootstrap failed (log: $OTOP_LOG/debootstrap.log)"; }
  if [ -n "$sources" ] && [ "${sources%.sources}" != "$sources" ]; then
    # apt's own deb822 file (with the security suite); debootstrap's one-line list would repeat it.
    cp "$sources" "$rootfs/etc/apt/sources.list.d/"
    rm -f "$rootfs/etc/apt/sources.list"
  fi
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --quiet --change 'CMD ["/bin/bash"]' - "$OTOP_BASE_IMAGE" >/dev/null
}

# The binaries of the chosen build, built on this machine when missing.
binaries() {
  case "$OTOP_IMAGE_BUILD" in
    debug) build_flags=() ;;
    release) build_flags=(-c release --static-swift-stdlib) ;;
    *) die "OTOP_IMAGE_BUILD must be debug or release, found $OTOP_IMAGE_BUILD" ;;
  esac
  local bin=${OTOP_BIN_DIR:-}
  [ -n "$bin" ] || bin=$(swift build "${build_flags[@]}" --show-bin-path)
  local name absent=0
  for name in $(otop_service_names) otopctl; do [ -x "$bin/$name" ] || absent=1; done
  if [ "$absent" = 1 ]; then
    say "building the executables (swift build ${build_flags[*]})"
    swift build "${build_flags[@]}" >&2
  fi
  echo "$bin"
}

# Stages what deploy/Dockerfile's build stage would produce, at $1/staging: the executables (debug
# info stripped), the resource bundles, the static backtracer; for a debug build also the Swift
# runtime libraries the executables load from the toolchain; with tansu, librdkafka 2.16.
stage_app() {
  local context=$1 bin=$2 toolchain name library
  toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
  rm -rf "$context" && mkdir -p "$context/staging"
  for name in $(otop_service_names) otopctl; do
    strip --strip-debug -o "$context/staging/$name" "$bin/$name"
  done
  find -L "$bin" -maxdepth 1 -name '*.resources' -exec cp -R {} "$context/staging/" \;
  cp "$toolchain/libexec/swift/linux/swift-backtrace-static" "$context/staging/"
  if [ "$OTOP_IMAGE_BUILD" = debug ]; then
    # Every library the executables resolve inside the toolchain (the Swift runtime, Foundation,
    # Dispatch, ICU data), next to them: SwiftPM links them with the run path $ORIGIN.
    for name in $(otop_service_names) otopctl; do ldd "$bin/$name"; done \
      | awk -v toolchain="$toolchain/" 'index($3, toolchain) == 1 { print $3 }' | sort -u \
      | while read -r library; do cp -L "$library" "$context/staging/"; done
  fi
  if [ "$OTOP_IMAGE_KAFKA" = tansu ]; then
    library=$(find "$OTOP_PY_SITE/confluent_kafka.libs" -name 'librdkafka-*.so.1' 2>/dev/null | head -n 1)
    [ -n "$library" ] || die "librdkafka 2.16 not found in the confluent-kafka wheel: run scripts/setup.sh"
    cp "$library" "$context/staging/librdkafka.so.1"
  fi
}

# What the services' image is made of: the executables and resource bundles (size, time), the
# recipe, the settings. Kept as the image's label otop.source, so that an image of the same
# binaries is not built again.
source_fingerprint() {
  local bin=$1 name
  {
    for name in $(otop_service_names) otopctl; do stat -c '%n %s %Y' "$bin/$name"; done
    find -L "$bin" -maxdepth 1 -name '*.resources' -exec find -L {} -type f -printf '%p %s %T@\n' \; | sort
    cat deploy/Dockerfile deploy/docker/otop-healthcheck deploy/services.txt
    echo "$OTOP_IMAGE_BUILD $OTOP_IMAGE_KAFKA $OTOP_BASE_IMAGE"
  } | sha256sum | cut -c1-32
}

build_services() {
  local context="$images_dir/otop-sti" image="localhost/otop-sti:$OTOP_IMAGE_TAG" previous bin fingerprint
  bin=$(binaries)
  fingerprint=$(source_fingerprint "$bin")
  if [ "$(podman image inspect --format '{{index .Labels "otop.source"}}' "$image" 2>/dev/null)" = "$fingerprint" ]; then
    say "$image is up to date with the binaries in $bin"
    return 0
  fi
  timed "stage the $OTOP_IMAGE_BUILD binaries" stage_app "$context" "$bin"
  previous=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  say "building $image from deploy/Dockerfile with the staged binaries"
  # The additional context named `build` stands in for the Dockerfile's build stage: its
  # `COPY --from=build /staging/` takes the staged files, and nothing is compiled in a container.
  podman_build "otop-sti" --build-context "build=$context" --build-arg "RUNTIME_IMAGE=$OTOP_BASE_IMAGE" \
    --label "otop.source=$fingerprint" \
    -f deploy/Dockerfile -t "$image" .
  rm -rf "$context"
  remove_replaced "$image" "$previous"
}

# podman build with its output in the log, shown when it fails: podman_build NAME ARGUMENTS...
# Docker's image format keeps the Containerfiles' SHELL (pipefail), which OCI's drops.
podman_build() {
  local log="$OTOP_LOG/image-$1.log"; shift
  podman build --format docker --layers --pull=never "$@" >"$log" 2>&1 \
    || { tail -n 30 "$log" >&2; die "podman build failed (log: $log)"; }
}

# Removes an image a new build with the same name replaced (now without a name), so that repeated
# builds do not pile up.
remove_replaced() {
  local image=$1 previous=$2
  [ -n "$previous" ] || return 0
  [ "$(podman image inspect --format '{{.Id}}' "$image")" != "$previous" ] || return 0
  podman rmi "$previous" >/dev/null 2>&1 || true
}

# Builds one image of deploy/local when missing or when its recipe changed: build_local NAME
# [files to put in the context beside deploy/local/NAME.Containerfile's own folder...]
build_local() {
  local name=$1; shift
  local context="$images_dir/$name" image="localhost/otop-$name:local" previous
  rm -rf "$context" && mkdir -p "$context"
  cp -R deploy/local/. "$context/"
  [ $# -eq 0 ] || cp "$@" "$context/"
  previous=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  say "building $image (deploy/local/$name.Containerfile)"
  podman_build "otop-$name" --build-arg "BASE_IMAGE=$OTOP_BASE_IMAGE" \
    -f "$context/$name.Containerfile" -t "$image" "$context"
  remove_replaced "$image" "$previous"
}

build_locals() {
  [ -x "$OTOP_TANSU" ] || die "tansu not found at $OTOP_TANSU: run scripts/setup.sh"
  timed "image otop-tansu" build_local tansu "$OTOP_TANSU"
  timed "image otop-postgres" build_local postgres
  timed "image otop-mailcatcher" build_local mailcatcher
}

mkdir -p "$OTOP_LOG" "$images_dir"
case "${1:-all}" in
  base) timed "base image" build_base ;;
  services) timed "base image" build_base; timed "image otop-sti" build_services ;;
  local) timed "base image" build_base; build_locals ;;
  all) timed "base image" build_base; timed "image otop-sti" build_services; build_locals ;;
  *) echo "usage: $0 [base|services|local|all]" >&2; exit 2 ;;
esac
