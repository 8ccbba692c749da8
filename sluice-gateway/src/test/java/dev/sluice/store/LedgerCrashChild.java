package dev.sluice.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link LedgerCrashTest} kills: appends ~20k records/s (a busy gateway) until it is
 * killed, and reports on stdout what it appended ({@code A <seq> <epochMillis>}, per 100 records)
 * and what a flush confirmed durable ({@code F <seq>}: every record up to seq).
 */
public final class LedgerCrashChild {
  static final int BURST = 100;
  static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private LedgerCrashChild() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    SqliteLedger ledger = SqliteLedger.open(Path.of(args[0]));
    AtomicLong appended = new AtomicLong(-1);
    Thread.ofPlatform().daemon(true).name("flusher").start(() -> {
      while (true) {
        long upTo = appended.get(); // appended before flush is called, so covered by it
        ledger.flush();
        report(out, "F " + upTo);
        // Rarer than the batch interval, so what the kill loses is set by the writer's own pace.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
      }
    });
    long next = System.nanoTime();
    for (long seq = 0; ; seq++) {
      ledger.append(TestRecords.simple("crash-" + seq, System.currentTimeMillis()));
      appended.set(seq);
      if (seq % BURST == BURST - 1) {
        report(out, "A " + seq + " " + System.currentTimeMillis());
        next += BURST_NANOS;
        LockSupport.parkNanos(next - System.nanoTime());
      }
    }
  }

  private static void report(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
