#!/usr/bin/env python3
"""Runs the same Docker-host hardening job with Ansible and with Bollard on N local sshd
containers and prints a markdown table: median and min-max wall time, control-node CPU seconds,
peak RSS, and the Ansible / Bollard ratio. Both tools must leave every host in the same state
before a ratio is printed: a fast wrong answer is a failure."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
IMAGE = "bollard/test-sshd:1"
LABEL = "dev.bollard.bench=true"
SEED = ("mkdir -p /etc/docker /etc/audit/rules.d /usr/local/bin && "
        "printf '{\\n  \"log-driver\": \"journald\"\\n}\\n' > /etc/docker/daemon.json")
FINGERPRINT = (
    "python3 -c 'import json;print(json.dumps(json.load(open(\"/etc/docker/daemon.json\")),sort_keys=True))'; "
    "sha256sum /etc/audit/rules.d/audit.rules /etc/sysctl.d/60-bench.conf | cut -c1-64; "
    "stat -c '%a %U' /etc/sysctl.d/60-bench.conf; getcap /usr/local/bin/bench-bind; "
    "grep '^tenant:' /etc/subuid /etc/subgid; getent passwd tenant | cut -d: -f7; ls /var/lib/bench-done; true")


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True, capture_output=True, text=True, **kw).stdout


def start_targets(n, key_pub):
    ids = []
    for i in range(n):
        cid = sh(["docker", "run", "-d", "--rm", "--label", LABEL, "-p", "127.0.0.1::22", IMAGE]).strip()
        ids.append(cid)
    ports = []
    for cid in ids:
        sh(["docker", "exec", "-i", cid, "sh", "-c", "cat > /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys && " + SEED],
           input=open(key_pub).read())
        ports.append(int(sh(["docker", "port", cid, "22"]).strip().split(":")[-1]))
    return ids, ports


def stop_targets(ids):
    if ids:
        subprocess.run(["docker", "rm", "-f"] + ids, capture_output=True)


def inventory(path, ports, key):
    with open(path, "w") as f:
        f.write("all:\n  vars:\n    ansible_user: root\n    ansible_ssh_private_key_file: %s\n  hosts:\n" % key)
        for i, p in enumerate(ports):
            f.write("    h%03d:\n      ansible_host: 127.0.0.1\n      ansible_port: %d\n" % (i, p))


def timed(cmd, env=None):
    """Wall seconds, CPU seconds (user+sys, children included), peak RSS in MiB, exit code, output."""
    fmt = "BENCHTIME %e %U %S %M"
    p = subprocess.run(["/usr/bin/time", "-f", fmt] + cmd, capture_output=True, text=True, env=env, cwd=BENCH)
    line = [l for l in p.stderr.splitlines() if l.startswith("BENCHTIME")][-1].split()
    err = "\n".join(l for l in p.stderr.splitlines() if not l.startswith("BENCHTIME"))
    return float(line[1]), float(line[2]) + float(line[3]), int(line[4]) / 1024.0, p.returncode, p.stdout + ("\n" + err if err else "")


def run_tool(tool, inv, forks, mode):
    if tool == "ansible":
        cmd = ["ansible-playbook", "-i", inv, "-f", str(forks), os.path.join(BENCH, "job", "ansible.yml")]
        if mode == "check":
            cmd += ["--check", "--diff"]
        env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(BENCH, "ansible.cfg"))
    else:
        cmd = [os.path.join(ROOT, "bollard"), os.path.join(BENCH, "job", "bollard.yml"), "-i", inv, "-f", str(forks),
               "--host-key-policy", "off", "--json"]
        if mode == "check":
            cmd += ["--check", "--diff"]
        env = dict(os.environ, BOLLARD_JAVA_OPTS=os.environ.get("BOLLARD_JAVA_OPTS", ""))
    return timed(cmd, env)


def changed_count(tool, out):
    if tool == "bollard":
        recap = json.loads([l for l in out.splitlines() if l.startswith('{"event":"recap"')][-1])
        return sum(h["changed"] for h in recap["hosts"].values()), sum(h["failed"] + h["unreachable"] for h in recap["hosts"].values())
    changed = failed = 0
    for line in out.splitlines():
        if " : ok=" in line:
            parts = dict(kv.split("=") for kv in line.split(":", 1)[1].split())
            changed += int(parts["changed"])
            failed += int(parts["failed"]) + int(parts["unreachable"])
    return changed, failed


def fingerprints(ids):
    return [sh(["docker", "exec", cid, "sh", "-c", "(" + FINGERPRINT + ") 2>&1"]) for cid in ids]


def measure(tool, n, forks, scenario, key, tmp):
    """One measured run of a scenario on fresh targets; returns (wall, cpu, rss, fingerprints)."""
    ids, ports = start_targets(n, key + ".pub")
    try:
        inv = os.path.join(tmp, "inv-%s.yml" % tool)
        inventory(inv, ports, key)
        if scenario == "noop":
            wall, cpu, rss, code, out = run_tool(tool, inv, forks, "apply")
            if code != 0:
                raise SystemExit("%s first apply failed:\n%s" % (tool, out[-3000:]))
        mode = "check" if scenario == "check" else "apply"
        before = fingerprints(ids[:1]) if scenario == "check" else None
        wall, cpu, rss, code, out = run_tool(tool, inv, forks, mode)
        if code != 0:
            raise SystemExit("%s %s failed (exit %d):\n%s" % (tool, scenario, code, out[-3000:]))
        changed, failed = changed_count(tool, out)
        if failed:
            raise SystemExit("%s %s: %d failed hosts" % (tool, scenario, failed))
        if scenario == "noop" and changed:
            raise SystemExit("%s no-op re-run changed %d tasks: not idempotent" % (tool, changed))
        if scenario == "check" and changed == 0:
            raise SystemExit("%s check on fresh hosts reported no change" % tool)
        prints = fingerprints(ids) if scenario != "check" else None
        if scenario == "check" and fingerprints(ids[:1]) != before:
            raise SystemExit("%s check mode changed a host" % tool)
        return wall, cpu, rss, prints
    finally:
        stop_targets(ids)


def fmt(values, unit):
    med = statistics.median(values)
    return "%.2f%s (%.2f–%.2f)" % (med, unit, min(values), max(values))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--hosts", default="1,10,50,200")
    ap.add_argument("--forks", default="10,50")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--scenarios", default="apply,noop,check")
    a = ap.parse_args()
    subprocess.run("docker rm -f $(docker ps -aq --filter label=%s) >/dev/null 2>&1" % LABEL, shell=True)
    tmp = tempfile.mkdtemp(prefix="bollard-bench-")
    key = os.path.join(tmp, "id_ed25519")
    sh(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
    rows = []
    print("| hosts | forks | scenario | Ansible wall | Bollard wall | Ansible CPU | Bollard CPU | Ansible RSS | Bollard RSS | ratio (wall) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in [int(x) for x in a.hosts.split(",")]:
        fork_list = [int(x) for x in a.forks.split(",")]
        for forks in fork_list:
            if forks > n and forks != fork_list[0]:
                continue  # more forks than hosts measures nothing new
            for scenario in a.scenarios.split(","):
                res = {"ansible": [], "bollard": []}
                prints = {}
                for _ in range(a.reps):
                    for tool in ("ansible", "bollard"):  # alternate the tools
                        wall, cpu, rss, fp = measure(tool, n, forks, scenario, key, tmp)
                        res[tool].append((wall, cpu, rss))
                        if fp is not None:
                            prints[tool] = fp
                if scenario != "check" and prints["ansible"] != prints["bollard"]:
                    raise SystemExit("end states differ between Ansible and Bollard:\n%s\n---\n%s" % (prints["ansible"][0], prints["bollard"][0]))
                aw = [r[0] for r in res["ansible"]]
                bw = [r[0] for r in res["bollard"]]
                row = "| %d | %d | %s | %s | %s | %s | %s | %s | %s | %.1f× |" % (
                    n, forks, scenario, fmt(aw, " s"), fmt(bw, " s"),
                    fmt([r[1] for r in res["ansible"]], " s"), fmt([r[1] for r in res["bollard"]], " s"),
                    fmt([r[2] for r in res["ansible"]], " MiB"), fmt([r[2] for r in res["bollard"]], " MiB"),
                    statistics.median(aw) / statistics.median(bw))
                print(row, flush=True)
                rows.append(row)
    print("\nsame end state on every host for both tools (daemon.json keys, rules and sysctl file hashes, getcap, subuid/subgid, user, marker)")


if __name__ == "__main__":
    sys.exit(main())
