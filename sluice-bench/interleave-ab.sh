#!/usr/bin/env bash
# Two Sluice configurations measured side by side in time: both gateways run at once on CPU 1 (the
# AOT cache, -Xms256m -Xmx512m), wrk (2 threads, 64 connections, the harness's chat request) on
# CPU 0 loads one of them at a time, in short windows that alternate A B, B A, A B ... so that the
# machine's drift (readings of one build wander by 10-40% over minutes on a shared VM) falls on both
# alike: each pair of windows is seconds apart. CPU per request is each process's user+system
# ticks (/proc/<pid>/stat) over its own windows; the one not loaded sits idle meanwhile.
# Start the mock first, in another terminal:
#   ../shared/bench/run.sh --mock-only
#   sluice-bench/interleave-ab.sh [--rate RPS] A.yaml.in B.yaml.in [CYCLES] [WINDOW_S] [WARMUP_S]
# Defaults: 12 cycles of 10 s windows after 60 s of warm-up each (~6 min). Without --rate the load
# saturates the gateway, as the harness's throughput scenario does; there a slower gateway also
# pays more per syscall (wrk and nginx sleep more between its answers, and every write must wake
# them), which inflates any difference. --rate RPS paces the 64 connections (sluice-bench/paced.lua)
# to at most RPS requests a second: below both gateways' ceilings, A and B then serve the same
# arrivals, and the difference is the work each does per request. Prints each cycle's
# CPU µs per request for A and B and B/A, then the medians and the median of the cycle ratios
# (the number to quote: each ratio compares two windows seconds apart). Two processes of the same
# build and config differ too (each JVM compiles its own way): on 2026-11-29 the same jar on both
# sides read about 3% apart, the same side lower in two runs with the sides swapped. An effect
# smaller than that needs a second run with A and B swapped (AB_JAR_A/B, AB_JVM_OPTS_A/B), and is
# real only if it keeps its sign.
# AB_PROFILE=PREFIX profiles both processes over the measured cycles (async-profiler, CPU, 1 ms, per
# thread; start the JVMs with -XX:+EnableDynamicAgentLoading in AB_JVM_OPTS) into PREFIX.a.collapsed
# and PREFIX.b.collapsed, with the requests each served in PREFIX.requests; AB_PROFILER as direct-ab.sh.
# AB_JVM_OPTS_A / AB_JVM_OPTS_B add JVM options to one side only (the same config twice then
# compares two JVM settings).
# AB_JAR_A / AB_JAR_B run one side from another build's jar (the same config twice then compares
# two builds), e.g. one packaged from `git worktree add /tmp/old REV` with ./mvnw package.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
bench="${SLUICE_SHARED_BENCH:-$root/../shared/bench}"
script=load/chat.lua delay_ms=0
if [[ ${1:-} == --rate ]]; then
  script="$here/paced.lua" delay_ms=$((64 * 1000 / $2))
  shift 2
fi
config_a=$1 config_b=$2
cycles=${3:-12} window=${4:-10} warm=${5:-60}
source "$here/ab-common.sh"
ab_prepare interleave-ab
if grep -q SLUICE_BENCH_SCHEMA "$config_a" "$config_b"; then
  echo "interleave-ab: the shared-store config needs a schema of its own; use direct-ab.sh" >&2
  exit 1
