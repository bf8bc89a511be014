# Shared helpers for the QEMU test VM scripts. Sourced, not executed.
# shellcheck shell=bash

VM_USER=admin
VM_HOST=127.0.0.1
DEFAULT_OUT_DIR="${BOLLARD_VM_CACHE:-/var/cache/bollard/vm}"

# Exit code meaning "the tools this needs are missing and cannot be installed here";
# the JUnit fixture turns it into a skipped test (or a failure when REQUIRE_VM=true).
EXIT_UNAVAILABLE=3

log() { printf '[vm %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
unavailable() { log "UNAVAILABLE: $*"; exit "$EXIT_UNAVAILABLE"; }

# Installs the host tools (command -> Debian package) that are missing, via apt-get.
ensure_tools() {
  local missing=() pair cmd pkg
  for pair in "$@"; do
    cmd=${pair%%:*}; pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || unavailable "missing ${missing[*]} and not root, so cannot apt-get install them"
  command -v apt-get >/dev/null 2>&1 || unavailable "missing ${missing[*]} and no apt-get to install them"
  log "installing ${missing[*]}"
  apt-get update -qq >&2 || unavailable "apt-get update failed"
  NEEDRESTART_SUSPEND=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
    || unavailable "apt-get install ${missing[*]} failed"
}

# The ssh options every script uses: a throwaway VM, so no host key pinning, never a prompt.
# Connections are multiplexed over one master per run: under TCG a fresh ssh handshake costs
# about 2 s, a multiplexed command about 0.15 s. reboot.sh and stop.sh end the master.
ssh_opts() {
  printf '%s\n' -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes \
    -o LogLevel=ERROR -o IdentitiesOnly=yes -o ConnectTimeout=10 \
    -o ServerAliveInterval=10 -o ServerAliveCountMax=6 \
    -o ControlMaster=auto -o "ControlPath=$RUN_DIR/ssh.sock" -o ControlPersist=600
}

# Ends the multiplexing master of the run, if any (before a reboot or poweroff it would hang on).
ssh_master_exit() {
  local opts; mapfile -t opts < <(ssh_opts)
  [ -S "$RUN_DIR/ssh.sock" ] || return 0
  timeout 10 ssh "${opts[@]}" -O exit -p "$PORT" "$VM_USER@$VM_HOST" >/dev/null 2>&1 || true
  rm -f "$RUN_DIR/ssh.sock"
}

# Loads RUN_DIR/vm.env (PORT, PID, KEY, ...) written by start.sh.
load_run() {
  RUN_DIR=${1:?RUN_DIR missing}
  [ -f "$RUN_DIR/vm.env" ] || die "$RUN_DIR/vm.env not found: was the VM started with start.sh?"
  # shellcheck disable=SC1091
  . "$RUN_DIR/vm.env"
}

# Runs a command on the VM of the loaded run (PORT, KEY).
vm_ssh() {
  local opts; mapfile -t opts < <(ssh_opts)
  ssh "${opts[@]}" -i "$KEY" -p "$PORT" "$VM_USER@$VM_HOST" -- "$@"
}

# vm_ssh bounded in time: vm_ssh_timeout SECONDS CMD...
vm_ssh_timeout() {
  local secs=$1 opts; shift
  mapfile -t opts < <(ssh_opts)
  timeout "$secs" ssh "${opts[@]}" -i "$KEY" -p "$PORT" "$VM_USER@$VM_HOST" -- "$@"
}

# True while the QEMU process of this run is alive (checks the command line, not just the pid,
# so a reused pid is never mistaken for ours).
qemu_alive() {
  [ -n "${PID:-}" ] && [ -r "/proc/$PID/cmdline" ] && tr '\0' ' ' <"/proc/$PID/cmdline" | grep -qF -- "$RUN_DIR/"
}

# Waits until `ssh true` works (and, when given, the boot id differs from $1). Prints progress.
wait_for_ssh() {
  local old_boot=${1:-} timeout=${VM_SSH_TIMEOUT:-300} start=$SECONDS last=0 boot
  while :; do
    qemu_alive || { tail -n 30 "$RUN_DIR/console.log" >&2 2>/dev/null; die "QEMU exited before ssh answered"; }
    if boot=$(vm_ssh_timeout 30 cat /proc/sys/kernel/random/boot_id 2>/dev/null) \
        && [ -n "$boot" ] && [ "$boot" != "$old_boot" ]; then
      BOOT_ID=$boot
      log "ssh answers after $((SECONDS - start)) s"
      return 0
    fi
    if (( SECONDS - start >= timeout )); then
      tail -n 30 "$RUN_DIR/console.log" >&2 2>/dev/null
      die "no ssh on port $PORT after ${timeout} s (console: $RUN_DIR/console.log)"
    fi
    if (( SECONDS - last >= 10 )); then
      last=$SECONDS
      log "waiting for ssh on port $PORT: $((SECONDS - start)) s, console: $(tail -c 2000 "$RUN_DIR/console.log" 2>/dev/null | tr -d '\r' | sed 's/\x1b\[[0-9;]*m//g' | grep -v '^\s*$' | tail -n 1 | cut -c1-100)"
    fi
    sleep 2
  done
}
