#!/usr/bin/env bash
# Builds Sluice and measures it with ../shared/bench/run.sh beside direct, nginx and Portkey.
#   sluice-bench/run-bench.sh                    # the full run (~6 min)
#   sluice-bench/run-bench.sh --quick            # wiring check
#   sluice-bench/run-bench.sh --upstream sse     # streaming
#   sluice-bench/run-bench.sh --limits           # limits and budgets on (sluice-bench-limits.yaml.in)
#   sluice-bench/run-bench.sh --production       # everything issue 8 counts as a production config:
#                                                # limits, budgets, every request traced, metrics on
#                                                # Prometheus and OTLP (sluice-bench-production.yaml.in)
#   sluice-bench/run-bench.sh --shared           # the limits on store redis-postgres (the local Redis
#                                                # and PostgreSQL; sluice-bench-shared.yaml.in)
#   sluice-bench/run-bench.sh --floor            # beside VertxFloor, Vert.x's HTTP server and client
#                                                # relaying and nothing else (targets-floor.conf);
#                                                # with --limits, the limits config beside it
#   sluice-bench/run-bench.sh --telemetry        # Sluice with tracing and metrics off, metrics only,
#                                                # both on, and traces sampled at 10% (targets-telemetry.conf)
# Any option is passed to run.sh; the report lands in ./bench-results/ of the folder you run it
# from (or where --out FILE says).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
bench="${SLUICE_SHARED_BENCH:-$root/../shared/bench}"
[ -x "$bench/run.sh" ] || { echo "run-bench: no $bench/run.sh (set SLUICE_SHARED_BENCH)" >&2; exit 1; }

"$root/sluice" version >/dev/null # builds the jar when it is missing or stale
"$root/scripts/aot-cache.sh"      # and its AOT cache (JDK 25+), as ./sluice starts with it
SLUICE_AOT_OPTS=""
[ -f "$root/sluice-gateway/target/sluice.aot" ] && SLUICE_AOT_OPTS="-XX:AOTCache=$root/sluice-gateway/target/sluice.aot"
SLUICE_JAR="$root/sluice-gateway/target/sluice.jar"
SLUICE_JAVA="$("$root/scripts/java-home.sh")/bin/java"
# The JVM options ./sluice runs with; VertxFloor gets them too (the same Netty, the same way).
SLUICE_JVM_OPTS="$("$root/scripts/jvm-options.sh" "$SLUICE_JAVA")"
SLUICE_KEY_HASH="$("$root/sluice" hash-key sk-bench-0001)"
SLUICE_BENCH_CONFIG="$here/sluice-bench.yaml.in"
SLUICE_BENCH_DIR="$here"
targets="$here/targets.conf"
label="baseline"
passed=()
shared=""
for arg in "$@"; do # --limits, --production, --shared, --telemetry and --floor are ours; the rest goes to run.sh
  if [[ $arg == --limits ]]; then
    SLUICE_BENCH_CONFIG="$here/sluice-bench-limits.yaml.in"
    label="limits"
  elif [[ $arg == --production ]]; then
    SLUICE_BENCH_CONFIG="$here/sluice-bench-production.yaml.in"
    label="production"
  elif [[ $arg == --shared ]]; then
    SLUICE_BENCH_CONFIG="$here/sluice-bench-shared.yaml.in"
    label="shared"
    shared=yes
  elif [[ $arg == --telemetry ]]; then
    targets="$here/targets-telemetry.conf"
    label="telemetry"
  elif [[ $arg == --floor ]]; then
    targets="$here/targets-floor.conf"
    floor=yes
  else
    passed+=("$arg")
  fi
done
set -- "${passed[@]}"
[[ -n ${floor:-} ]] && label="floor-$label"
SLUICE_BENCH_JAR="$here/target/benchmarks.jar"
if [[ -n ${floor:-} && ! -f $SLUICE_BENCH_JAR ]]; then # VertxFloor lives in the JMH jar
  (cd "$root" && ./mvnw -q -pl sluice-bench -am package -Dmaven.test.skip=true)
fi
export SLUICE_BENCH_JAR
SLUICE_BENCH_DATA="$(mktemp -d)" # each target's embedded store, under its port; removed after
export SLUICE_AOT_OPTS SLUICE_JVM_OPTS SLUICE_JAR SLUICE_JAVA SLUICE_KEY_HASH SLUICE_BENCH_CONFIG SLUICE_BENCH_DIR SLUICE_BENCH_DATA
if [[ -n $shared ]]; then # a PostgreSQL schema and Redis prefix of this run's own, removed after
  SLUICE_BENCH_SCHEMA="sluice_bench_$$"
  SLUICE_BENCH_SPOOL="$(mktemp -d)"
  export SLUICE_BENCH_SCHEMA SLUICE_BENCH_SPOOL
  cleanup() {
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $SLUICE_BENCH_SCHEMA CASCADE" || true
    redis-cli --scan --pattern "$SLUICE_BENCH_SCHEMA:*" | xargs -r redis-cli del >/dev/null || true
    rm -rf "$SLUICE_BENCH_SPOOL" "$SLUICE_BENCH_DATA"
  }
  trap cleanup EXIT
else
  trap 'rm -rf "$SLUICE_BENCH_DATA"' EXIT
fi

# run.sh writes into its own results/ folder unless told otherwise: keep reports with the caller.
out=()
if [[ " $* " != *" --out "* ]]; then
  args=("$@")
  for ((i = 0; i < ${#args[@]}; i++)); do
    [[ ${args[i]} == --label ]] && label="${args[i+1]}"
  done
  mkdir -p "$PWD/bench-results"
  out=(--out "$PWD/bench-results/$(date +%F)-sluice-$label.md")
fi

# Not exec: the EXIT trap removes the run's stores (and the shared run's schema) afterwards.
"$bench/run.sh" --targets-file "$targets" "${out[@]}" "$@"

