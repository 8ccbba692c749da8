#!/usr/bin/env bash
# Builds sluice-gateway/target/sluice.aot, the JDK 25 AOT cache of sluice.jar (JEP 483/514/515:
# its classes loaded and linked, and method profiles, from a training run), so that the next starts
# skip that work: about half the time to the first answer (docs/benchmarks.md, "Start-up").
#   scripts/aot-cache.sh          # when the cache is missing or older than the jar
#   scripts/aot-cache.sh --force
# The training run is offline: the gateway on two loopback ports proxies a model to itself (an
# openai-compatible backend on its own port, so the upstream HTTP client is exercised), which
# answers from the built-in mock backend; chat, streams, embeddings and Anthropic messages go
# through it with limits and a budget on. `./sluice serve` makes and uses it; a JVM that
# cannot use it (another JDK, other options) warns and starts without it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/sluice-gateway/target/sluice.jar"
cache="$root/sluice-gateway/target/sluice.aot"
java="$("$root/scripts/java-home.sh")/bin/java"

[ -f "$jar" ] || { echo "aot-cache: no $jar (build it first: ./sluice version)" >&2; exit 1; }
if [[ ${1:-} != --force && -f $cache && $cache -nt $jar ]]; then
  exit 0
fi
probe="$(mktemp -u)"
if ! "$java" -XX:AOTCacheOutput="$probe" -version >/dev/null 2>&1; then
  echo "aot-cache: this JDK has no AOT cache (JDK 25 or newer needed); skipped" >&2
  exit 0
fi
rm -f "$probe"

work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
admin=$((port + 1))
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/train.yaml" <<EOF
server: { host: 127.0.0.1, port: $port, adminPort: $admin }
backends:
  - { name: mock, type: mock }
  - { name: self, type: openai-compatible, url: "http://127.0.0.1:$port", apiKey: sk-aot-train }
routes:
  - { name: upstream, match: { models: ["train-upstream"] }, targets: [ { backend: self, model: gpt-4o-mini } ] }
  - { name: rest, match: { models: ["*"] }, targets: [ { backend: mock } ] }
teams:
  - name: train
    limits: [ { requests: 1000000, per: 1m }, { tokens: 1000000000, per: 1m } ]
    budget: { usd: 1000000, per: month }
keys:
  - { id: train, key: sk-aot-train, owner: train, team: train }
# Tracing and OTLP metrics on, so that their classes are archived too: spans (sent to the admin
# port, which refuses them) and the last metrics push go out as the training run stops.
observability:
  accessLog: { to: stdout }
  otlp: { endpoint: "http://127.0.0.1:$admin", traces: true, metrics: true, sampleRatio: 1.0 }
store: { path: "$work/store" }
EOF
echo "aot-cache: training run for $cache ..." >&2
# shellcheck disable=SC2046 # trained with the options ./sluice runs with
"$java" -XX:AOTCacheOutput="$cache.tmp" $("$root/scripts/jvm-options.sh" "$java") -jar "$jar" serve --config "$work/train.yaml" \
  > "$work/out.log" 2> "$work/err.log" &
pid=$!
for _ in $(seq 1 300); do
  curl -s -o /dev/null "http://127.0.0.1:$admin/healthz" && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err.log" >&2; exit 1; }
  sleep 0.1
done
send() { # path body
  curl -s -o /dev/null -H 'Authorization: Bearer sk-aot-train' -H 'x-api-key: sk-aot-train' \
    -H 'anthropic-version: 2023-06-01' -H 'Content-Type: application/json' -d "$2" \
    "http://127.0.0.1:$port$1" || true
}
for _ in $(seq 1 20); do
  for model in train-upstream gpt-4o-mini; do
    send /v1/chat/completions '{"model":"'$model'","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hi."}],"max_tokens":20}'
    send /v1/chat/completions '{"model":"'$model'","stream":true,"messages":[{"role":"user","content":"Count to three."}]}'
  done
  send /v1/embeddings '{"model":"text-embedding-3-small","input":"hello"}'
  send /v1/messages '{"model":"claude-sonnet-4-5","max_tokens":20,"messages":[{"role":"user","content":"hi"}]}'
  send /v1/chat/completions '{"model":"gpt-4o-mini"}' # a 400
  curl -s -o /dev/null "http://127.0.0.1:$port/v1/models" -H 'Authorization: Bearer sk-aot-train'
  curl -s -o /dev/null "http://127.0.0.1:$admin/metrics"
done
kill "$pid"
wait "$pid" 2>/dev/null || true # the cache is written as the JVM exits
pid=""
[ -f "$cache.tmp" ] || { echo "aot-cache: the training run wrote no cache:" >&2; cat "$work/err.log" >&2; exit 1; }
mv "$cache.tmp" "$cache"
echo "aot-cache: $cache ($(du -m "$cache" | cut -f1) MB)" >&2
