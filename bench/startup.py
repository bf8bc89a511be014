#!/usr/bin/env python3
"""What a one-host run costs: wall time and peak RSS of Bollard on fresh sshd containers (started
the way run.py starts them), for a no-op run and a fresh apply of the benchmark job, medians over
alternating repetitions. With --variant NAME=OPTS (repeatable) it compares JVM option sets A/B,
run after run, on the same hosts: OPTS go into BOLLARD_JAVA_OPTS, and a leading ENV=VALUE word
(e.g. MALLOC_ARENA_MAX=2) goes into the environment; BOLLARD=PATH runs another launcher (another
checkout's build, to compare code). --phases prints where the time of one run
goes (BOLLARD_TIMINGS=1) and how many classes it loaded."""
import argparse
import os
import re
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (start_targets, stop_targets, inventory, timed, sh)

JOB = os.path.join(run.BENCH, "job", "bollard.yml")
run.LABEL = "dev.bollard.startup=true"  # its own containers: a bench run elsewhere on the machine is left alone


FORKS = 10


def bollard(inv, opts, env_extra, extra_args=(), timings=False):
    env = dict(os.environ, BOLLARD_JAVA_OPTS=opts, **env_extra)
    if timings:
        env["BOLLARD_TIMINGS"] = "1"
    cmd = [env.pop("BOLLARD", os.path.join(run.ROOT, "bollard")), JOB, "-i", inv, "-f", str(FORKS), "--host-key-policy", "off", "--json"]
    return run.timed(cmd + list(extra_args), env)


def parse_variant(text):
    name, _, rest = text.partition("=")
    env, words = {}, rest.split()
    while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):
        k, _, v = words.pop(0).partition("=")
        env[k] = v
    return name, " ".join(words), env


def fresh(n, key, tmp):
    ids, addrs = run.start_targets(n, key + ".pub")
    inv = os.path.join(tmp, "inv.yml")
    run.inventory(inv, addrs, key)
    return ids, inv


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--hosts", type=int, default=1)
    ap.add_argument("--forks", type=int, default=10)
    ap.add_argument("--scenarios", default="noop,apply")
    ap.add_argument("--variant", action="append", default=[], help="NAME=[ENV=V ...] JAVA OPTS; default: the launcher as is")
    ap.add_argument("--phases", action="store_true", help="also print one run's phase times and class count")
    a = ap.parse_args()
    global FORKS
    FORKS = a.forks
    variants = [parse_variant(v) for v in a.variant] or [("launcher", os.environ.get("BOLLARD_JAVA_OPTS", ""), {})]
    tmp = tempfile.mkdtemp(prefix="bollard-startup-")
    key = os.path.join(tmp, "id_ed25519")
    run.sh(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
    res = {(v[0], s): [] for v in variants for s in a.scenarios.split(",")}
    # the first run after a build records the class-data archive: let it happen unmeasured
    ids, inv = fresh(a.hosts, key, tmp)
    try:
        for _, _, env in variants:
            bollard(inv, "", env)
        if "noop" in a.scenarios:
            for rep in range(a.reps):
                for name, opts, env in variants:
                    wall, cpu, rss, code, out = bollard(inv, opts, env)
                    if code:
                        raise SystemExit("%s no-op run failed:\n%s" % (name, out[-3000:]))
                    res[(name, "noop")].append((wall, cpu, rss))
        if a.phases:
            for name, opts, env in variants:
                _, _, _, code, out = bollard(inv, opts + " -Xlog:class+load=info:file=%s/classes.log" % tmp, env, timings=True)
                loaded = sum(1 for _ in open(os.path.join(tmp, "classes.log")))
                shared = sum(1 for l in open(os.path.join(tmp, "classes.log")) if "shared objects file" in l)
                print("## %s: no-op run phases (BOLLARD_TIMINGS=1), %d classes loaded, %d from the archive" % (name, loaded, shared))
                for line in out.splitlines():
                    if line.startswith("timing"):
                        print("    " + line)
    finally:
        run.stop_targets(ids)
    if "apply" in a.scenarios:
        for rep in range(a.reps):
            for name, opts, env in variants:
                ids, inv = fresh(a.hosts, key, tmp)
                try:
                    wall, cpu, rss, code, out = bollard(inv, opts, env)
                    if code:
                        raise SystemExit("%s apply failed:\n%s" % (name, out[-3000:]))
                    run.check_state("bollard", run.fingerprints(ids))
                    res[(name, "apply")].append((wall, cpu, rss))
                finally:
                    run.stop_targets(ids)
    print("| variant | scenario | hosts | wall (median, min-max) | CPU | peak RSS |")
    print("|---|---|---|---|---|---|")
    for (name, scenario), rows in res.items():
        if rows:
            print("| %s | %s | %d | %s | %s | %s |" % (name, scenario, a.hosts, run.fmt([r[0] for r in rows], " s"),
                                                     run.fmt([r[1] for r in rows], " s"), run.fmt([r[2] for r in rows], " MiB")))


if __name__ == "__main__":
    sys.exit(main())
