#!/usr/bin/env python3
"""Time to first token through Sluice against the provider direct: one keep-alive connection,
streamed chat requests one after another, the time from sending a request to its first SSE data
byte. Both targets are measured alternately, in rounds, so the machine's drift falls on both; the
client's own cost (Python) is the same on both sides and cancels in the difference.

  sluice-bench/ttft.py DIRECT_URL GATEWAY_URL [REQUESTS_PER_ROUND] [ROUNDS] [WARMUP]
  e.g. sluice-bench/ttft.py http://127.0.0.1:18002 http://127.0.0.1:18300 2000 5

Prints p50 and p90 of each and the gateway's added p50 (µs). WARMUP streams (default 10,000) go
to each first, unmeasured: a JVM gateway warmed under concurrent load recompiles for one request
at a time, and its first few thousand single-connection streams read 2-3x slower (measured:
+258, +123, +104 µs added over the first three rounds of 3,000, then +58 to +113).
"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

BODY = json.dumps({"model": "gpt-4o-mini", "stream": True, "max_tokens": 64,
                   "messages": [{"role": "user", "content": "What is the capital of France?"}]})
HEADERS = {"Content-Type": "application/json", "Authorization": "Bearer sk-bench-0001"}


def ttfts(url, count):
    parsed = urllib.parse.urlparse(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port)
    times = []
    for _ in range(count):
        start = time.perf_counter_ns()
        connection.request("POST", "/v1/chat/completions", BODY, HEADERS)
        response = connection.getresponse()
        first = response.read1(1)  # the first byte of the body: the first event
        elapsed = time.perf_counter_ns() - start
        if response.status != 200 or not first:
            raise SystemExit(f"{url}: status {response.status}")
        response.read()
        times.append(elapsed / 1000)
    connection.close()
    return times


def main():
    direct_url, gateway_url = sys.argv[1], sys.argv[2]
    per_round = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    warmup = int(sys.argv[5]) if len(sys.argv) > 5 else 10_000
    ttfts(direct_url, 200), ttfts(gateway_url, warmup)  # warm both
    direct, gateway = [], []
    for _ in range(rounds):
        direct += ttfts(direct_url, per_round)
        gateway += ttfts(gateway_url, per_round)
    p = lambda xs, q: statistics.quantiles(xs, n=100)[q - 1]
    print(f"direct  p50 {p(direct, 50):7.1f} µs  p90 {p(direct, 90):7.1f} µs  ({len(direct)} streams)")
    print(f"gateway p50 {p(gateway, 50):7.1f} µs  p90 {p(gateway, 90):7.1f} µs  ({len(gateway)} streams)")
    print(f"added time to first byte at p50: {p(gateway, 50) - p(direct, 50):+.1f} µs")


if __name__ == "__main__":
    main()
