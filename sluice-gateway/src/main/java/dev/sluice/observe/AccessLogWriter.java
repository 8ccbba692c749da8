package dev.sluice.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access records as JSON lines on its own thread, in batches: the event loop only
 * enqueues. The writer wakes on its own every {@link #FLUSH_INTERVAL_NANOS} rather than being
 * signalled per record, so a request costs the event loop no thread wake-up (a futex call per
 * record was measurable in the bench). The queue is bounded; if the sink falls that far behind,
 * enqueueing waits rather than dropping a record (a product record is not a debug log).
 * {@link #close()} drains and flushes.
 */
public final class AccessLogWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
  private static final int QUEUE_CAPACITY = 64 * 1024;
  private static final int BATCH = 1024;
  /** Upper bound on how long a record waits in memory before it is written and flushed. */
  static final long FLUSH_INTERVAL_NANOS = 20_000_000;
  private static final AccessRecord POISON = new AccessRecord(
      0, null, null, null, null, null, null, null, null, null, null, 0, null, false, 0, null, null,
      0, 0, 0, null);

  private final BlockingQueue<AccessRecord> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final OutputStream out;
  private final RotatingFileOutput rotating; // null: the sink does not rotate
  private final LineFormatter lines;
  private final Thread thread;

  /** @param out the sink; owned and closed by this writer unless it is stdout */
  public AccessLogWriter(OutputStream out) {
    this.out = out;
    this.rotating = out instanceof RotatingFileOutput r ? r : null;
    this.lines = new LineFormatter(out);
    this.thread = Thread.ofPlatform().name("sluice-access-log").daemon(true).unstarted(this::run);
    this.thread.start();
  }

  /** Queues a record; called on event loops. */
  public void write(AccessRecord record) {
    if (!queue.offer(record)) {
      try {
        queue.put(record); // backpressure, not loss
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    List<AccessRecord> batch = new ArrayList<>(BATCH);
    while (true) {
      if (queue.drainTo(batch, BATCH) == 0) {
        LockSupport.parkNanos(FLUSH_INTERVAL_NANOS); // the loop never blocks on an empty queue
        continue;
      }
      boolean stop = false;
      for (AccessRecord record : batch) {
        if (record == POISON) {
          stop = true;
        } else {
          writeLine(record);
        }
      }
      batch.clear();
      if (queue.isEmpty()) {
        flush();
      }
      if (stop) {
        flush();
        return;
      }
    }
  }

  private void writeLine(AccessRecord r) {
    try {
      lines.write(r);
      if (rotating != null) {
        rotating.recordEnded();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("access log: could not write record {}: {}", r.requestId(), e.toString());
    }
  }

  private void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      LOG.warn("access log: flush failed: {}", e.toString());
    }
  }

  /** Writes everything queued so far, then stops the writer thread. */
  @Override
  public void close() {
    try {
      queue.put(POISON);
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
