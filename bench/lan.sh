#!/usr/bin/env bash
# LAN discovery's figure (issue 16, docs/reach.md): how soon a post reaches a node on the same LAN
# that has no configured peer, from that node's start.
#
#   bench/lan.sh [--runs N] [--out DIR]       (bench/run.sh --only lan [--runs N] runs it)
#
# Needs root, iproute2 and the gateway built (bench/run.sh builds it). It makes a LAN of network
# namespaces (a bridge in a hub namespace, hosts 198.51.100.1 and .2, no default route: nothing
# leaves), starts gateway A on .1 with LAN discovery (the default) and posts once. Each run then
# makes a fresh node B on .2 that follows A (a first start with --no-lan, then stopped), starts B
# again with nothing but LAN discovery to find A, and times from B's process start (and from its
# "is up" line, its readiness) to A's post in B's timeline, polling every ~20 ms, and, from B's
# log, from its node's start to its link with A (discovery alone). Reports the
# median of the runs (default 5) to stdout and DIR/latest.md (default bench/results/lan). Everything it
# made is removed at the end, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=5
out=bench/results/lan
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) shift ;;                     # from bench/run.sh --only lan
    lan) ;;
    --runs) runs=$2; shift ;;
    --out) out=$2; shift ;;
    *) echo "bench/lan.sh: unknown option $1 (--runs N, --out DIR)" >&2; exit 2 ;;
  esac
  shift
done
[[ $EUID -eq 0 ]] || { echo "bench/lan.sh: needs root (network namespaces)" >&2; exit 1; }
command -v ip >/dev/null || { echo "bench/lan.sh: needs ip (apt-get install iproute2)" >&2; exit 1; }

p="scurry-benchlan-$$"
hub=$p-hub nsa=$p-a nsb=$p-b
work=$(mktemp -d /tmp/scurry-lan-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]+"${pids[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]+"${pids[@]}"}"; do wait "$pid" 2>/dev/null || true; done
  for n in "$nsa" "$nsb" "$hub"; do ip netns del "$n" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$hub"
ip -n "$hub" link add name lan0 type bridge mcast_snooping 0
ip -n "$hub" link set lan0 up
i=0
for ns in "$nsa" "$nsb"; do
  i=$((i + 1))
  ip netns add "$ns"
  ip link add eth0 netns "$ns" type veth peer name "h$i" netns "$hub"
  ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1
  ip -n "$ns" addr add "198.51.100.$i/24" dev eth0
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  ip -n "$hub" link set "h$i" master lan0
  ip -n "$hub" link set "h$i" up
done

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# start NS DATA LOG [OPTIONS...]: a gateway in NS on the default ports (each namespace has its own)
start() {
  local ns=$1 data=$2 log=$3
  shift 3
  ip netns exec "$ns" ./scurry gateway --data "$data" --mqtt-port 0 --management-port 0 "$@" >"$log" 2>&1 &
  pids+=($!)
}
await_up() {
  local log=$1
  for _ in $(seq 1 1200); do grep -q " is up: API " "$log" && return 0; sleep 0.05; done
  echo "bench/lan.sh: no gateway came up:" >&2; cat "$log" >&2; exit 1
}
cli() { local ns=$1 data=$2; shift 2; ip netns exec "$ns" ./scurry --node http://127.0.0.1:8470 --data "$data" "$@"; }

echo "== node A on 198.51.100.1" >&2
start "$nsa" "$work/a" "$work/a.log"
await_up "$work/a.log"
ida=$(cli "$nsa" "$work/a" id)
text="held on the LAN $(date +%s)"
cli "$nsa" "$work/a" post "$text" >/dev/null

# ms since the epoch of the first log line of FILE matching PATTERN (the log's own ISO timestamps)
log_ms() { local line; line=$(grep -m1 "$2" "$1" | cut -d" " -f1); [[ -n "$line" ]] && echo $(($(date -d "$line" +%s%N) / 1000000)); }

from_start=() from_ready=() to_link=() to_heard=()
for run in $(seq 1 "$runs"); do
  data="$work/b$run"
  echo "== run $run: a fresh node B that follows A" >&2
  start "$nsb" "$data" "$work/b$run-prep.log" --no-lan
  await_up "$work/b$run-prep.log"
  cli "$nsb" "$data" follow "$ida" >/dev/null
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'

  log="$work/b$run.log"
  t0=$(now_ms)
  start "$nsb" "$data" "$log"
  ready=""
  held=""
  for _ in $(seq 1 3000); do
    [[ -z "$ready" ]] && grep -q " is up: API " "$log" && ready=$(now_ms)
    if ip netns exec "$nsb" curl -fsS -m 1 "http://127.0.0.1:8470/api/timeline?limit=5" 2>/dev/null | grep -q "$text"; then
      held=$(now_ms)
      [[ -z "$ready" ]] && ready=$held   # up and holding it within one poll
      break
    fi
    sleep 0.02
  done
  [[ -n "$held" ]] || { echo "bench/lan.sh: run $run: the post never arrived" >&2; cat "$log" >&2; exit 1; }
  from_start+=($((held - t0)))
  from_ready+=($((held - ready)))
  # the node's own part: from its peer port listening to its link with A, by its log's clock
  listening=$(log_ms "$log" "listening for peers on /")
  linked=$(log_ms "$log" "SessionLife - peer .* linked")
  to_link+=($((linked - listening)))
  heard=$(log_ms "$log" "LAN neighbour .* dialling")
  to_heard+=($((heard - listening)))
  echo "run $run: held $((held - t0)) ms after B's start, $((held - ready)) ms after its readiness;" \
    "A heard $((heard - listening)) ms and linked $((linked - listening)) ms after its node started" >&2
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
done

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ms=$(median "${from_start[@]}")
mr=$(median "${from_ready[@]}")
ml=$(median "${to_link[@]}")
mh=$(median "${to_heard[@]}")
load=$(cut -d" " -f1 /proc/loadavg)
mkdir -p "$out"
{
  echo "# LAN discovery: a post reaches a node on the same LAN with no configured peer"
  echo
  echo "Node B (no --peer, follows A) starts on a namespace LAN with A; A's post is in B's timeline."
  echo "Median of $runs runs, $(date -u +%Y-%m-%dT%H:%MZ), load $load, $(nproc) cores (bench/lan.sh)."
  echo
  echo "| from | median ms | runs (ms) |"
  echo "| --- | --- | --- |"
  echo "| B's process start (JVM start included) | $ms | ${from_start[*]} |"
  echo "| B's readiness (its \"is up\" line) | $mr | ${from_ready[*]} |"
  echo "| B's node start to hearing A (B's log) | $mh | ${to_heard[*]} |"
  echo "| B's node start to its link with A (B's log; no JVM, Camel or HTTP start) | $ml | ${to_link[*]} |"
  echo
  echo "The timeline is read through B's HTTP API, which answers only once B is up: a post held before"
  echo "that shows at B's readiness. The last two rows are LAN discovery's own part (the link adds a TCP"
  echo "connection and the handshake in a JVM that has just started)."
} | tee "$out/latest.md"
