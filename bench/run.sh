#!/usr/bin/env bash
# Runs every Scurry benchmark and writes bench/results/latest.json and bench/results/latest.md.
#
#   bench/run.sh            full sizes: 100,000-entry catch-up × 3, a 1,000,000-entry big node
#                           (built once under bench/target/bench-data and reused), JMH 2×1 s + 3×1 s,
#                           the swarm simulator at 1,000 and 10,000 nodes × 0/30/60 % offline, the
#                           gateway path (20,000 posts × 3 runs, 200/s latency, Atom) and the
#                           gateway's memory with 1,000 accounts
#   bench/run.sh --quick    tiny sizes, a few minutes
#   bench/run.sh --only PART    --skip PART (repeatable)    PART: jmh, replication, big, sim, gateway, memory
#   bench/run.sh --entries N --runs N --big-entries N --big-feeds N --gateway-posts N --accounts N
#                --work DIR --out DIR
#   bench/run.sh --only sim --sim-nodes 1000,10000 --sim-offline 0,0.3,0.6 --sim-runs 1 --sim-posts N
#
# The suite's JVM gets BENCH_JAVA_OPTS (default -Xmx12g: the 10,000-node simulation holds every
# node's store in memory); the node and gateway processes of the other benchmarks set their own heap.
#   bench/run.sh --rebuild  rebuild the project first even when it looks built
#
# Run from the repository root (or anywhere: the script changes there).
set -euo pipefail
cd "$(dirname "$0")/.."

rebuild=false
args=()
for a in "$@"; do
  if [[ "$a" == "--rebuild" ]]; then rebuild=true; else args+=("$a"); fi
done

classes=bench/target/classes
lib=bench/target/lib
stamp=bench/target/run.sh.built
if $rebuild || [[ ! -f "$stamp" || ! -f "$classes/META-INF/BenchmarkList" || ! -d "$lib" ]] \
  || [[ -n "$(find pom.xml {swarm,bridges,routes,gateway}/src/main {swarm,bridges,routes,gateway,bench}/pom.xml \
      swarm/src/test/java/org/scurry/swarm/testkit bench/src/main -newer "$stamp" -type f -print -quit)" ]]; then
  echo "== building (mvn -pl bench -am package -DskipTests)" >&2
  # Offline first; online only if a plugin or dependency is missing from the local repository.
  mvn -o -q -B -pl bench -am package -DskipTests || mvn -q -B -pl bench -am package -DskipTests
  touch "$stamp"
fi

# shellcheck disable=SC2086 # options are words
exec java ${BENCH_JAVA_OPTS:--Xmx12g} -cp "$classes:$lib/*" org.scurry.bench.BenchSuite "${args[@]+"${args[@]}"}"
