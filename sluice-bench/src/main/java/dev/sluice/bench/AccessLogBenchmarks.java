package dev.sluice.bench;

import dev.sluice.observe.LineFormatter;
import dev.sluice.observe.AccessRecord;
import dev.sluice.provider.TokenUsage;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Stage 6's own cost: formatting one access-log line (the writer thread's work per request). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class AccessLogBenchmarks {
  private LineFormatter formatter;
  private AccessRecord record;
  private long millis = System.currentTimeMillis();

  @Setup
  public void setUp() {
    formatter = new LineFormatter(OutputStream.nullOutputStream());
    record = new AccessRecord(millis, "req_6f1c2a9b0d3e4f5a6b7c8d9e0f1a2b3c", "alice-laptop", "alice",
        "research", "search", "planner", "chat", "gpt-4o-mini", "openai", "gpt-4o-mini", 200, null,
        false, 1, new TokenUsage(812, 41, 0, 0, 0), null, 1_234_567, -1, 1_100_000, "gpt");
  }

  @Benchmark
  public void formatLine() {
    formatter.write(record);
  }
}
