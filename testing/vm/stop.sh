#!/usr/bin/env bash
# Powers off the VM of RUN_DIR (poweroff over ssh, then kill after a timeout) and removes RUN_DIR.
#   testing/vm/stop.sh RUN_DIR
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$SCRIPT_DIR/common.sh"
RUN_DIR=$(realpath -m "${1:?usage: stop.sh RUN_DIR}")
[ -d "$RUN_DIR" ] || exit 0
if [ -f "$RUN_DIR/vm.env" ]; then
  load_run "$RUN_DIR"
  if qemu_alive; then
    # A guest that does not answer ssh cannot power itself off: then kill QEMU at once.
    if vm_ssh_timeout 15 true >/dev/null 2>&1; then
      # The connection usually drops as the guest goes down; that is expected.
      vm_ssh_timeout 20 sudo -n systemctl poweroff >/dev/null 2>&1 || true
      ssh_master_exit
      for _ in $(seq 1 "${VM_POWEROFF_TIMEOUT:-60}"); do qemu_alive || break; sleep 1; done
    fi
    if qemu_alive; then
      log "VM did not power off in time; killing QEMU $PID"
      kill "$PID" 2>/dev/null || true
      for _ in 1 2 3 4 5; do qemu_alive || break; sleep 1; done
      ! qemu_alive || kill -9 "$PID" 2>/dev/null || true
    fi
  fi
  ssh_master_exit
  [ -z "${WATCHDOG_PID:-}" ] || kill "$WATCHDOG_PID" 2>/dev/null || true
fi
rm -rf --one-file-system "$RUN_DIR"
