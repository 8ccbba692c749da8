package dev.sluice.observe.spans;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spans to an OTLP/HTTP collector ({@code POST /v1/traces}, protobuf), batched. Each span is
 * encoded as it ends, on the thread that ends it, and appended to the open batch: no span objects
 * wait in a queue for an exporter thread, and no thread hand-off happens per span. A batch is
 * sealed at {@value #BATCH_SPANS} spans or 1 MiB, or every {@link #SCHEDULE}, and handed to the
 * {@link SpanTransport} by the thread that sealed it (an event loop, or the timer's).
 *
 * <p>Bytes are moved as little as the request path allows. A span is encoded into a small buffer
 * that stays in the CPU's cache, then copied to the batch in one block: encoding straight into a
 * batch of ~300 KiB wrote every span's bytes to memory no longer cached (the event loop's other
 * work evicts it between two spans), and those writes stalled the encoding. The batch keeps room
 * at its front for the request's envelope (resource and scope), written there when it is sealed,
 * so the spans are not copied again; a batch's array is reused once its export is over.
 *
 * <p>At most {@value #MAX_IN_FLIGHT} exports are in flight; sealed batches wait behind them, at
 * most {@value #MAX_WAITING} (~8k spans), and a batch sealed past that is dropped and counted,
 * never waited for. An export answered 429, 502, 503 or 504, or one that could not reach the
 * collector, is sent again after 1, 2 then 4 s (OTLP/HTTP's retryable statuses); any other
 * answer drops the batch. Failures are counted and logged at most once a minute.
 */
public final class OtlpSpanExporter implements SpanSink {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpSpanExporter.class);
  static final int BATCH_SPANS = 512;
  // Spans with captured contents (up to 2 x 64 KiB each) would make 512-span batches of tens of
  // MiB; collectors refuse bodies past a limit (the OpenTelemetry Collector: 20 MiB by default).
  static final int BATCH_BYTES = 1024 * 1024;
  static final Duration SCHEDULE = Duration.ofSeconds(1);
  static final int MAX_IN_FLIGHT = 2;
  static final int MAX_WAITING = 16;
  static final int MAX_SENDS = 4; // the first and three retries
  private static final int BATCH_CAPACITY = 256 * 1024; // a batch of 512 spans, with room to grow
  private static final int SPARE_BATCHES = 2; // arrays kept for reuse: one filling, one sending
  private static final int SPAN_CAPACITY = 4 * 1024; // Sluice's spans are under 1 KiB
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final long LOG_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
  // ExportTraceServiceRequest.resource_spans, ResourceSpans.scope_spans, ScopeSpans.spans
  private static final int RESOURCE_SPANS = 1;
  private static final int SCOPE_SPANS = 2;
  private static final int SPANS = 2;

  private final URI endpoint;
  private final long firstRetryMillis;
  private final Map<String, String> headers;
  private final byte[] resourceField; // ResourceSpans.resource, encoded once
  private final byte[] scopeField; // ScopeSpans.scope, encoded once
  private final Outcomes outcomes;
  private final int envelopeRoom; // room for the envelope at the front of every batch
  private ProtoWriter encoding = new ProtoWriter(SPAN_CAPACITY); // the span being encoded
  private ProtoWriter batch; // the envelope's room, then ScopeSpans.spans, encoded
  private int batchSpans;
  private final ArrayDeque<byte[]> spareBatches = new ArrayDeque<>(SPARE_BATCHES);
  private final ArrayDeque<Batch> waiting = new ArrayDeque<>();
  private int inFlight;
  private int retrying;
  private final List<CompletableFuture<Void>> flushes = new ArrayList<>();
  private SpanTransport transport; // null until started, and after close
  private long lastLogNanos = System.nanoTime() - LOG_EVERY_NANOS;
  private int failuresSinceLog;

  /**
   * @param endpoint the collector's traces URL, e.g. {@code http://collector:4318/v1/traces}
   * @param resource the {@code Resource} message's bytes (its attributes)
   * @param scopeName the instrumentation scope that makes the spans
   */
  public OtlpSpanExporter(URI endpoint, Map<String, String> headers, byte[] resource,
      String scopeName, Outcomes outcomes) {
    this(endpoint, headers, resource, scopeName, outcomes, FIRST_RETRY);
  }

  /** @param firstRetry the wait before the first retry; it doubles for each one after (tests) */
  OtlpSpanExporter(URI endpoint, Map<String, String> headers, byte[] resource, String scopeName,
      Outcomes outcomes, Duration firstRetry) {
    this.firstRetryMillis = firstRetry.toMillis();
    this.endpoint = endpoint;
    this.headers = Map.copyOf(headers);
    this.outcomes = outcomes;
    ProtoWriter writer = new ProtoWriter(resource.length + 16);
    writer.bytesField(1, resource); // ResourceSpans.resource
    this.resourceField = writer.toByteArray();
    ProtoWriter scopeWriter = new ProtoWriter(scopeName.length() + 16);
    ProtoWriter name = new ProtoWriter(scopeName.length() + 8);
    name.bytesField(1, scopeName.getBytes(StandardCharsets.UTF_8)); // InstrumentationScope.name
    scopeWriter.bytesField(1, name.toByteArray()); // ScopeSpans.scope
    this.scopeField = scopeWriter.toByteArray();
    // two tags and two lengths (at most five bytes each: a batch is under 4 GiB)
    this.envelopeRoom = resourceField.length + scopeField.length + 2 + 2 * 5;
    this.batch = newBatch();
  }

  /** Starts sending through a transport made by {@code transports}. Until then batches wait. */
  @Override
  public void start(SpanTransport.Factory transports) {
    SpanTransport opened = transports.open(endpoint, headers);
    List<Batch> sendable;
    synchronized (this) {
      transport = opened;
      sendable = sendable();
    }
    opened.every(SCHEDULE.toMillis(), this::sealAndSend);
    send(sendable);
  }

  @Override
  public void export(FinishedSpan span) {
    List<Batch> sendable;
    synchronized (this) {
      encoding.reset();
      OtlpSpanEncoder.write(encoding, SPANS, span);
      batch.raw(encoding.array(), 0, encoding.size());
      if (encoding.array().length > SPAN_CAPACITY) { // grown by captured contents: not kept
        encoding = new ProtoWriter(SPAN_CAPACITY);
      }
      if (++batchSpans < BATCH_SPANS && batch.size() < BATCH_BYTES) {
        return;
      }
      seal();
      sendable = sendable();
    }
    send(sendable);
  }

  /** The schedule: what is batched goes now, however few spans it holds. */
  private void sealAndSend() {
    send(sealOpenBatch(null));
  }

  @Override
  public CompletableFuture<Void> flush() {
    CompletableFuture<Void> flushed = new CompletableFuture<>();
    send(sealOpenBatch(flushed));
    return flushed;
  }

  /**
   * Seals the open batch, if it holds spans, and returns what may be sent now; {@code flushed},
   * unless null, completes once nothing is left to send.
   */
  private synchronized List<Batch> sealOpenBatch(CompletableFuture<Void> flushed) {
    if (batchSpans > 0) {
      seal();
    }
    if (flushed != null) {
      if (idle()) {
        flushed.complete(null);
      } else {
        flushes.add(flushed);
      }
    }
    return sendable();
  }

  /** Stops the schedule and closes the transport; call after {@link #flush}. Later spans wait. */
  @Override
  public void close() {
    SpanTransport closing;
    synchronized (this) {
      closing = transport;
      transport = null;
    }
    if (closing != null) {
      closing.close();
    }
  }

  /**
   * Wraps the open batch in its request, in the room left at its front, and queues it, or drops
   * it past the limit.
   */
  private void seal() {
    int spansLength = batch.size() - envelopeRoom;
    int scopeSpansLength = scopeField.length + spansLength;
    int resourceSpansLength = resourceField.length + 1
        + ProtoWriter.varintSize(scopeSpansLength) + scopeSpansLength;
    ProtoWriter envelope = new ProtoWriter(envelopeRoom);
    envelope.tag(RESOURCE_SPANS, ProtoWriter.LEN);
    envelope.varint(resourceSpansLength);
    envelope.raw(resourceField);
    envelope.tag(SCOPE_SPANS, ProtoWriter.LEN);
    envelope.varint(scopeSpansLength);
    envelope.raw(scopeField);
    byte[] request = batch.array();
    int offset = envelopeRoom - envelope.size();
    System.arraycopy(envelope.array(), 0, request, offset, envelope.size());
    Batch sealed = new Batch(request, offset, batch.size() - offset, batchSpans);
    batch = newBatch();
    batchSpans = 0;
    if (waiting.size() >= MAX_WAITING) {
      outcomes.dropped(sealed.spans);
      noteFailure(sealed.spans, "queue full: the collector is slower than the spans come");
      recycle(sealed);
      return;
    }
    outcomes.queued(sealed.spans);
    waiting.add(sealed);
  }

  /** An empty batch, over a spare array when there is one, with the envelope's room kept. */
  private ProtoWriter newBatch() {
    byte[] spare = spareBatches.poll();
    ProtoWriter writer = spare != null ? new ProtoWriter(spare) : new ProtoWriter(BATCH_CAPACITY);
    writer.skip(envelopeRoom);
    return writer;
  }

  /** Keeps a finished batch's array for a later batch (not one grown by captured contents). */
  private void recycle(Batch batch) {
    if (spareBatches.size() < SPARE_BATCHES && batch.body.length == BATCH_CAPACITY) {
      spareBatches.add(batch.body);
    }
  }

  /** The batches that may be sent now (under the lock); null when none. */
  private List<Batch> sendable() {
    if (transport == null || waiting.isEmpty() || inFlight >= MAX_IN_FLIGHT) {
      return null;
    }
    List<Batch> sendable = new ArrayList<>(MAX_IN_FLIGHT);
    while (inFlight < MAX_IN_FLIGHT && !waiting.isEmpty()) {
      sendable.add(waiting.poll());
      inFlight++;
    }
    return sendable;
  }

  private void send(List<Batch> batches) {
    if (batches == null) {
      return;
    }
    SpanTransport sending;
    synchronized (this) {
      sending = transport;
    }
    for (Batch batch : batches) {
      if (sending == null) {
        done(batch, 0, new IllegalStateException("the exporter is closed"));
        continue;
      }
      batch.sends++;
      sending.post(batch.body, batch.offset, batch.length,
          (status, failure) -> done(batch, status, failure));
    }
  }

  private void done(Batch batch, int status, Throwable failure) {
    List<Batch> sendable;
    synchronized (this) {
      inFlight--;
      if (status >= 200 && status < 300) {
        outcomes.exported(batch.spans);
        recycle(batch);
      } else if (retryable(status) && batch.sends < MAX_SENDS && transport != null) {
        retrying++;
        long delay = firstRetryMillis << (batch.sends - 1); // 1, 2, 4 s
        transport.after(delay, () -> retry(batch));
      } else {
        String why = status == 0 ? String.valueOf(failure) : "HTTP " + status;
        outcomes.failed(batch.spans, status == 0 ? "connect_failure" : Integer.toString(status));
        noteFailure(batch.spans, why);
        recycle(batch);
      }
      sendable = sendable();
      if (idle()) {
        flushes.forEach(f -> f.complete(null));
        flushes.clear();
      }
    }
    send(sendable);
  }

  private void retry(Batch batch) {
    List<Batch> sendable;
    synchronized (this) {
      retrying--;
      waiting.addFirst(batch);
      sendable = sendable();
    }
    send(sendable);
  }

  private static boolean retryable(int status) {
    return status == 0 || status == 429 || status == 502 || status == 503 || status == 504;
  }

  private boolean idle() {
    return batchSpans == 0 && waiting.isEmpty() && inFlight == 0 && retrying == 0;
  }

  private void noteFailure(int spans, String why) {
    failuresSinceLog++;
    long now = System.nanoTime();
    if (now - lastLogNanos >= LOG_EVERY_NANOS) {
      LOG.warn("otlp: {} spans not exported to {}: {} ({} such failures in the last minute)",
          spans, endpoint, why, failuresSinceLog);
      lastLogNanos = now;
      failuresSinceLog = 0;
    }
  }

  /** A sealed batch: the whole export request's bytes, {@code body[offset, offset + length)}. */
  private static final class Batch {
    final byte[] body;
    final int offset;
    final int length;
    final int spans;
    int sends;

    Batch(byte[] body, int offset, int length, int spans) {
      this.body = body;
      this.offset = offset;
      this.length = length;
      this.spans = spans;
    }
  }
}
