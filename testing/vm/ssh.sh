#!/usr/bin/env bash
# Runs a command on the VM of RUN_DIR as admin:  testing/vm/ssh.sh RUN_DIR CMD...
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$SCRIPT_DIR/common.sh"
load_run "${1:?usage: ssh.sh RUN_DIR CMD...}"
shift
vm_ssh "$@"
