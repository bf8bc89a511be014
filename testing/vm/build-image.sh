#!/usr/bin/env bash
# Builds (once) a Debian 12 VM image the end-to-end tests boot under QEMU: a fresh "VPS" with ssh,
# passwordless sudo for `admin` and systemd. Two profiles, each cached in its own directory:
#
#   testing/vm/build-image.sh [OUT_DIR]          tools: also LVM tools, auditd, Debian's docker.io and the
#                                                rootless prerequisites, preinstalled
#                                                (default OUT_DIR ${BOLLARD_VM_CACHE:-/var/cache/bollard/vm})
#   testing/vm/build-image.sh --bare [OUT_DIR]   bare: only what a provider's minimal Debian 12 image has;
#                                                apt points at this machine's Debian mirror(s), so a playbook
#                                                installs the rest (default OUT_DIR .../vm/bare)
#
# OUT_DIR receives vm.img (raw ext4, sparse), vmlinuz, initrd.img, id_ed25519(.pub) and
# recipe.sha256. When recipe.sha256 matches this script and the profile (for bare, also the apt
# sources taken from the machine), nothing is done: the recipe (package lists included) lives
# entirely in this file, so any edit here triggers a rebuild. Both profiles keep debootstrap's
# downloads in ${BOLLARD_VM_CACHE:-/var/cache/bollard/vm}/debs.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$SCRIPT_DIR/common.sh"

SUITE=bookworm
IMAGE_SIZE=4G
SOURCES=/etc/apt/sources.list.d/debian.sources
PROFILE=tools
case "${1:-}" in
  --bare) PROFILE=bare; shift ;;
  --tools) shift ;;
  -*) die "unknown option $1 (usage: build-image.sh [--bare|--tools] [OUT_DIR])" ;;
esac

# What a VPS provider's minimal Debian 12 image has (debootstrap's minbase brings apt, dpkg, ...).
# libcap2-bin (setcap) comes along: Debian 12's iproute2 depends on it.
BARE_PACKAGES=linux-image-amd64,systemd-sysv,initramfs-tools,openssh-server,sudo,iproute2,dbus,udev,\
e2fsprogs,systemd-timesyncd,procps,ca-certificates
# docker.io only suggests rootlesskit, and rootlesskit only recommends slirp4netns, yet the
# rootless setup tool in /usr/share/docker.io/contrib/ needs both. Preinstalling docker.io,
# uidmap, dbus-user-session, socat and auditd keeps the VM tests fast: no package downloads
# inside a TCG guest.
TOOLS_PACKAGES=linux-image-amd64,systemd-sysv,initramfs-tools,openssh-server,sudo,iproute2,lvm2,\
libcap2-bin,auditd,dbus,dbus-user-session,udev,e2fsprogs,uidmap,socat,docker.io,rootlesskit,\
slirp4netns,systemd-timesyncd,procps

# One-line apt sources (`deb URI SUITE COMPONENTS`) for every enabled deb stanza of the machine's
# deb822 file, so the guest uses the same mirror(s) and suites, security included.
machine_sources_list() {
  awk '
    function flush() {
      if (types ~ /(^| )deb( |$)/ && enabled != "no" && uris != "" && suites != "") {
        nu = split(uris, u, " "); ns = split(suites, s, " ")
        for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) print "deb " u[i] " " s[j] " " components
      }
      types = uris = suites = components = enabled = ""
    }
    /^[ \t]*#/ { next }
    /^[ \t]*$/ { flush(); next }
    { key = tolower($1); sub(/^[^:]*:[ \t]*/, ""); sub(/[ \t]+$/, "") }
    key == "types:" { types = $0 } key == "uris:" { uris = $0 } key == "suites:" { suites = $0 }
    key == "components:" { components = $0 } key == "enabled:" { enabled = tolower($0) }
    END { flush() }
  ' "$SOURCES" 2>/dev/null
}