fi
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
hash="$("$root/sluice" hash-key sk-bench-0001)"
body="$(realpath "$bench/load/chat-request.json")"
start() { # start NAME CONFIG PORT
  local admin=$(($3 + 100))
  # The telemetry configs fix the admin port (for scraping during a harness run): give each its own.
  sed "s#\${SLUICE_BENCH_DATA}/@PORT@#$work/store-$1#; s#@PORT@#$3#; s#@UPSTREAM@#http://127.0.0.1:18001#; s#@KEY_HASH@#$hash#; s#adminPort: [0-9]*#adminPort: $admin#" \
    "$2" > "$work/$1.yaml"
  local side_opts=AB_JVM_OPTS_${1^^} side_jar=AB_JAR_${1^^}
  local run_jar=$jar opts=("${aot[@]}")
  if [[ -n ${!side_jar:-} ]]; then # another build: the AOT cache belongs to this tree's jar
    run_jar=${!side_jar}
    # shellcheck disable=SC2207
    opts=($("$root/scripts/jvm-options.sh" "$java"))
  fi
  taskset -c 1 "$java" "${opts[@]}" ${AB_JVM_OPTS:-} ${!side_opts:-} -Xms256m -Xmx512m -jar "$run_jar" serve --config "$work/$1.yaml" \
    > /dev/null 2> "$work/$1.err" &
  pids+=($!)
  until curl -sf -o /dev/null -H 'Authorization: Bearer sk-bench-0001' -H 'Content-Type: application/json' \
      -d @"$body" "http://127.0.0.1:$3/v1/chat/completions"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$1.err" >&2; exit 1; }
    sleep 0.1
  done
}
start a "$config_a" 18301
pid_a=${pids[0]}
start b "$config_b" 18302
pid_b=${pids[1]}
cd "$bench"
load() { # load PORT SECONDS -> prints "requests errors"
  BENCH_BODY="$body" BENCH_DELAY_MS=$delay_ms taskset -c 0 wrk -t2 -c64 -d"$2s" -s "$script" \
    "http://127.0.0.1:$1/v1/chat/completions" \
    | grep '^BENCHJSON' | sed 's/^BENCHJSON //' > "$work/wrk.env"
  (source "$work/wrk.env"; echo "$requests $((err_status + err_connect + err_read + err_timeout))")
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
for ((s = 0; s < warm; s += 10)); do # warm both, alternating, as the measurement will
  load 18301 10 > /dev/null
  load 18302 10 > /dev/null
done
measure() { # measure PID PORT -> CPU µs per request; notes "PORT requests" in $work/served
  local t0 t1 requests errors
  t0=$(ticks "$1")
  read -r requests errors < <(load "$2" "$window")
  t1=$(ticks "$1")
  [[ $errors == 0 ]] || echo "interleave-ab: $errors errors on port $2" >&2
  echo "$2 $requests" >> "$work/served"
  awk -v a="$t0" -v b="$t1" -v r="$requests" -v hz="$hz" 'BEGIN{printf "%.1f", (b-a)*1e6/hz/r}'
}
profiler="${AB_PROFILER:-/tmp/ap/linux-x64/libasyncProfiler.so}"
if [[ -n ${AB_PROFILE:-} ]]; then
  for p in "$pid_a" "$pid_b"; do
    "$(dirname "$java")/jcmd" "$p" JVMTI.agent_load "$profiler" "\"start,event=cpu,interval=1ms,threads\"" > /dev/null
  done
fi
echo "A=$(basename "$config_a") B=$(basename "$config_b"), $cycles cycles of ${window}s windows," \
  "$( ((delay_ms)) && echo "paced: ${delay_ms} ms between a connection's requests" || echo saturating), CPU µs/request"
results="$work/results"
for ((c = 1; c <= cycles; c++)); do
  if ((c % 2)); then a=$(measure "$pid_a" 18301); b=$(measure "$pid_b" 18302)
  else b=$(measure "$pid_b" 18302); a=$(measure "$pid_a" 18301); fi
  echo "$a $b" >> "$results"
  awk -v c="$c" -v a="$a" -v b="$b" 'BEGIN{printf "cycle %2d  A %6.1f  B %6.1f  B/A %+5.1f%%\n", c, a, b, (b/a-1)*100}'
done
if [[ -n ${AB_PROFILE:-} ]]; then
  for side in a b; do
    p=$pid_a; [[ $side == b ]] && p=$pid_b
    "$(dirname "$java")/jcmd" "$p" JVMTI.agent_load "$profiler" \
      "\"stop,collapsed,file=$(realpath -m "$AB_PROFILE").$side.collapsed\"" > /dev/null
  done
  awk '$1==18301{a+=$2} $1==18302{b+=$2} END{print "a", a; print "b", b}' "$work/served" > "$AB_PROFILE.requests"
fi
echo "requests/s per window: $(awk '{print $2}' "$work/served" | sort -n | awk -v w="$window" 'NR==1{lo=$1} {hi=$1} END{printf "%d .. %d", lo/w, hi/w}')"
python3 - "$results" <<'EOF'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
a = [r[0] for r in rows]; b = [r[1] for r in rows]; ratios = sorted(r[1] / r[0] - 1 for r in rows)
print("median    A %6.1f  B %6.1f  B/A %+5.1f%% (median of cycle ratios %+5.1f%%, middle half %+.1f%% .. %+.1f%%)" % (
    statistics.median(a), statistics.median(b), (statistics.median(b) / statistics.median(a) - 1) * 100,
    statistics.median(ratios) * 100, ratios[len(ratios) // 4] * 100, ratios[(3 * len(ratios)) // 4] * 100))
EOF
