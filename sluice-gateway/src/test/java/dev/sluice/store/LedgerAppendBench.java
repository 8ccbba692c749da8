package dev.sluice.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A rough benchmark, run by hand (not a test): the cost of {@code append} on the caller's thread
 * while the queue has room, and sustained appends per second, where the writer is the limit.
 * {@code java -cp <test classpath> dev.sluice.store.LedgerAppendBench [threads]}
 */
public final class LedgerAppendBench {
  private LedgerAppendBench() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    Path dir = Files.createTempDirectory("ledger-bench");
    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      for (int round = 0; round < 5; round++) {
        callerCost(ledger, round, 1);
        callerCost(ledger, round, threads);
      }
      for (int round = 0; round < 3; round++) {
        sustained(ledger, round, threads, 1_000_000);
      }
    }
  }

  /** Bursts below the queue's capacity: what an event loop pays per record. */
  private static void callerCost(SqliteLedger ledger, int round, int threads) throws InterruptedException {
    int perThread = 40_000 / threads;
    LedgerRecord[][] records = new LedgerRecord[threads][perThread];
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        records[t][i] = TestRecords.simple("c" + round + "-" + threads + "-" + t + "-" + i, System.currentTimeMillis());
      }
    }
    ledger.flush(); // start with an empty queue
    long[] nanos = new long[threads];
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      running.add(Thread.ofPlatform().start(() -> {
        long start = System.nanoTime();
        for (LedgerRecord r : records[thread]) {
          ledger.append(r);
        }
        nanos[thread] = System.nanoTime() - start;
      }));
    }
    for (Thread t : running) {
      t.join();
    }
    double perAppend = Arrays.stream(nanos).average().orElseThrow() / perThread;
    System.out.printf("round %d, %d appending threads: %.0f ns per append on the caller's thread%n",
        round, threads, perAppend);
  }

  /** More than the queue holds: appenders wait for the writer, so this measures the writer. */
  private static void sustained(SqliteLedger ledger, int round, int threads, int total) throws InterruptedException {
    ledger.flush();
    long start = System.nanoTime();
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      running.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < total / threads; i++) {
          ledger.append(TestRecords.simple("s" + round + "-" + thread + "-" + i, System.currentTimeMillis()));
        }
      }));
    }
    for (Thread t : running) {
      t.join();
    }
    ledger.flush();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("round %d: %d records appended and committed in %.2f s: %.0f records/s%n",
        round, total, seconds, total / seconds);
  }
}
