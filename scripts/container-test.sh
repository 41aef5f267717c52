#!/usr/bin/env bash
# Build the container image from deploy/Dockerfile with podman and run it
# against a real Kafka broker (tests/container.rs):
#
#   scripts/container-test.sh             # build newsworker:test, then test it
#   SKIP_BUILD=1 scripts/container-test.sh  # test an image built before
#
# No registry is needed: the two base images the Dockerfile names are made
# locally when missing, a Debian 12 minbase by debootstrap from the apt mirror,
# and a build image holding that Debian plus the host's Rust toolchain. The
# cargo registry and target directory are cache mounts, so a rebuild after a
# source edit recompiles only the crate. Needs root, podman, buildah, runc and
# debootstrap (.ci/run installs them). With CI=true a missing tool or a failed
# build is a failure; otherwise the script says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${IMAGE:-localhost/newsworker:test}"
BASE_IMAGE=localhost/newsworker-base:bookworm
RUST_VERSION="$(rustc --version | awk '{print $2}')"
RUST_IMAGE="localhost/newsworker-rust:$RUST_VERSION-bookworm"

skip() {
  if [[ "${CI:-}" == true || "${CI:-}" == 1 ]]; then
    echo "container-test: FAILED: $*" >&2
    exit 1
  fi
  echo "container-test: SKIPPED: $* (with CI=true this is a failure)" >&2
  exit 0
}

for tool in podman runc; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done
[[ "$(id -u)" == 0 ]] || skip "needs root (rootful podman with runc)"

# podman's default ulimits exceed what some sandboxes allow; crun refuses hybrid
# cgroup setups, runc with cgroupfs works on both.
work="$(mktemp -d -t newsworker-container-XXXXXX)"
trap 'rm -rf "$work"' EXIT
printf '[containers]\ndefault_ulimits = []\n' >"$work/containers.conf"
export CONTAINERS_CONF="$work/containers.conf"
P=(podman --runtime runc --cgroup-manager=cgroupfs)
# The machine's CA bundle, for cargo's TLS (a proxy may re-sign registry traffic).
CA="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"

have_image() { "${P[@]}" image exists "$1"; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  if ! have_image "$BASE_IMAGE"; then
    command -v debootstrap >/dev/null 2>&1 || skip "debootstrap is not installed"
    mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
    mirror="${mirror:-http://deb.debian.org/debian}"
    echo "container-test: debootstrap bookworm minbase from $mirror" >&2
    debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; skip "debootstrap failed"; }
    rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
    tar -C "$work/rootfs" -c . | "${P[@]}" import - "$BASE_IMAGE" >/dev/null
    rm -rf "$work/rootfs"
  fi
  if ! have_image "$RUST_IMAGE"; then
    sysroot="$(rustc --print sysroot)"
    echo "container-test: build image from $BASE_IMAGE + Rust $RUST_VERSION ($sysroot)" >&2
    mkdir -p "$work/rust/toolchain"
    # The toolchain's binaries and libraries; not its documentation.
    parts=()
    for d in bin lib libexec; do [[ -d "$sysroot/$d" ]] && parts+=("$d"); done
    tar -C "$sysroot" -c "${parts[@]}" | tar -C "$work/rust/toolchain" -x
    cat >"$work/rust/Containerfile" <<EOF
FROM $BASE_IMAGE
COPY toolchain /usr/local/rust
ENV CARGO_HOME=/usr/local/cargo PATH=/usr/local/rust/bin:/usr/local/cargo/bin:/usr/sbin:/usr/bin:/sbin:/bin
EOF
    "${P[@]}" build --pull=never -q -t "$RUST_IMAGE" "$work/rust" >/dev/null || skip "building $RUST_IMAGE failed"
    rm -rf "$work/rust"
  fi
  echo "container-test: building $IMAGE from deploy/Dockerfile" >&2
  start=$(date +%s)
  # The CA bundle is mounted outside /etc/ssl/certs: a read-only mount there
  # breaks the runtime stage's ca-certificates install.
  "${P[@]}" build --pull=never --network=host \
    --build-arg "RUST_IMAGE=$RUST_IMAGE" --build-arg "RUNTIME_IMAGE=$BASE_IMAGE" \
    -v "$CA:/run/host-ca.crt:ro" --build-arg CARGO_HTTP_CAINFO=/run/host-ca.crt \
    -f deploy/Dockerfile -t "$IMAGE" . || skip "building $IMAGE from deploy/Dockerfile failed"
  echo "container-test: image built in $(($(date +%s) - start))s" >&2
fi
have_image "$IMAGE" || skip "no image $IMAGE"
size=$("${P[@]}" image inspect -f '{{.Size}}' "$IMAGE")
echo "container-test: $IMAGE is $((size / 1000000)) MB" >&2

# The run checks, against the tests' real broker (tests/util).
NEWSWORKER_IMAGE="$IMAGE" NEWSWORKER_PODMAN="${P[*]}" cargo test --test container -- --nocapture
