#!/usr/bin/env bash
# Runs every Scurry benchmark and writes bench/results/latest.json and bench/results/latest.md.
#
#   bench/run.sh            full sizes: 100,000-entry catch-up × 3, a 1,000,000-entry big node
#                           (stores built once under bench/target/bench-data and reused), JMH 2×1 s +
#                           3×1 s, the swarm simulator at 1,000 and 10,000 nodes × 0/30/60 % offline
#                           (3 swarms of 1,000 and 1 of 10,000 per share, each in 3 measurement
#                           windows), the gateway path (20,000 posts × 3 runs, 200/s latency, Atom),
#                           the gateway's memory with 1,000 accounts × 3 runs, the history
#                           servers × 3 runs, fuzzing (1,000,000 inputs through the wire decoder,
#                           the receiving pipeline, the handshake and entries into a store), the
#                           hostile load (100,000-entry catch-up from a node with 50 peers, 10 of
#                           them hostile, against the same without them, × 3 runs) and the package
#                           (sizes of dist/target's .tar.gz and .deb, 5 starts from the unpacked
#                           tarball against 5 of ./scurry): every figure is the median of several runs
#   bench/run.sh --quick    tiny sizes, a few minutes
#   bench/run.sh --only PART    --skip PART (repeatable)
#                PART: jmh, replication, big, sim, gateway, brokers, memory, history, fuzz, hostile, package, pg, lan, search, relay
#   bench/run.sh --only lan [--runs N]
#                (not part of the full run: it needs root for network namespaces) LAN discovery: how
#                soon a node on the same LAN with no configured peer holds a post, from its start
#                (bench/lan.sh; median of 5 runs, bench/results/lan/latest.md)
#   bench/run.sh --only search [--big-entries N] [--big-feeds N]
#                (not part of the full run: indexing 1,000,000 entries takes minutes on 2 shared cores)
#                full-text search over the big node's store (built as for the big part and shared with it):
#                the index built from the store (indexing rate), then 300 queries of each kind after 50
#                unmeasured (median and p99), once per --runs
#   bench/run.sh --only relay [--runs N]
#                (not part of the full run) catch-up of 10,000 entries through a relay against a direct
#                link, same run; the relay's CPU per relayed entry (docs/reach.md)
#   bench/run.sh --only pg [--pg-entries N] [--pg-read-entries N]
#                (not part of the full run, which it would lengthen by about 6 min)
#                a history server on PostgreSQL (a server the part starts from the Debian binaries):
#                catch-up of 100,000 entries against H2 in run pairs, timeline and range reads on
#                1,000,000 entries (--pg-read-entries 10000000: about 25 min more on 2 shared cores)
#   bench/run.sh --entries N --runs N --big-entries N --big-feeds N --gateway-posts N --accounts N
#                --gap N --fuzz-inputs N --dist DIR --work DIR --out DIR
#   bench/run.sh --only sim --sim-nodes 1000,10000 --sim-offline 0,0.3,0.6 --sim-runs N --sim-windows N
#                --sim-posts N --sim-jobs N
#                (--sim-runs: swarms per size and share, default 3 up to 1,000 nodes and 1 above;
#                --sim-windows: measurement windows per swarm, default 3; --sim-posts: per window;
#                --sim-jobs: simulations at once, each in its own JVM)
#   bench/run.sh --only sim --sim-nodes 10000 --sim-offline 0.3 --sim-nat 0,0.7
#                [--sim-relays N] [--sim-relay-clients N] [--sim-relay-tunnels N] [--sim-reversal on|off]
#                [--sim-punch P]
#                (issue 16: a share of the nodes behind NAT, reached through relays, against none in
#                the same run; not in the full run, whose simulator has no NAT: two more 10,000-node
#                swarms would take it past its 20 minutes; see docs/performance.md "Nodes behind NAT")
#
# How long: a full run from a fresh clone took 15 min 10 s on 2 cores at load 0.6-3.2 (minutes:
# build 0.2, stores 0.9, JMH 1.3, replication 3.4, big node 0.4, simulator 4.2 with two simulations
# at once, gateway 1.7, memory 1.6, history 1.6; bench/results/latest.md; 18 min 21 s in an earlier
# run at higher load); the fuzz (0.4) and hostile (3.7 at load 4-6) parts came later and add about
# 4 minutes (measured alone); a later run reuses the build and the stores, about 1 minute less; a
# loaded machine takes longer in proportion.
# latest.md and latest.json record each part's wall and CPU time, the load average, and the total
# from this script's start against the issue's 20 minutes.
# The package part (after those runs) adds about a minute, and building dist about 30 s of CPU.
# The brokers part (issue 19: bare Mosquitto, Moquette, HiveMQ CE and the gateway, 3 rounds) came
# later: 9 min 50 s at load 11 -> 4, which would take a full run past 20 minutes, so like pg it
# runs only with --only brokers.
#   --sim-jobs: default 2 on 2 cores when 18 GiB of memory is available, else 1
#
# The suite's JVM gets BENCH_JAVA_OPTS (default -Xmx12g: the simulator at --sim-jobs 1 holds every
# node's store of a 10,000-node swarm in memory); each simulator child JVM gets BENCH_SIM_JAVA_OPTS
# (default -Xmx8g); the node and gateway processes of the other benchmarks set their own heap.
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

