package dev.sluice.store;

import static dev.sluice.store.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerConcurrencyTest {
  static final int THREADS = 8;

  @TempDir Path dir;

  @Test
  void concurrentAppendsLoseNothingEvenWhenTheQueueFills() throws Exception {
    // 100k records against a 64k queue and a writer slowed to ~50k records/s: appenders must wait.
    int perThread = 12_500;
    FailingConnections connections = new FailingConnections(dir);
    try (SqliteLedger ledger = new SqliteLedger(dir, connections)) {
      connections.commitDelayMillis.set(20);
      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean appending = new AtomicBoolean(true);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        threads.add(Thread.ofPlatform().start(() -> {
          await(start);
          for (int i = 0; i < perThread; i++) {
            ledger.append(TestRecords.simple("t" + thread + "-" + i, T0.toEpochMilli() + i));
          }
        }));
      }
      // flush interleaved with appends must neither deadlock nor lose anything
      Thread flusher = Thread.ofPlatform().start(() -> {
        while (appending.get()) {
          ledger.flush();
        }
      });
      start.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      appending.set(false);
      flusher.join();
    }

    List<LedgerRecord> stored = TestRecords.readAll(dir);
    Set<String> ids = new HashSet<>();
    stored.forEach(r -> ids.add(r.requestId()));
    assertThat(stored).hasSize(THREADS * perThread);
    assertThat(ids).hasSize(THREADS * perThread);
    try (SqliteLedger reopened = SqliteLedger.open(dir)) {
      assertThat(reopened.spendSince(T0).key("k1")).isEqualTo(100L * THREADS * perThread);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