case $PROFILE in
  tools)
    PACKAGES=$TOOLS_PACKAGES
    OUT_DIR=$(realpath -m "${1:-$DEFAULT_OUT_DIR}")
    APT_SOURCES=
    ;;
  bare)
    PACKAGES=$BARE_PACKAGES
    OUT_DIR=$(realpath -m "${1:-$DEFAULT_OUT_DIR/bare}")
    APT_SOURCES=$(machine_sources_list || true)
    [ -n "$APT_SOURCES" ] || die "no enabled deb entry in $SOURCES to write the guest's apt sources from"
    ;;
esac
DEB_CACHE=$(realpath -m "$DEFAULT_OUT_DIR/debs")
mkdir -p "$OUT_DIR"
RECIPE_HASH=$( { cat "$SCRIPT_DIR/build-image.sh"; echo "profile=$PROFILE"; echo "$APT_SOURCES"; } \
  | sha256sum | cut -d' ' -f1)

ensure_tools qemu-system-x86_64:qemu-system-x86 qemu-img:qemu-utils ssh:openssh-client \
  ssh-keygen:openssh-client flock:util-linux

is_current() {
  local f
  for f in vm.img vmlinuz initrd.img id_ed25519 id_ed25519.pub recipe.sha256; do
    [ -s "$OUT_DIR/$f" ] || return 1
  done
  [ "$(cat "$OUT_DIR/recipe.sha256")" = "$RECIPE_HASH" ]
}

# One build at a time per cache; a second caller waits and then finds the image current.
exec 9>"$OUT_DIR/.lock"
flock 9
if is_current; then
  log "cached image in $OUT_DIR matches the recipe; nothing to do"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || unavailable "building the VM image needs root (debootstrap, chroot)"
ensure_tools debootstrap:debootstrap mkfs.ext4:e2fsprogs
MIRROR=$(awk '/^URIs:/ {print $2; exit}' "$SOURCES" 2>/dev/null || true)
[ -n "$MIRROR" ] || die "no URIs: line in $SOURCES to take the Debian mirror from"

