package dev.sluice.observe.spans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.server.VertxSpanTransport;
import dev.sluice.testkit.OtlpReceiver;
import dev.sluice.testkit.ReceivedSpan;
import io.opentelemetry.sdk.resources.Resource;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batching, retries and limits of the OTLP span exporter, against a real OTLP receiver. */
class OtlpSpanExporterTest {
  static final SpanKey INDEX = SpanKey.of("test.index");
  static final SpanKey CONTENTS = SpanKey.of("gen_ai.input.messages");

  OtlpReceiver collector;
  Vertx vertx;
  final Counted outcomes = new Counted();

  @BeforeEach
  void start() {
    collector = OtlpReceiver.start(Map.of("authorization", "Bearer t"));
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    collector.close();
  }

  OtlpSpanExporter exporter(String baseUrl) {
    return new OtlpSpanExporter(URI.create(baseUrl + "/v1/traces"),
        Map.of("authorization", "Bearer t"),
        OtlpResource.encode(Resource.getDefault().merge(Resource.builder()
            .put("service.name", "exporter-test").build())),
        "dev.sluice.test", outcomes, Duration.ofMillis(50));
  }

  @Test
  void fullBatchesGoAtOnceAndFlushSendsTheRest() throws Exception {
    OtlpSpanExporter exporter = exporter(collector.baseUrl());
    exporter.start(VertxSpanTransport.on(vertx));
    int total = 2 * OtlpSpanExporter.BATCH_SPANS + 76;
    for (int i = 0; i < total; i++) {
      exporter.export(span(i));
    }
    exporter.flush().get(10, TimeUnit.SECONDS);

    assertThat(collector.spans()).hasSize(total);
    assertThat(collector.spans()).extracting(s -> s.attribute("test.index"))
        .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, total).boxed().toList());
    assertThat(collector.spans()).extracting(ReceivedSpan::serviceName).containsOnly("exporter-test");
    // Two full batches and the rest: three requests, each with the configured headers.
    assertThat(collector.headers("/v1/traces", "authorization")).containsExactly(
        "Bearer t", "Bearer t", "Bearer t");
    assertThat(collector.headers("/v1/traces", "content-type")).containsOnly("application/x-protobuf");
    assertThat(outcomes.queued.get()).isEqualTo(total);
    assertThat(outcomes.exported.get()).isEqualTo(total);
    assertThat(collector.rejected()).isEmpty();
    exporter.close();
  }

  @Test
  void largeSpansAreSentInBatchesOfAboutAMebibyte() throws Exception {
    OtlpSpanExporter exporter = exporter(collector.baseUrl());
    exporter.start(VertxSpanTransport.on(vertx));
    String contents = "x".repeat(100_000); // a span with captured contents
    for (int i = 0; i < 25; i++) {
      SpanAttributes attributes = new SpanAttributes(2).put(INDEX, (long) i).put(CONTENTS, contents);
      exporter.export(new FinishedSpan(TraceContext.newRoot(true), 0, false, "chat test",
          FinishedSpan.Kind.SERVER, 1_000, 2_000, attributes, false));
    }
    exporter.flush().get(10, TimeUnit.SECONDS);

    assertThat(collector.spans()).hasSize(25);
    // 11 spans pass 1 MiB: batches of 11, 11 and 3.
    assertThat(collector.headers("/v1/traces", "content-type")).hasSize(3);
    exporter.close();
  }

  @Test
  void aPartBatchGoesOnTheScheduleWithoutAFlush() {
    OtlpSpanExporter exporter = exporter(collector.baseUrl());
    exporter.start(VertxSpanTransport.on(vertx));
    exporter.export(span(7));

    await().atMost(Duration.ofSeconds(5)).until(() -> collector.spans().size() == 1);
    assertThat(collector.spans().getFirst().attribute("test.index")).isEqualTo(7L);
    exporter.close();
  }

  @Test
  void anOverloadedCollectorIsRetriedAndARefusingOneIsNot() throws Exception {
    OtlpSpanExporter exporter = exporter(collector.baseUrl());
    exporter.start(VertxSpanTransport.on(vertx));
    collector.failNext(2, 503);
    exporter.export(span(1));
    exporter.flush().get(10, TimeUnit.SECONDS);

    assertThat(collector.spans()).hasSize(1); // the third send got through
    assertThat(outcomes.exported.get()).isEqualTo(1);

    collector.failNext(1, 400);
    exporter.export(span(2));
    exporter.flush().get(10, TimeUnit.SECONDS);

    assertThat(collector.spans()).hasSize(1);
    assertThat(outcomes.failed.get()).isEqualTo(1);
    assertThat(outcomes.lastError).isEqualTo("400");
    exporter.close();
  }

  @Test
  void aRetriedBatchIsSentAsItWasWhileLaterBatchesComeAndGo() throws Exception {
    // Arrays of finished batches are reused for new ones: one waiting for its retry must not be.
    OtlpSpanExporter exporter = exporter(collector.baseUrl());
    exporter.start(VertxSpanTransport.on(vertx));
    collector.failNext(2, 503); // sent again after 50 ms, then after 100 ms more
    int batch = OtlpSpanExporter.BATCH_SPANS;
    for (int i = 0; i < batch; i++) {
      exporter.export(span(i));
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> collector.headers("/v1/traces", "authorization").size() >= 2);
    for (int i = batch; i < 4 * batch; i++) {
      exporter.export(span(i)); // three batches go through while the first waits again
    }
    exporter.flush().get(10, TimeUnit.SECONDS);

    assertThat(collector.spans()).extracting(s -> s.attribute("test.index"))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.LongStream.range(0, 4 * batch).boxed().toList());
    assertThat(outcomes.exported.get()).isEqualTo(4 * batch);
    exporter.close();
  }

  @Test
  void sentBatchesGiveTheirMemoryBack() throws Exception {
    // ~100 MiB of exports through a collector that reads and accepts them: the direct memory
    // they were written from is pooled and reused, not kept.
    io.vertx.core.http.HttpServer accepting = vertx.createHttpServer().requestHandler(request ->
        request.body().onComplete(ignored -> request.response().setStatusCode(200).end()));
    int port = accepting.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    OtlpSpanExporter exporter = exporter("http://127.0.0.1:" + port);
    exporter.start(VertxSpanTransport.on(vertx));
    io.netty.buffer.ByteBufAllocatorMetric direct =
        ((io.netty.buffer.ByteBufAllocatorMetricProvider) io.netty.buffer.ByteBufAllocator.DEFAULT)
            .metric();
    String contents = "x".repeat(100_000);
    for (int i = 0; i < 1_000; i++) {
      exporter.export(new FinishedSpan(TraceContext.newRoot(true), 0, false, "chat test",
          FinishedSpan.Kind.SERVER, 1_000, 2_000,
          new SpanAttributes(2).put(INDEX, (long) i).put(CONTENTS, contents), false));
      if (i % 50 == 0) {
        exporter.flush().get(10, TimeUnit.SECONDS); // no more than 16 batches waiting at once
      }
    }
    exporter.flush().get(10, TimeUnit.SECONDS);

    assertThat(outcomes.exported.get()).isEqualTo(1_000);
    assertThat(direct.usedDirectMemory()).isLessThan(32L << 20);
    exporter.close();
  }

  @Test
  void aCollectorThatAnswersBeforeReadingTheBodyIsNotWaitedOnForever() throws Exception {
    // As one refusing the credentials may: 401 on the headers, while a 16 MiB batch is still
    // being written. The answer then ends before the write is called back; an export that
    // looked for the answer only after that never saw it and stayed in flight for good.
    io.vertx.core.http.HttpServer refusing = vertx.createHttpServer()
        .requestHandler(request -> request.response().setStatusCode(401).end("who are you"));
    int port = refusing.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    OtlpSpanExporter exporter = exporter("http://127.0.0.1:" + port);
    exporter.start(VertxSpanTransport.on(vertx));
    exporter.export(new FinishedSpan(TraceContext.newRoot(true), 0, false, "chat test",
        FinishedSpan.Kind.SERVER, 1_000, 2_000,
        new SpanAttributes(1).put(CONTENTS, "x".repeat(16 << 20)), false));
    exporter.flush().get(10, TimeUnit.SECONDS);

    assertThat(outcomes.failed.get()).isEqualTo(1);
    assertThat(outcomes.lastError).isEqualTo("401");
    exporter.close();
  }

  @Test
  void anUnreachableCollectorIsGivenUpOnAfterTheRetries() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    OtlpSpanExporter exporter = exporter("http://127.0.0.1:" + closedPort);
    exporter.start(VertxSpanTransport.on(vertx));
    exporter.export(span(1));
    exporter.flush().get(10, TimeUnit.SECONDS); // 50 + 100 + 200 ms of retries

    assertThat(outcomes.failed.get()).isEqualTo(1);
    assertThat(outcomes.lastError).isEqualTo("connect_failure");
    exporter.close();
  }

  @Test
  void batchesPastTheLimitAreDroppedAndCountedNeverWaitedFor() throws Exception {
    OtlpSpanExporter exporter = exporter(collector.baseUrl()); // not started: nothing is sent
    int batches = OtlpSpanExporter.MAX_WAITING + 2;
    for (int i = 0; i < batches * OtlpSpanExporter.BATCH_SPANS; i++) {
      exporter.export(span(i));
    }
    assertThat(outcomes.dropped.get()).isEqualTo(2 * OtlpSpanExporter.BATCH_SPANS);

    exporter.start(VertxSpanTransport.on(vertx)); // the waiting batches go once it can send
    exporter.flush().get(10, TimeUnit.SECONDS);
    assertThat(collector.spans()).hasSize(OtlpSpanExporter.MAX_WAITING * OtlpSpanExporter.BATCH_SPANS);
    exporter.close();
  }

  static FinishedSpan span(long index) {
    return new FinishedSpan(TraceContext.newRoot(true), 0, false, "chat test",
        FinishedSpan.Kind.SERVER, 1_000, 2_000, new SpanAttributes(1).put(INDEX, index), false);
  }

  static final class Counted implements SpanSink.Outcomes {
    final AtomicInteger queued = new AtomicInteger();
    final AtomicInteger exported = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();
    volatile String lastError;

    @Override
    public void queued(int count) {
      queued.addAndGet(count);
    }

    @Override
    public void exported(int count) {
      exported.addAndGet(count);
    }

    @Override
    public void failed(int count, String errorType) {
      failed.addAndGet(count);
      lastError = errorType;
    }

    @Override
    public void dropped(int count) {
      dropped.addAndGet(count);
    }
  }
}
