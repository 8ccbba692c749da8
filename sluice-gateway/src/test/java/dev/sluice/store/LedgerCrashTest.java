package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} under load, then reopen: every record a flush confirmed is there, and records
 * lost were appended within the last batch interval (plus scheduling slack on a busy machine).
 */
class LedgerCrashTest {
  /** Slack over the batch interval for a writer thread descheduled on a shared machine. */
  static final long SLACK_MILLIS = 1_000;

  @TempDir Path dir;

  @Test
  void killMinusNineLosesNothingFlushedAndAtMostTheLastInterval() throws Exception {
    Path stderr = dir.resolve("child.err");
    Path store = dir.resolve("store");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"),
        LedgerCrashChild.class.getName(), store.toString())
        .redirectError(stderr.toFile())
        .start();
    AtomicLong flushed = new AtomicLong(-1);
    AtomicLong appended = new AtomicLong(-1);
    TreeMap<Long, Long> appendedAt = new TreeMap<>(); // last seq of a burst -> when it was appended
    Thread reader = Thread.ofPlatform().start(() -> read(child, flushed, appended, appendedAt));
    long killedAt;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (flushed.get() < 30_000 && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(child.isAlive()).as("child alive; stderr: %s", Files.readString(stderr)).isTrue();
      Thread.sleep(170); // away from the child's last flush: the writer's own pace sets the loss
      killedAt = System.currentTimeMillis();
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
      child.waitFor();
    } finally {
      child.destroyForcibly();
    }
    reader.join(); // the lines already in the pipe were printed before the kill

    SqliteLedger.open(store).close(); // a crashed file opens (WAL recovery), and stays consistent
    List<Long> present = presentSeqs(store);
    long lastPresent = present.isEmpty() ? -1 : present.getLast();
    // FIFO queue, FIFO transactions: what survives is a prefix, without holes.
    assertThat(present).hasSize((int) (lastPresent + 1));
    assertThat(lastPresent).isGreaterThanOrEqualTo(flushed.get());

    long missing = Math.max(0, appended.get() - lastPresent);
    Long firstMissingBurstEnd;
    synchronized (appendedAt) {
      firstMissingBurstEnd = appendedAt.ceilingKey(lastPresent + 1);
    }
    long oldestMissingAgeMillis = missing == 0 || firstMissingBurstEnd == null
        ? 0 : killedAt - appendedAt.get(firstMissingBurstEnd);
    System.out.printf("ledger crash test: %d records present, %d flushed before the kill, %d reported"
            + " appended but missing, the oldest of them appended %d ms before the kill%n",
        present.size(), flushed.get() + 1, missing, oldestMissingAgeMillis);
    assertThat(oldestMissingAgeMillis).isLessThanOrEqualTo(SqliteLedger.BATCH_INTERVAL.toMillis() + SLACK_MILLIS);
  }

  private static void read(Process child, AtomicLong flushed, AtomicLong appended, TreeMap<Long, Long> appendedAt) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] parts = line.split(" ");
        if (parts[0].equals("F")) {
          flushed.accumulateAndGet(Long.parseLong(parts[1]), Math::max);
        } else if (parts[0].equals("A")) {
          long seq = Long.parseLong(parts[1]);
          synchronized (appendedAt) {
            appendedAt.put(seq, Long.parseLong(parts[2]));
          }
          appended.accumulateAndGet(seq, Math::max);
        }
      }
    } catch (java.io.IOException e) {
      // the pipe closes when the child dies
    }
  }

  private static List<Long> presentSeqs(Path store) throws Exception {
    List<Long> seqs = new ArrayList<>();
    try (Connection c = TestRecords.jdbc(store); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT request_id FROM ledger")) {
      while (rs.next()) {
        seqs.add(Long.parseLong(rs.getString(1).substring("crash-".length())));
      }
    }
    seqs.sort(null);
    return seqs;
  }
}
