#!/usr/bin/env python3
"""Runs the same Docker-host hardening job with Ansible and with Bollard on N local sshd
containers and prints a markdown table: median and min-max wall time, control-node CPU seconds,
peak RSS, and the Ansible / Bollard ratio. Both tools must leave every host in the same state
before a ratio is printed: a fast wrong answer is a failure."""
import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import shlex
import socket
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
EXPECTED = os.path.join(BENCH, "expected-state.txt")
TOOLS = ("ansible", "bollard")
FINGERPRINT = (
    "python3 -c 'import json;print(json.dumps(json.load(open(\"/etc/docker/daemon.json\")),sort_keys=True))'; "
    "sha256sum /etc/audit/rules.d/audit.rules | cut -c1-64; head -1 /etc/sysctl.d/60-bench.conf; "
    "tail -n +2 /etc/sysctl.d/60-bench.conf | sha256sum | cut -c1-64; "
    "stat -c '%a %U' /etc/sysctl.d/60-bench.conf; getcap /usr/local/bin/bench-bind; "
    "grep '^tenant:' /etc/subuid /etc/subgid; getent passwd tenant | cut -d: -f7; ls /var/lib/bench-done; true")


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True, capture_output=True, text=True, **kw).stdout


def start_target(key_pub):
    """One fresh sshd container, seeded and reachable on its bridge address (no port proxy)."""
    cid = sh(["docker", "run", "-d", "--rm", "--label", LABEL, IMAGE]).strip()
    sh(["docker", "exec", "-i", cid, "sh", "-c", "cat > /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys && " + SEED],
       input=open(key_pub).read())
    ip = sh(["docker", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", cid]).strip()
    return cid, ip


def start_targets(n, key_pub):
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        started = list(pool.map(lambda _: start_target(key_pub), range(n)))
    ids = [c for c, _ in started]
    addrs = [a for _, a in started]
    for a in addrs:  # sshd answers before a tool gets its turn
        for _ in range(100):
            try:
                socket.create_connection((a, 22), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
    return ids, addrs


def stop_targets(ids):
    if ids:
        subprocess.run(["docker", "rm", "-f"] + ids, capture_output=True)


def inventory(path, addrs, key):
    with open(path, "w") as f:
        f.write("all:\n  vars:\n    ansible_user: root\n    ansible_ssh_private_key_file: %s\n  hosts:\n" % key)
        for i, a in enumerate(addrs):
            f.write("    h%03d:\n      ansible_host: %s\n" % (i, a))


def timed(cmd, env=None):
    """Wall seconds, CPU seconds (user+sys, children included), peak RSS in MiB, exit code, output."""
    fmt = "BENCHTIME %e %U %S %M"
    p = subprocess.run(["/usr/bin/time", "-f", fmt] + cmd, capture_output=True, text=True, env=env, cwd=BENCH)
    line = [l for l in p.stderr.splitlines() if l.startswith("BENCHTIME")][-1].split()
    err = "\n".join(l for l in p.stderr.splitlines() if not l.startswith("BENCHTIME"))
    return float(line[1]), float(line[2]) + float(line[3]), int(line[4]) / 1024.0, p.returncode, p.stdout + ("\n" + err if err else "")


def run_tool(tool, inv, forks, mode, job=None):
    if tool == "ansible":
        cmd = ["ansible-playbook", "-i", inv, "-f", str(forks), os.path.join(BENCH, "job", job or "ansible.yml")]
        if mode == "check":
            cmd += ["--check", "--diff"]
        env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(BENCH, "ansible.cfg"))
    else:
        cmd = [os.path.join(ROOT, "bollard"), os.path.join(BENCH, "job", job or "bollard.yml"), "-i", inv, "-f", str(forks),
               "--host-key-policy", "off", "--json"]
        if mode == "check":
            cmd += ["--check", "--diff"]
        env = dict(os.environ, BOLLARD_JAVA_OPTS=os.environ.get("BOLLARD_JAVA_OPTS", ""))
    return timed(cmd, env)


def recap(tool, out):
    """(changed, failed or unreachable, round trips per host or None, ms per round trip or None)."""
    if tool == "bollard":
        hosts = json.loads([l for l in out.splitlines() if l.startswith('{"event":"recap"')][-1])["hosts"].values()
        trips = sum(h.get("round_trips", 0) for h in hosts)
        ms = sum(h.get("round_trip_ms", 0) for h in hosts)
        return (sum(h["changed"] for h in hosts), sum(h["failed"] + h["unreachable"] for h in hosts),
                trips / len(hosts) if trips else None, ms / trips if trips else None)
    changed = failed = 0
    for line in out.splitlines():
        if " : ok=" in line:
            parts = dict(kv.split("=") for kv in line.split(":", 1)[1].split())
            changed += int(parts["changed"])
            failed += int(parts["failed"]) + int(parts["unreachable"])
    return changed, failed, None, None


def fingerprints(ids):
    return [sh(["docker", "exec", cid, "sh", "-c", "(" + FINGERPRINT + ") 2>&1"]) for cid in ids]


def check_state(tool, prints):
    """Every host must hold the state the job is meant to leave (bench/expected-state.txt)."""
    expected = open(EXPECTED).read() if os.path.exists(EXPECTED) else None
    prints = [fp.replace("h%03d" % i, "HOST") for i, fp in enumerate(prints)]  # the template names its host
    for i, fp in enumerate(prints):
        if fp != (expected if expected is not None else prints[0]):
            raise SystemExit("%s left host %d in an unexpected state:\n%s\n--- expected (%s):\n%s"
                             % (tool, i, fp, EXPECTED, expected if expected is not None else prints[0]))


def measure(tool, n, forks, scenario, key, tmp):
    """One measured run of a scenario on fresh targets: wall, cpu, rss, fingerprints, and for the
    no-op scenario the round-trip figures and a one-task run on the same hosts."""
    ids, addrs = start_targets(n, key + ".pub")
    extra = {}
    try:
        inv = os.path.join(tmp, "inv-%s.yml" % tool)
        inventory(inv, addrs, key)
        if scenario == "noop":
            _, _, _, code, out = run_tool(tool, inv, forks, "apply")
            if code != 0:
                raise SystemExit("%s first apply failed:\n%s" % (tool, out[-3000:]))
        mode = "check" if scenario == "check" else "apply"
        before = fingerprints(ids[:1]) if scenario == "check" else None
        wall, cpu, rss, code, out = run_tool(tool, inv, forks, mode)
        if code != 0:
            raise SystemExit("%s %s failed (exit %d):\n%s" % (tool, scenario, code, out[-3000:]))
        changed, failed, trips, ms = recap(tool, out)
        if failed:
            raise SystemExit("%s %s: %d failed hosts" % (tool, scenario, failed))
        if scenario == "noop" and changed:
            raise SystemExit("%s no-op re-run changed %d tasks: not idempotent" % (tool, changed))
        if scenario == "check" and changed == 0:
            raise SystemExit("%s check on fresh hosts reported no change" % tool)
        if scenario == "check":
            if fingerprints(ids[:1]) != before:
                raise SystemExit("%s check mode changed a host" % tool)
        else:
            check_state(tool, fingerprints(ids))
        if scenario == "noop":
            one_wall, _, _, code, out = run_tool(tool, inv, forks, "apply", tool + "-one.yml")
            if code != 0:
                raise SystemExit("%s one-task run failed:\n%s" % (tool, out[-3000:]))
            extra = {"trips": trips, "one": one_wall}
            if tool == "bollard":
                _, _, _, code, out = run_tool(tool, inv, forks, "apply", "bollard-rtt.yml")
                if code != 0:
                    raise SystemExit("bollard round-trip run failed:\n" + out[-3000:])
                extra["ms"] = recap(tool, out)[3]
        extra["rt"] = trips
        return wall, cpu, rss, extra
    finally:
        stop_targets(ids)


def warm_up(key, tmp):
    """One unmeasured run: builds the jar if it is stale and lets the launcher record its class-data
    archive, which the first run after a build does (and is slower for it)."""
    ids, addrs = start_targets(1, key + ".pub")
    try:
        inv = os.path.join(tmp, "inv-warm-up.yml")
        inventory(inv, addrs, key)
        _, _, _, code, out = run_tool("bollard", inv, 1, "apply", "bollard-one.yml")
        if code != 0:
            raise SystemExit("bollard warm-up run failed:\n" + out[-3000:])
    finally:
        stop_targets(ids)


def fmt(values, unit):
    med = statistics.median(values)
    if len(values) == 1:
        return "%.2f%s" % (med, unit)
    return "%.2f%s (%.2f–%.2f)" % (med, unit, min(values), max(values))


def tasks_in(tool):
    """Tasks of a job, counted from its YAML (loop items count once)."""
    import yaml

    def count(tasks):
        n = 0
        for t in tasks or []:
            if "import_tasks" in t:
                n += count(yaml.safe_load(open(os.path.join(BENCH, "job", t["import_tasks"]))))
            else:
                n += 1
        return n
    return sum(count(play.get("tasks")) for play in yaml.safe_load(open(os.path.join(BENCH, "job", tool + ".yml"))))


def cell(res, tool, i, unit):
    return fmt([r[i] for r in res[tool]], unit) if res[tool] else "—"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--hosts", default="1,10,50,200")
    ap.add_argument("--forks", default="10,50")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--scenarios", default="apply,noop,check")
    ap.add_argument("--tools", default="ansible,bollard", help="both by default; one of them alone for sizes where the other takes too long")
    a = ap.parse_args()
    tools = [t for t in TOOLS if t in a.tools.split(",")]
    subprocess.run("docker rm -f $(docker ps -aq --filter label=%s) >/dev/null 2>&1" % LABEL, shell=True)
    tmp = tempfile.mkdtemp(prefix="bollard-bench-")
    key = os.path.join(tmp, "id_ed25519")
    sh(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
    if "bollard" in tools:
        warm_up(key, tmp)
    ansible_version = sh("ansible --version | head -1").strip() if "ansible" in tools else "-"
    java_version = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    print("%s, %d cores, %s; %s; %s; BOLLARD_JAVA_OPTS=%s" % (
        datetime.date.today().isoformat(), os.cpu_count(), platform.platform(), ansible_version, java_version,
        os.environ.get("BOLLARD_JAVA_OPTS", "") or "(none)"))
    print("command: bench/run.sh " + " ".join(shlex.quote(x) for x in sys.argv[1:]) + "\n")
    print("| hosts | forks | scenario | Ansible wall | Bollard wall | Ansible CPU | Bollard CPU | Ansible RSS | Bollard RSS | ratio (wall) "
          "| Bollard round trips per host |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    costs = []
    for n in [int(x) for x in a.hosts.split(",")]:
        fork_list = [int(x) for x in a.forks.split(",")]
        for forks in fork_list:
            if forks > n and forks != fork_list[0]:
                continue  # more forks than hosts measures nothing new
            for scenario in a.scenarios.split(","):
                res = {t: [] for t in TOOLS}
                for _ in range(a.reps):
                    for tool in tools:  # alternate the tools
                        res[tool].append(measure(tool, n, forks, scenario, key, tmp))
                aw = [r[0] for r in res["ansible"]]
                bw = [r[0] for r in res["bollard"]]
                ratio = "%.1f×" % (statistics.median(aw) / statistics.median(bw)) if aw and bw else "—"
                rts = [r[3]["rt"] for r in res["bollard"] if r[3].get("rt") is not None]
                print("| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    n, forks, scenario, cell(res, "ansible", 0, " s"), cell(res, "bollard", 0, " s"),
                    cell(res, "ansible", 1, " s"), cell(res, "bollard", 1, " s"),
                    cell(res, "ansible", 2, " MiB"), cell(res, "bollard", 2, " MiB"), ratio,
                    "%.1f" % statistics.median(rts) if rts else "—"), flush=True)
                if scenario == "noop":
                    for tool in tools:
                        costs.append((n, forks, tool, res[tool]))
    if costs:
        print("\nWhat a no-op task costs (medians). Per no-op task: (no-op run - one-task run) / (tasks - 1), for the whole"
              " fleet. Round trips per host: commands Bollard sent each host in the no-op run (its --json recap counts them)."
              " One round trip: Bollard's mean wait per command over 20 commands in a row on each host (job/bollard-rtt.yml).\n")
        print("| hosts | forks | tool | tasks | no-op run | one-task run | per no-op task | round trips per host | one round trip |")
        print("|---|---|---|---|---|---|---|---|---|")
        for n, forks, tool, runs in costs:
            t = tasks_in(tool)
            noop = statistics.median(r[0] for r in runs)
            one = statistics.median(r[3]["one"] for r in runs)
            trips = runs[0][3]["trips"]
            ms = [r[3]["ms"] for r in runs if r[3].get("ms") is not None]
            print("| %d | %d | %s | %d | %.2f s | %.2f s | %.0f ms | %s | %s |" % (
                n, forks, tool, t, noop, one, max(0.0, noop - one) / (t - 1) * 1000,
                "%.1f" % trips if trips is not None else "—", "%.1f ms" % statistics.median(ms) if ms else "—"))
    print("\nevery host of every run ended in the state of bench/expected-state.txt (daemon.json keys, rules and sysctl "
          "file hashes, getcap, subuid/subgid, user, marker); check runs left their hosts untouched")


if __name__ == "__main__":
    sys.exit(main())
