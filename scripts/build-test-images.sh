#!/usr/bin/env bash
# Builds the images Bollard's container tests run on, when they are missing or their recipe changed.
#   bollard-test/base:bookworm   Debian 12 from debootstrap (no registry needed)
#   bollard/test-sshd:1          sshd, sudo users deploy (NOPASSWD) and alice (password)
#   bollard/test-systemd:1       the same with systemd as PID 1
# A label on each image holds the hash of its recipe, so a changed Dockerfile rebuilds it and an
# unchanged one costs a second.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images="$root/testing/images"
BASE_PACKAGES="openssh-server,sudo,iproute2,python3,procps,libcap2-bin,ca-certificates,passwd,login,acl"

recipe_hash() { cat "$@" | sha256sum | cut -c1-16; }
current_hash() { docker image inspect -f '{{ index .Config.Labels "dev.bollard.recipe" }}' "$1" 2>/dev/null || true; }

mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || { echo "no Debian mirror found in /etc/apt/sources.list.d/debian.sources" >&2; exit 1; }
  echo "$uri"
}

base_hash=$(echo "$BASE_PACKAGES" | sha256sum | cut -c1-16)
if [ "$(current_hash bollard-test/base:bookworm)" != "$base_hash" ]; then
  command -v debootstrap >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; }
  rootfs=$(mktemp -d /var/tmp/bollard-rootfs.XXXXXX)
  echo "building bollard-test/base:bookworm with debootstrap (about a minute)..."
  start=$(date +%s)
  debootstrap --variant=minbase --include="$BASE_PACKAGES" bookworm "$rootfs" "$(mirror)" >/tmp/bollard-debootstrap.log 2>&1 \
    || { tail -20 /tmp/bollard-debootstrap.log >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" -c . | docker import --change "LABEL dev.bollard.recipe=$base_hash" - bollard-test/base:bookworm >/dev/null
  rm -rf "$rootfs"
  echo "base image built in $(( $(date +%s) - start )) s"
fi

build() { # name dir
  local name=$1 dir=$2 hash
  hash=$(recipe_hash "$dir/Dockerfile" <(echo "$base_hash"))
  if [ "$(current_hash "$name")" != "$hash" ]; then
    echo "building $name..."
    docker build -q --label "dev.bollard.recipe=$hash" -t "$name" "$dir" >/tmp/bollard-image-build.log 2>&1 \
      || { tail -30 /tmp/bollard-image-build.log >&2; exit 1; }
  fi
}
build bollard/test-sshd:1 "$images/sshd"
build bollard/test-systemd:1 "$images/systemd"
echo "test images ready: $(docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^bollard(-test)?/' | tr '\n' ' ')"
