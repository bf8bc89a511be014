#!/usr/bin/env bash
# Reboots the VM of RUN_DIR and waits until ssh answers from the new boot (a new boot id).
# QEMU runs without -no-reboot, so the guest restarts in place and both disks persist.
#   testing/vm/reboot.sh RUN_DIR
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$SCRIPT_DIR/common.sh"
load_run "${1:?usage: reboot.sh RUN_DIR}"
qemu_alive || die "the VM of $RUN_DIR is not running"
START=$SECONDS
old_boot=$(vm_ssh_timeout 30 cat /proc/sys/kernel/random/boot_id) || die "VM does not answer ssh before the reboot"
# The connection drops while the guest goes down; its exit status says nothing.
vm_ssh_timeout 20 sudo -n systemctl reboot >/dev/null 2>&1 || true
ssh_master_exit
log "reboot requested"
wait_for_ssh "$old_boot"
sed -i "s/^BOOT_ID=.*/BOOT_ID=$BOOT_ID/" "$RUN_DIR/vm.env"
log "VM rebooted: ssh back after $((SECONDS - START)) s"