START=$SECONDS
WORK=$(mktemp -d "$OUT_DIR/.build.XXXXXX")
ROOT=$WORK/root
cleanup() {
  # debootstrap mounts /proc and /sys in the target; never rm -rf through a live mount.
  findmnt -rn -o TARGET | grep -F "$WORK/" | sort -r | xargs -r umount -l 2>/dev/null || true
  rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

log "debootstrap $SUITE ($PROFILE profile) into $ROOT (a few minutes)"
mkdir -p "$DEB_CACHE"
# Both profiles share the download cache; two debootstraps must not write it at once.
exec 8>"$DEB_CACHE/.lock"
flock 8
if ! debootstrap --variant=minbase --include="$PACKAGES" --cache-dir="$DEB_CACHE" \
     "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
  tail -n 40 "$WORK/debootstrap.log" >&2
  [ -f "$ROOT/debootstrap/debootstrap.log" ] && tail -n 40 "$ROOT/debootstrap/debootstrap.log" >&2
  die "debootstrap failed"
fi
flock -u 8
log "debootstrap done after $((SECONDS - START)) s; configuring"

echo vps >"$ROOT/etc/hostname"
cat >"$ROOT/etc/hosts" <<'HOSTS'
127.0.0.1 localhost
127.0.1.1 vps
::1 localhost ip6-localhost ip6-loopback
HOSTS
echo '/dev/vda / ext4 defaults 0 1' >"$ROOT/etc/fstab"
cat >"$ROOT/etc/systemd/network/20-wired.network" <<'NET'
[Match]
Name=e*

[Network]
DHCP=yes
NET
# QEMU's user network answers DNS on 10.0.2.3; networkd alone does not write resolv.conf.
rm -f "$ROOT/etc/resolv.conf"
echo 'nameserver 10.0.2.3' >"$ROOT/etc/resolv.conf"

chroot "$ROOT" useradd --create-home --shell /bin/bash admin
chroot "$ROOT" usermod -p '*' admin            # no password, yet not "locked" for key logins
echo 'admin ALL=(ALL) NOPASSWD:ALL' >"$ROOT/etc/sudoers.d/admin"
chmod 0440 "$ROOT/etc/sudoers.d/admin"

ssh-keygen -q -t ed25519 -N '' -C bollard-test-vm -f "$WORK/id_ed25519"
install -d -m 0700 "$ROOT/home/admin/.ssh"
install -m 0600 "$WORK/id_ed25519.pub" "$ROOT/home/admin/.ssh/authorized_keys"
chroot "$ROOT" chown -R admin:admin /home/admin/.ssh
cat >"$ROOT/etc/ssh/sshd_config.d/10-vps.conf" <<'SSHD'
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
SSHD

if [ "$PROFILE" = bare ]; then
  printf '%s\n' "$APT_SOURCES" >"$ROOT/etc/apt/sources.list"
  # QEMU boots the kernel and the full initrd debootstrap built above (-kernel/-initrd, from outside
  # the guest), never the guest's /boot. Inside the guest, installing lvm2 (among others) triggers
  # update-initramfs, about 5 minutes under TCG where every process spawn costs ~0.1 s, and
  # compression is only seconds of it. update_initramfs=no skips those triggered rebuilds (a new
  # kernel still gets its initramfs, and MODULES=dep keeps that one small).
  sed -i 's/^MODULES=.*/MODULES=dep/' "$ROOT/etc/initramfs-tools/initramfs.conf"
  sed -i 's/^update_initramfs=.*/update_initramfs=no/' "$ROOT/etc/initramfs-tools/update-initramfs.conf"
  grep -qx 'MODULES=dep' "$ROOT/etc/initramfs-tools/initramfs.conf" || die "could not set MODULES=dep in initramfs.conf"
  grep -qx 'update_initramfs=no' "$ROOT/etc/initramfs-tools/update-initramfs.conf" \
    || die "could not set update_initramfs=no in update-initramfs.conf"
  chroot "$ROOT" systemctl enable systemd-networkd ssh >/dev/null 2>&1
else
  chroot "$ROOT" systemctl enable systemd-networkd ssh docker >/dev/null 2>&1
fi
# Nothing is configured for them, but at the first boot they would still wake apt under TCG.
chroot "$ROOT" systemctl disable apt-daily.timer apt-daily-upgrade.timer >/dev/null 2>&1 || true
# Empty machine-id: each VM run gets its own id at boot, without first-boot presets.
: >"$ROOT/etc/machine-id"
[ -L "$ROOT/var/lib/dbus/machine-id" ] || rm -f "$ROOT/var/lib/dbus/machine-id"
chroot "$ROOT" apt-get clean
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/log/*.log "$ROOT/debootstrap" 2>/dev/null || true

kernels=("$ROOT"/boot/vmlinuz-*); initrds=("$ROOT"/boot/initrd.img-*)
if [ ${#kernels[@]} -ne 1 ] || [ ! -f "${kernels[0]}" ]; then die "expected one kernel in $ROOT/boot"; fi
if [ ${#initrds[@]} -ne 1 ] || [ ! -f "${initrds[0]}" ]; then die "expected one initrd in $ROOT/boot"; fi
cp "${kernels[0]}" "$WORK/vmlinuz"
cp "${initrds[0]}" "$WORK/initrd.img"

findmnt -rn -o TARGET | grep -qF "$ROOT/" && die "something is still mounted under $ROOT"
truncate -s "$IMAGE_SIZE" "$WORK/vm.img"
mkfs.ext4 -q -L vps-root -d "$ROOT" "$WORK/vm.img"

# Replace the cache contents; the hash goes last, so an interrupted swap is never "current".
rm -f "$OUT_DIR/recipe.sha256"
for f in vm.img vmlinuz initrd.img id_ed25519 id_ed25519.pub; do mv -f "$WORK/$f" "$OUT_DIR/$f"; done
chmod 0600 "$OUT_DIR/id_ed25519" "$OUT_DIR/id_ed25519.pub"
echo "$RECIPE_HASH" >"$OUT_DIR/recipe.sha256"
log "$PROFILE image built in $((SECONDS - START)) s: $OUT_DIR/vm.img ($(du -h "$OUT_DIR/vm.img" | cut -f1) used of $IMAGE_SIZE)"
