package dev.sluice.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory per open stream (issue 8): opens {@code streams} concurrent streaming chat requests
 * through a running Sluice to a provider that sends one event a second, holds them all open, and
 * reads the gateway's resident memory while they are held. Every stream must end with
 * {@code data: [DONE]}; any other end is an error. Run by {@code sluice-bench/slow-streams.sh},
 * which starts the slow provider (nginx) and the gateway and passes its pid.
 *
 * <pre>
 * java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.SlowStreams URL STREAMS GATEWAY_PID
 * </pre>
 */
public final class SlowStreams {
  private static final String BODY = """
      {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Count slowly."}]}""";

  /** Why streams failed, counted. */
  private static final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> FAILURES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private SlowStreams() {}

  private static void failure(String why) {
    FAILURES.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int streams = Integer.parseInt(args[1]);
    long pid = Long.parseLong(args[2]);
    java.net.URI uri = java.net.URI.create(url);

    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(
        new HttpClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort())
            .setKeepAlive(true).setConnectTimeout(30_000).setIdleTimeout(0),
        new PoolOptions().setHttp1MaxSize(streams).setMaxWaitQueueSize(-1));

    long rssIdle = rssKb(pid, "VmRSS");
    AtomicInteger open = new AtomicInteger(); // first event received
    AtomicInteger done = new AtomicInteger(); // ended with [DONE]
    AtomicInteger failed = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    CountDownLatch ended = new CountDownLatch(streams);
    long start = System.nanoTime();

    // Opened in waves, so that connection set-up does not overflow the listen backlog.
    int wave = 250;
    for (int sent = 0; sent < streams; sent += wave) {
      int n = Math.min(wave, streams - sent);
      vertx.runOnContext(v -> {
        for (int i = 0; i < n; i++) {
          stream(client, uri.getPath(), open, done, failed, bytes, ended);
        }
      });
      Thread.sleep(25);
    }
    // Held: the gateway's resident memory when the most streams were open at once.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int heldAtOnce = 0;
    long rssHeld = 0;
    double openSeconds = 0;
    while (open.get() + failed.get() < streams && System.nanoTime() < deadline) {
      Thread.sleep(200);
      int openNow = open.get() - done.get();
      long rss = rssKb(pid, "VmRSS");
      if (openNow > heldAtOnce) {
        heldAtOnce = openNow;
        rssHeld = rss;
      }
      openSeconds = (System.nanoTime() - start) / 1e9;
      System.err.printf("%5.1f s: %d open, %d done, %d failed, RSS %.0f MiB%n", openSeconds,
          openNow, done.get(), failed.get(), rss / 1024.0);
    }
    for (int i = 0; i < 6 && done.get() == 0; i++) { // all open: a few more readings
      Thread.sleep(500);
      rssHeld = Math.max(rssHeld, rssKb(pid, "VmRSS"));
      heldAtOnce = open.get() - done.get();
    }
    ended.await(10, TimeUnit.MINUTES);
    long rssPeak = rssKb(pid, "VmHWM");

    System.out.printf("streams requested   %d%n", streams);
    System.out.printf("open at once        %d (all open after %.1f s)%n", heldAtOnce, openSeconds);
    System.out.printf("ended with [DONE]   %d%n", done.get());
    System.out.printf("errors              %d (unfinished %d)%n", failed.get(),
        streams - done.get() - failed.get());
    System.out.printf("bytes received      %d%n", bytes.get());
    System.out.printf("gateway RSS idle    %.1f MiB%n", rssIdle / 1024.0);
    System.out.printf("gateway RSS held    %.1f MiB%n", rssHeld / 1024.0);
    System.out.printf("gateway RSS peak    %.1f MiB (VmHWM)%n", rssPeak / 1024.0);
    System.out.printf("per open stream     %.1f KiB ((held - idle) / open)%n",
        heldAtOnce == 0 ? 0 : (rssHeld - rssIdle) / (double) heldAtOnce);
    FAILURES.forEach((why, n) -> System.out.printf("  failed: %d x %s%n", n.get(), why));
    client.close();
    vertx.close();
    System.exit(done.get() == streams ? 0 : 1);
  }

  private static void stream(HttpClient client, String path, AtomicInteger open,
      AtomicInteger done, AtomicInteger failed, AtomicLong bytes, CountDownLatch ended) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
        .putHeader("content-type", "application/json")
        .putHeader("authorization", "Bearer sk-bench-0001");
    Future<HttpClientResponse> answer = client.request(options)
        .compose(request -> request.send(Buffer.buffer(BODY)));
    answer.onComplete(ar -> {
      if (ar.failed() || ar.result().statusCode() != 200) {
        failed.incrementAndGet();
        failure(ar.failed() ? String.valueOf(ar.cause()) : "status " + ar.result().statusCode());
        ended.countDown();
        return;
      }
      HttpClientResponse response = ar.result();
      boolean[] first = {true};
      boolean[] finished = {false};
      String[] tail = {""}; // the last bytes, to see [DONE] across chunk boundaries
      response.handler(chunk -> {
        bytes.addAndGet(chunk.length());
        if (first[0]) {
          first[0] = false;
          open.incrementAndGet();
        }
        String seen = tail[0] + chunk;
        tail[0] = seen.length() > 32 ? seen.substring(seen.length() - 32) : seen;
      });
      response.exceptionHandler(e -> {
        if (!finished[0]) {
          finished[0] = true;
          failed.incrementAndGet();
          failure(String.valueOf(e));
          ended.countDown();
        }
      });
      response.endHandler(v -> {
        if (finished[0]) {
          return;
        }
        finished[0] = true;
        if (tail[0].contains("[DONE]")) {
          done.incrementAndGet();
        } else {
          failed.incrementAndGet();
          failure("ended without [DONE]: ..." + tail[0].strip());
        }
        ended.countDown();
      });
    });
  }

  /** A line of /proc/PID/status, in KiB. */
  private static long rssKb(long pid, String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }
}
