#!/usr/bin/env bash
# Start-up (issue 8): process start to the first proxied answer, on one core, as ../shared/bench
# measures it (spawn -> first correct answer) but polled every 5 ms and repeated.
#   sluice-bench/startup.sh [--runs 5] [--cpu 1] [--no-aot] [--config FILE.yaml.in] [-- extra JVM options]
# The provider is nginx returning a canned chat.completion; the config is the bench's (a key, a
# route, the access log and metrics on, the embedded store; --config names another of
# sluice-bench/*.yaml.in, e.g. sluice-bench-telemetry.yaml.in for tracing on). Prints each run and the median:
# milliseconds to the first answer and the process's RSS then. As ./sluice starts it: with the
# jar's AOT cache (scripts/aot-cache.sh, JDK 25+) unless --no-aot.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
runs=5 cpu=1 jvm=() aot=true config_in="$here/sluice-bench.yaml.in"
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) runs=$2; shift 2;;
    --cpu) cpu=$2; shift 2;;
    --no-aot) aot=false; shift;;
    --config) config_in=$(realpath "$2"); shift 2;;
    --) shift; jvm=("$@"); break;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done

"$root/sluice" version >/dev/null # builds the jar when missing or stale
java="$("$root/scripts/java-home.sh")/bin/java"
jar="$root/sluice-gateway/target/sluice.jar"
# shellcheck disable=SC2207 # the JVM options ./sluice runs with, words without spaces
jvm=($("$root/scripts/jvm-options.sh" "$java") "${jvm[@]}")
if [[ $aot == true ]]; then
  "$root/scripts/aot-cache.sh"
  [[ -f $root/sluice-gateway/target/sluice.aot ]] && jvm=(-XX:AOTCache="$root/sluice-gateway/target/sluice.aot" "${jvm[@]}")
fi
work="$(mktemp -d)"
provider_port=18211 port=18212
cleanup() {
  [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

answer='{"id":"chatcmpl-startup","object":"chat.completion","created":1735689600,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"ready"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10}}'
cat > "$work/nginx.conf" <<EOF
worker_processes 1; pid $work/nginx.pid; error_log $work/nginx-error.log warn;
events { worker_connections 256; }
http { access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:$provider_port;
    location = /v1/chat/completions { default_type application/json; return 200 '$answer'; } } }
EOF
nginx -p "$work" -c "$work/nginx.conf"

hash="$("$root/sluice" hash-key sk-bench-0001)"
body='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Are you up?"}]}'
results=()
for ((run = 1; run <= runs; run++)); do
  rm -rf "$work/store"
  sed "s#\${SLUICE_BENCH_DATA}/@PORT@#$work/store#; s#@PORT@#$port#; s#@UPSTREAM@#http://127.0.0.1:$provider_port#; s#@KEY_HASH@#$hash#" \
    "$config_in" > "$work/sluice.yaml"
  t0=$(date +%s%N)
  taskset -c "$cpu" "$java" "${jvm[@]}" -Xms256m -Xmx512m -jar "$jar" serve --config "$work/sluice.yaml" \
    > "$work/access.log" 2> "$work/sluice.err" &
  pid=$!
  while true; do
    if curl -s -o "$work/answer" --max-time 2 -H 'Content-Type: application/json' \
        -H 'Authorization: Bearer sk-bench-0001' -d "$body" "http://127.0.0.1:$port/v1/chat/completions" \
        && grep -q '"ready"' "$work/answer"; then
      break
    fi
    kill -0 "$pid" 2>/dev/null || { echo "startup: the gateway exited:" >&2; cat "$work/sluice.err" >&2; exit 1; }
    sleep 0.005
  done
  t1=$(date +%s%N)
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  ms=$(( (t1 - t0) / 1000000 ))
  echo "run $run: first answer after $ms ms, RSS $rss MiB"
  results+=("$ms $rss")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=""
done
printf '%s\n' "${results[@]}" | sort -n | awk '{ms[NR]=$1; rss[NR]=$2} END {m=int((NR+1)/2); print "median: " ms[m] " ms to the first answer, RSS " rss[m] " MiB (" NR " runs, cpu '"$cpu"')"}'
