package dev.sluice.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Process CPU per request of {@link TelemetryBenchmarks}' request, counting every thread (the
 * batch span processor's exporter encoding and sending spans, GC, JIT), not the wall time of the
 * calling thread: on a shared machine, CPU time is what other processes disturb least. One mode per
 * JVM, so that no mode's JIT profile shapes another's:
 *
 * <pre>{@code
 * java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.TelemetryCpu otlp [requests] [rounds]
 * }</pre>
 *
 * Prints, for each round after a warm-up round of the same size, the CPU ns per request, the GC
 * pause time per request and the bytes allocated per request by all threads.
 */
public final class TelemetryCpu {
  private TelemetryCpu() {}

  private static long gcMillis() {
    long total = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "otlp";
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    // Allocation counts every thread, exporter included, and unlike CPU time it does not move
    // with what else runs on the machine: the steadier of the two numbers on a shared host.
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Blackhole hole = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    TelemetryBenchmarks bench = new TelemetryBenchmarks();
    bench.mode = mode;
    bench.setUp();
    try {
      for (int round = 0; round <= rounds; round++) {
        long cpu = os.getProcessCpuTime();
        long gc = gcMillis();
        long allocated = threads.getTotalThreadAllocatedBytes();
        for (int i = 0; i < requests; i++) {
          bench.request(hole);
        }
        Thread.sleep(300); // the last batches leave before the round's CPU is read
        long perRequest = (os.getProcessCpuTime() - cpu) / requests;
        long gcPerRequest = (gcMillis() - gc) * 1_000_000 / requests;
        long bytesPerRequest = (threads.getTotalThreadAllocatedBytes() - allocated) / requests;
        System.out.printf("%s round %d: %d ns CPU/request, of which GC pauses %d ns; %d B allocated"
            + "/request (all threads)%s%n", mode, round, perRequest, gcPerRequest, bytesPerRequest,
            round == 0 ? " (warm-up)" : "");
      }
    } finally {
      bench.tearDown();
    }
  }
}
