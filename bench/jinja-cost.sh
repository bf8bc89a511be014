#!/usr/bin/env bash
# What the Jinja engine costs: its start (engine built and first condition evaluated) in a fresh
# JVM with the launcher's flags, with and without the class data sharing archive the launcher
# keeps, then the warm cost of each kind of expression. Prints markdown tables.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$root/app/target/bollard.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -DskipTests package)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -cp "$jar" -d "$work" "$here/jinja/JinjaCost.java"
(cd "$work" && jar cf cost.jar JinjaCost*.class)
cp="$jar:$work/cost.jar"
flags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xms16m -XX:-UsePerfData -Xlog:cds=off -Xlog:cds+dynamic=off)
java "${flags[@]}" -XX:ArchiveClassesAtExit="$work/cost.jsa" -cp "$cp" JinjaCost --start >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
plain=$(for _ in 1 2 3 4 5; do java "${flags[@]}" -cp "$cp" JinjaCost --start; done | median)
shared=$(for _ in 1 2 3 4 5; do java "${flags[@]}" -XX:SharedArchiveFile="$work/cost.jsa" -cp "$cp" JinjaCost --start; done | median)
echo "| Jinja engine start + first condition (fresh JVM, median of 5) | ms |"
echo "|---|---|"
echo "| without class data sharing | $plain |"
echo "| with the launcher's class data sharing archive | $shared |"
echo
java "${flags[@]}" -XX:SharedArchiveFile="$work/cost.jsa" -cp "$cp" JinjaCost
