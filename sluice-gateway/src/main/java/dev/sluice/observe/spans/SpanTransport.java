package dev.sluice.observe.spans;

import java.net.URI;
import java.util.Map;

/**
 * How {@link OtlpSpanExporter} reaches a collector and keeps time: the server's HTTP client and
 * event-loop timers (Vert.x stays in the I/O packages; this one only encodes and batches).
 */
public interface SpanTransport {
  /** Makes the transport for one collector URL, with these headers on every request. */
  interface Factory {
    SpanTransport open(URI endpoint, Map<String, String> headers);
  }

  /** How an export ended: the collector's HTTP status, or 0 with the reason it could not be sent. */
  interface Answer {
    void answered(int status, Throwable failure);
  }

  /**
   * POSTs one export request ({@code application/x-protobuf}), {@code body[offset, offset +
   * length)}; {@code answer} is called once. The bytes do not change until then.
   */
  void post(byte[] body, int offset, int length, Answer answer);

  /** Runs {@code task} once after {@code delayMillis}. */
  void after(long delayMillis, Runnable task);

  /** Runs {@code task} every {@code periodMillis} until {@link #close}. */
  void every(long periodMillis, Runnable task);

  /** Stops the periodic task and releases the connections. */
  void close();
}
