#!/usr/bin/env bash
# One quick CPU-per-request reading, for A/B comparisons of JVM options or configs, outside the
# full harness: the gateway pinned to CPU 1 with the AOT cache, wrk (2 threads, 64 connections,
# the harness's chat request) pinned to CPU 0 against the harness's nginx mock on 18001, CPU from
# /proc/<pid>/stat over the measured window only. Start the mock first, in another terminal:
#   ../shared/bench/run.sh --mock-only
#   sluice-bench/direct-ab.sh CONFIG.yaml.in [WARMUP_S] [MEASURE_S] [-- JVM options]
# CONFIG.yaml.in is one of sluice-bench/*.yaml.in (@PORT@, @UPSTREAM@, @KEY_HASH@ filled in;
# for sluice-bench-shared.yaml.in, a PostgreSQL schema and Redis prefix of the run's own, dropped
# at the end).
# AB_BODY=PATH sends that request body instead of the harness's chat request (body-size scaling).
# AB_PROFILE=FILE.collapsed profiles the measured window only (async-profiler, CPU, 1 ms, per
# thread, collapsed stacks), attached after the warm-up; AB_PROFILER=/path/libasyncProfiler.so
# (default /tmp/ap/linux-x64/libasyncProfiler.so).
# Prints: CPU µs per request (and without the JIT compiler threads' share: pass
# -XX:-UseDynamicNumberOfCompilerThreads after -- so that none exits mid-window), requests per
# second, wrk's p50, errors. Alternate A and B runs and repeat: on one core, readings of the same
# build differ by 10-20% from JIT luck and the machine's neighbours.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
bench="${SLUICE_SHARED_BENCH:-$root/../shared/bench}"
config_in=$1; shift
warm=40 measure=20
[[ $# -gt 0 && $1 != -- ]] && { warm=$1; shift; }
[[ $# -gt 0 && $1 != -- ]] && { measure=$1; shift; }
[[ ${1:-} == -- ]] && shift
source "$here/ab-common.sh"
ab_prepare direct-ab
profiler="${AB_PROFILER:-/tmp/ap/linux-x64/libasyncProfiler.so}"
profile="$(realpath -m "${AB_PROFILE:-profile.collapsed}")"
work="$(mktemp -d)"
port=18300
schema=""
if grep -q SLUICE_BENCH_SCHEMA "$config_in"; then # the shared store: a schema and Redis prefix of its own
  schema="sluice_ab_$$"
  export SLUICE_BENCH_SCHEMA=$schema SLUICE_BENCH_SPOOL=$work/spool
  mkdir -p "$SLUICE_BENCH_SPOOL"
fi
cleanup() {
  [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null; wait "${pid:-}" 2>/dev/null
  if [[ -n $schema ]]; then
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE" 2>/dev/null || true
    redis-cli --scan --pattern "$schema:*" | xargs -r redis-cli del >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
hash="$("$root/sluice" hash-key sk-bench-0001)"
sed "s#\${SLUICE_BENCH_DATA}/@PORT@#$work/store#; s#@PORT@#$port#; s#@UPSTREAM@#http://127.0.0.1:18001#; s#@KEY_HASH@#$hash#" \
  "$config_in" > "$work/sluice.yaml"
taskset -c 1 "$java" "${aot[@]}" "$@" -Xms256m -Xmx512m -jar "$jar" serve --config "$work/sluice.yaml" \
  > /dev/null 2> "$work/err.txt" &
pid=$!
url=http://127.0.0.1:$port/v1/chat/completions
body="$(realpath "${AB_BODY:-$bench/load/chat-request.json}")"
until curl -sf -o /dev/null -H 'Authorization: Bearer sk-bench-0001' -H 'Content-Type: application/json' \
    -d @"$body" "$url"; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/err.txt" >&2; exit 1; }
  sleep 0.1
done
cd "$bench"
BENCH_BODY="$body" taskset -c 0 wrk -t2 -c64 -d"${warm}s" -s load/chat.lua "$url" > /dev/null
# CPU ticks of the JIT's compiler threads: C2 can still be compiling (or recompiling after a
# deoptimization) in the measured window, and its seconds there are the largest run-to-run noise.
jit_ticks() {
  local task
  for task in /proc/"$pid"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      C1\ Compiler*|C2\ Compiler*) sed 's/.*) //' "$task/stat" | awk '{print $12 + $13}' ;;
    esac
  done | awk '{s += $1} END {print s + 0}'
}
[[ -n ${AB_PROFILE:-} ]] && "$(dirname "$java")/jcmd" "$pid" JVMTI.agent_load "$profiler" "\"start,event=cpu,interval=1ms,threads\"" > /dev/null
t0=$(awk '{print $14 + $15}' "/proc/$pid/stat"); j0=$(jit_ticks)
out=$(BENCH_BODY="$body" taskset -c 0 wrk -t2 -c64 -d"${measure}s" --latency -s load/chat.lua "$url")
[[ -n ${AB_PROFILE:-} ]] && "$(dirname "$java")/jcmd" "$pid" JVMTI.agent_load "$profiler" "\"stop,collapsed,file=$profile\"" > /dev/null
t1=$(awk '{print $14 + $15}' "/proc/$pid/stat"); j1=$(jit_ticks)
eval "$(echo "$out" | grep '^BENCHJSON' | sed 's/^BENCHJSON //')"
hz=$(getconf CLK_TCK)
echo "$(awk -v a="$t0" -v b="$t1" -v r="$requests" -v hz="$hz" 'BEGIN{printf "%.1f", (b-a)*1e6/hz/r}') CPU us/request" \
  "($(awk -v a="$t0" -v b="$t1" -v ja="$j0" -v jb="$j1" -v r="$requests" -v hz="$hz" \
      'BEGIN{printf "%.1f without the JIT, which took %.1f", (b-a-(jb-ja))*1e6/hz/r, (jb-ja)*1e6/hz/r}'))" \
  "rps=$((requests * 1000000 / duration_us)) p50=${p50}us errors=$((err_status + err_connect + err_read + err_timeout))" \
  "config=$(basename "$config_in") body=$(basename "$body") jvm=[$*]"