# Prosody for the gateway memory benchmark, Mosquitto for the broker comparison, a font for the
# simulator's chart, libsodium (the replication figures for its path) and PostgreSQL's binaries
# (the pg part), as .ci/run installs them; without apt-get (not Debian) the memory figure is left
# out with a note.
if command -v apt-get >/dev/null && command -v dpkg-query >/dev/null; then
  ENSURE_PACKAGES_FOR=bench/run.sh .ci/ensure-packages prosody fonts-dejavu-core libsodium23 postgresql mosquitto \
    || echo "bench/run.sh: could not install prosody (the memory benchmark will say it was not measured)" >&2
fi

# The run's own clock starts here: BenchSuite reports the time by part and in total, build included.
export BENCH_STARTED_MS=$(($(date +%s%N) / 1000000))

classes=bench/target/classes
lib=bench/target/lib
stamp=bench/target/run.sh.built
if $rebuild || [[ ! -f "$stamp" || ! -f "$classes/META-INF/BenchmarkList" || ! -d "$lib" || ! -d bench/hivemq/target/lib ]] \
  || ! compgen -G "dist/target/scurry_*.deb" >/dev/null \
  || [[ -n "$(find pom.xml {swarm,testkit,bridges,routes,gateway}/src/main {swarm,testkit,bridges,routes,gateway,bench,bench/hivemq,dist}/pom.xml \
      bench/src/main bench/hivemq/src/main dist/src/main dist/src/deb config \
      -newer "$stamp" -type f -print -quit)" ]]; then
  # The distribution too, for the package part (its jlink step is skipped while the runtime is current).
  echo "== building (mvn -pl bench,bench/hivemq,dist -am package -DskipTests)" >&2
  build_start=$(date +%s%N)
  # Offline first, quietly (on a fresh machine it fails on the first missing artifact and its
  # errors only alarm); online if that failed, which also prints any real build error.
  mvn -o -q -B -pl bench,bench/hivemq,dist -am package -DskipTests >/dev/null 2>&1 \
    || { echo "== offline build failed (missing artifacts?); building online" >&2
         mvn -q -B -pl bench,bench/hivemq,dist -am package -DskipTests; }
  touch "$stamp"
  # Wall time, and the CPU time of the finished children (Maven) from this shell's `times` (run in
  # this shell, not in a $(...) subshell, which has no children of its own).
  BENCH_BUILD_SECONDS=$(awk -v a="$build_start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  times_file=$(mktemp)
  times >"$times_file"
  BENCH_BUILD_CPU_SECONDS=$(awk 'NR == 2 {
    t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] }; printf "%.1f", t }' "$times_file")
  rm -f "$times_file"
  BENCH_BUILD_LOAD=$(cut -d" " -f1 /proc/loadavg)
  export BENCH_BUILD_SECONDS BENCH_BUILD_CPU_SECONDS BENCH_BUILD_LOAD
fi

# The LAN part is a script of its own (network namespaces and gateway processes, no JVM of the suite).
if [[ " ${args[*]-} " == *" --only lan "* ]]; then
  exec bench/lan.sh "${args[@]}"
fi

# shellcheck disable=SC2086 # options are words
exec java ${BENCH_JAVA_OPTS:--Xmx12g} -cp "$classes:$lib/*" org.scurry.bench.BenchSuite "${args[@]+"${args[@]}"}"
