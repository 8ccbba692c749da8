package dev.sluice.bench;

import dev.sluice.store.LedgerRecord;
import dev.sluice.store.SqliteLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedded ledger's writer, per record: a batch of {@value #BATCH} records appended and
 * flushed (queued, bound, inserted into a real SQLite file in WAL mode, committed with the daily
 * rollup), as the writer thread does every 100 ms under load. The records name the same key,
 * team, model and route, as one caller's requests do; request ids differ. Run it pinned to one
 * core ({@code taskset -c 1}): the time is the appending thread's wait for the writer's work.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class LedgerBenchmarks {
  static final int BATCH = 256;

  private Path dir;
  private SqliteLedger ledger;
  private long sequence;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("sluice-ledger-bench");
    ledger = SqliteLedger.open(dir);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    ledger.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void appendAndFlush() {
    long now = System.currentTimeMillis();
    for (int i = 0; i < BATCH; i++) {
      long n = sequence++;
      ledger.append(new LedgerRecord(now, "req_" + n, "alice-laptop", "alice", "research",
          "search", "planner", "chat", "gpt-4o-mini", "openai", "gpt-4o-mini-2024-07-18", 200,
          null, false, 1, 812, 41, 0, 129_300, false, 1_235, -1, 1_100, "gpt"));
    }
    ledger.flush();
  }
}
