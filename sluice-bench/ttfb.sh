#!/usr/bin/env bash
# Time to first byte of a stream, added by a proxy: what issue 8's streaming latency target counts.
#   sluice-bench/ttfb.sh --mock                   # a streaming mock on 127.0.0.1:18010 (Ctrl-C stops)
#   sluice-bench/ttfb.sh ROUNDS PER_ROUND DIRECT_PORT PORT...
# --mock serves the harness's SSE answer (../shared/bench/mock/chat-completion.sse) as a provider
# streams it: the first event, then a 3 ms pause, then the rest, each event flushed (nginx with the
# echo module, on CPU 0). So the first event arrives alone, as a model's first token does, and a
# gateway's end-of-stream work (usage, ledger, span) is not in its time to first byte.
# The measurement alternates rounds of PER_ROUND streams over the ports (one keep-alive connection
# each, sluice-bench/ttfb.c on CPU 0) and prints each port's p50 and p90 and the p50 added over
# DIRECT_PORT (the mock itself). Point nginx and the gateways at the mock and warm them first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench="${SLUICE_SHARED_BENCH:-$here/../../shared/bench}"
if [[ ${1:-} == --mock ]]; then
  module=/usr/lib/nginx/modules/ngx_http_echo_module.so
  [[ -f $module ]] || { echo "ttfb: needs nginx's echo module (apt-get install libnginx-mod-http-echo)" >&2; exit 1; }
  work="$(mktemp -d)"; mkdir -p "$work/logs" "$work/tmp"
  trap 'rm -rf "$work"' EXIT
  events=""
  first=1
  while IFS= read -r line; do
    [[ -z $line ]] && continue
    line=${line//\\/\\\\}; line=${line//\'/\\\'}
    events+="            echo -n '$line\\n\\n'; echo_flush;"$'\n'
    ((first)) && events+="            echo_sleep 0.003;"$'\n' && first=0
  done < "$bench/mock/chat-completion.sse"
  cat > "$work/nginx.conf" <<CONF
load_module $module;
worker_processes 1;
pid nginx.pid;
error_log logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fcgi;
    uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;
    keepalive_timeout 300s; keepalive_requests 100000000; client_body_buffer_size 64k;
    server {
        listen 127.0.0.1:18010 reuseport;
        location = /v1/chat/completions {
            default_type text/event-stream;
            add_header Cache-Control no-cache;
$events        }
        location /v1/ { default_type application/json; return 200 '{}'; }
    }
}
CONF
  echo "ttfb: streaming mock on http://127.0.0.1:18010 (first event, 3 ms, the rest)"
  taskset -c 0 nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;'
  exit
fi
rounds=$1 per=$2; shift 2
client="${TMPDIR:-/tmp}/sluice-ttfb"
[[ -x $client && $client -nt $here/ttfb.c ]] || cc -O2 -o "$client" "$here/ttfb.c"
body="$bench/load/chat-request-stream.json"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for ((r = 0; r < rounds; r++)); do
  for port in "$@"; do taskset -c 0 "$client" "$port" "$per" "$body" >> "$out/$port"; done
done
direct=""
for port in "$@"; do
  read -r p50 p90 n < <(sort -n "$out/$port" | awk '{a[NR]=$1} END {print a[int(NR*0.5)], a[int(NR*0.9)], NR}')
  [[ -z $direct ]] && direct=$p50
  printf "port %s: p50 %7.1f µs  p90 %7.1f µs  added p50 %+7.1f µs  (%d streams)\n" "$port" "$p50" "$p90" \
    "$(awk -v a="$p50" -v d="$direct" 'BEGIN{print a-d}')" "$n"
done
