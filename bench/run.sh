#!/usr/bin/env bash
# Bollard against Ansible on the same job, same hosts, same forks. Installs what it needs
# (Debian's ansible, the test images, the jar), then hands over to run.py:
#   bench/run.sh                          full run: N = 1, 10, 50, 200; forks 10 and 50; 3 repetitions
#   bench/run.sh --hosts 2 --forks 10 --reps 1    a smoke run (what CI does)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! command -v ansible-playbook >/dev/null || ! ansible-doc community.general.capabilities >/dev/null 2>&1; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ansible
fi
command -v python3 >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3; }
[ -x /usr/bin/time ] || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q time; }
bash scripts/build-test-images.sh
[ -f app/target/bollard.jar ] || mvn -q -B -DskipTests package
exec python3 bench/run.py "$@"
