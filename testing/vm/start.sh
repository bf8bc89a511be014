#!/usr/bin/env bash
# Boots a throwaway VM from the cached image (see build-image.sh) and waits until ssh answers.
#
#   testing/vm/start.sh [OUT_DIR] [RUN_DIR]
#
# The cached vm.img is never written: the VM runs on a fresh qcow2 overlay in RUN_DIR, with a blank
# 4 GiB second disk (vdb). Prints PORT=... and PID=... and writes them, with KEY, to RUN_DIR/vm.env.
# Set BOLLARD_VM_OWNER_PID to a process id (e.g. the test JVM) and the VM is killed when it exits.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$SCRIPT_DIR/common.sh"

OUT_DIR=$(realpath -m "${1:-$DEFAULT_OUT_DIR}")
RUN_DIR=${2:-}
if [ -z "$RUN_DIR" ]; then RUN_DIR=$(mktemp -d /tmp/bollard-vm.XXXXXX); fi
RUN_DIR=$(realpath -m "$RUN_DIR")
mkdir -p "$RUN_DIR"
[ ! -e "$RUN_DIR/vm.env" ] || die "$RUN_DIR already holds a VM (vm.env); stop it first"

ensure_tools qemu-system-x86_64:qemu-system-x86 qemu-img:qemu-utils ssh:openssh-client ss:iproute2
for f in vm.img vmlinuz initrd.img id_ed25519; do
  [ -s "$OUT_DIR/$f" ] || die "$OUT_DIR/$f missing: run testing/vm/build-image.sh $OUT_DIR first"
done

# Own copies of key, kernel and initrd: a rebuild of the cache during this run cannot break it.
install -m 0600 "$OUT_DIR/id_ed25519" "$RUN_DIR/id_ed25519"
cp "$OUT_DIR/vmlinuz" "$OUT_DIR/initrd.img" "$RUN_DIR/"
KEY=$RUN_DIR/id_ed25519
qemu-img create -q -f qcow2 -b "$OUT_DIR/vm.img" -F raw "$RUN_DIR/root.qcow2"
qemu-img create -q -f qcow2 "$RUN_DIR/data.qcow2" 4G

port_free() { [ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ]; }

START=$SECONDS
PID=
# Whatever fails from here on (die exits the script), no QEMU is left behind.
trap 'rc=$?; if [ "$rc" -ne 0 ] && [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; fi' EXIT
for _ in 1 2 3 4 5; do
  PORT=$(( 20000 + (RANDOM * 32768 + RANDOM) % 30000 ))
  port_free "$PORT" || continue
  : >"$RUN_DIR/console.log"
  # -nographic with the serial port sent to a file and no monitor: nothing uses stdio.
  # -nodefaults: no floppy or CD-ROM in lsblk, the disks look like a VPS's (vda, vdb).
  qemu-system-x86_64 -name "bollard-vm,process=bollard-vm" -accel tcg -cpu max -m 2048 -smp 2 \
    -nodefaults -nographic -serial "file:$RUN_DIR/console.log" -monitor none \
    -kernel "$RUN_DIR/vmlinuz" -initrd "$RUN_DIR/initrd.img" \
    -append "root=/dev/vda rw console=ttyS0 net.ifnames=0 ${VM_EXTRA_APPEND:-}" \
    -drive "file=$RUN_DIR/root.qcow2,format=qcow2,if=virtio" \
    -drive "file=$RUN_DIR/data.qcow2,format=qcow2,if=virtio" \
    -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$PORT-:22" -device virtio-net-pci,netdev=n0 \
    </dev/null >"$RUN_DIR/qemu.log" 2>&1 &
  PID=$!
  sleep 1
  if qemu_alive; then break; fi
  # Most likely another process took the port between the check and QEMU's bind: try another.
  log "QEMU did not start on port $PORT: $(tail -n 3 "$RUN_DIR/qemu.log" | tr '\n' ' ')"
  PID=
done
[ -n "$PID" ] || die "QEMU failed to start (see $RUN_DIR/qemu.log)"
log "QEMU pid $PID, ssh forwarded from 127.0.0.1:$PORT, console $RUN_DIR/console.log"

WATCHDOG_PID=
if [ -n "${BOLLARD_VM_OWNER_PID:-}" ]; then
  # If the owner dies without stop.sh (a killed test JVM), do not leave a VM burning CPU.
  ( exec </dev/null >/dev/null 2>&1
    while kill -0 "$BOLLARD_VM_OWNER_PID" 2>/dev/null && kill -0 "$PID" 2>/dev/null; do sleep 5; done
    kill "$PID" 2>/dev/null || true ) &
  WATCHDOG_PID=$!
fi

cat >"$RUN_DIR/vm.env" <<ENV
PORT=$PORT
PID=$PID
KEY=$KEY
WATCHDOG_PID=$WATCHDOG_PID
ENV

wait_for_ssh ""
echo "BOOT_ID=$BOOT_ID" >>"$RUN_DIR/vm.env"
log "VM up: boot to ssh in $((SECONDS - START)) s"
echo "PORT=$PORT"
echo "PID=$PID"
echo "RUN_DIR=$RUN_DIR"
