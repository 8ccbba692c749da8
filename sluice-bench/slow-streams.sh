#!/usr/bin/env bash
# Memory per open stream (issue 8): N concurrent slow streams held through one Sluice process.
#   sluice-bench/slow-streams.sh [--streams 10000] [--seconds 30] [--http2 [--h2-streams 128]] [--heap 512m] [--keep]
# A provider (nginx with the echo module, as ../shared/bench uses) streams one chat.completion.chunk
# a second for --seconds, then usage and [DONE]; SlowStreams opens every stream, reads Sluice's RSS
# while all are open, and checks that each ends with [DONE]. --http2 sends the streams to the
# provider over HTTP/2 (h2c, the backend's `http2: true`): over HTTP/1.1 every stream holds two
# sockets in the gateway, and 10,000 streams need more descriptors than `ulimit -Hn` (20,000
# here) gives one process.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
streams=10000 seconds=30 http2=false heap=512m keep=false h2streams=128
while [[ $# -gt 0 ]]; do
  case $1 in
    --streams) streams=$2; shift 2;;
    --seconds) seconds=$2; shift 2;;
    --http2) http2=true; shift;;
    --heap) heap=$2; shift 2;;
    --keep) keep=true; shift;;
    --h2-streams) h2streams=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
ulimit -n "$(ulimit -Hn)"

echo_mod=""
for m in /usr/lib/nginx/modules/ngx_http_echo_module.so /usr/share/nginx/modules/ngx_http_echo_module.so; do
  [[ -f $m ]] && echo_mod=$m && break
done
[[ -n $echo_mod ]] || { echo "slow-streams: needs nginx and libnginx-mod-http-echo (apt)" >&2; exit 1; }

"$root/sluice" version >/dev/null # builds the jar when missing or stale
(cd "$root" && ./mvnw -q -o -B -DskipTests -pl sluice-bench -am package) >/dev/null
java="$("$root/scripts/java-home.sh")/bin/java"
work="$(mktemp -d)"
provider_port=18201 gateway_port=18202
cleanup() {
  [[ -n ${gateway:-} ]] && kill "$gateway" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  if [[ $keep == true ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

chunk='data: {"id":"chatcmpl-slow","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"tick "},"finish_reason":null}],"usage":null}'
usage='data: {"id":"chatcmpl-slow","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":'"$seconds"',"total_tokens":'"$((seconds + 12))"'}}'
{
  echo "load_module $echo_mod;"
  echo "worker_processes 1; worker_rlimit_nofile 20000; pid $work/nginx.pid; error_log $work/nginx-error.log warn;"
  echo "events { worker_connections 19000; multi_accept on; }"
  echo "http { access_log off; keepalive_timeout 300s; keepalive_requests 100000000;"
  echo "  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;"
  echo "  http2_max_concurrent_streams $h2streams;" # 128: nginx's default, and typical of providers
  if [[ $http2 == true ]]; then
    echo "  server { listen 127.0.0.1:$provider_port http2 backlog=16384;"
  else
    echo "  server { listen 127.0.0.1:$provider_port backlog=16384;"
  fi
  echo "    location = /v1/chat/completions { default_type text/event-stream; echo_read_request_body;"
  for ((i = 0; i < seconds; i++)); do
    echo "      echo '$chunk'; echo ''; echo_flush; echo_sleep 1;"
  done
  echo "      echo '$usage'; echo ''; echo 'data: [DONE]'; echo ''; }"
  echo "  }"
  echo "}"
} > "$work/nginx.conf"
nginx -p "$work" -c "$work/nginx.conf"

hash="$("$root/sluice" hash-key sk-bench-0001)"
cat > "$work/sluice.yaml" <<EOF
server: { host: 127.0.0.1, port: $gateway_port, adminPort: 0 }
backends:
  - { name: slow, type: openai-compatible, url: "http://127.0.0.1:$provider_port",$([[ $http2 == true ]] && echo " http2: true,")
      maxConcurrent: 20000, timeouts: { firstByte: 60s, idle: 60s } }
routes:
  # The whole request may last longer than the default 120 s: a held stream is the point.
  - { name: all, match: { models: ["*"] }, targets: [ { backend: slow } ], timeout: 10m }
keys:
  - { id: bench, hash: "$hash", owner: bench }
observability: { accessLog: { to: "file:$work/access.log" } }
store: { path: "$work/store" }
EOF
"$java" -Xms"$heap" -Xmx"$heap" -jar "$root/sluice-gateway/target/sluice.jar" serve --config "$work/sluice.yaml" \
  > "$work/sluice.out" 2>&1 &
gateway=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$gateway_port/" && break
  sleep 0.1
done

echo "slow-streams: $streams streams of ${seconds} s, provider over $([[ $http2 == true ]] && echo HTTP/2 || echo HTTP/1.1), heap $heap"
"$java" -cp "$here/target/benchmarks.jar" dev.sluice.bench.SlowStreams \
  "http://127.0.0.1:$gateway_port/v1/chat/completions" "$streams" "$gateway"
status=$?
echo "access-log records   $(wc -l < "$work/access.log")"
echo "gateway errors       $(grep -c -E 'ERROR|Exception' "$work/sluice.out" || true)"
exit $status
