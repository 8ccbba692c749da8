package dev.sluice.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log's file sink: rotation by size, at record boundaries, keeping maxFiles. */
class RotatingFileOutputTest {
  @TempDir
  Path dir;

  private static AccessRecord record(int i) {
    return new AccessRecord(1_700_000_000_000L + i, "req_" + i, "key", "owner", "team", "project",
        null, "chat", "gpt-4o", "openai", "gpt-4o", 200, null, false, 1, null, null, 1_000_000,
        -1, 500_000, "default");
  }

  @Test
  void rotatesWhenTheFileIsFullKeepingWholeRecordsAndMaxFiles() throws IOException {
    Path log = dir.resolve("logs/access.log"); // the folder is created
    AccessLogWriter writer = new AccessLogWriter(RotatingFileOutput.open(log, 2048, 2));
    for (int i = 0; i < 40; i++) {
      writer.write(record(i));
    }
    writer.close();

    assertThat(log).exists();
    assertThat(dir.resolve("logs/access.log.1")).exists();
    assertThat(dir.resolve("logs/access.log.2")).exists();
    assertThat(dir.resolve("logs/access.log.3")).doesNotExist(); // maxFiles: 2 old files kept
    List<String> kept = new ArrayList<>();
    for (String name : List.of("access.log.2", "access.log.1", "access.log")) {
      Path file = dir.resolve("logs").resolve(name);
      String text = Files.readString(file);
      if (!text.isEmpty()) { // the live file is empty right after a rotation
        assertThat(text).endsWith("}\n"); // cut between records, never inside one
      }
      assertThat(Files.size(file)).isLessThan(2048 + 1024); // full means one record over, at most
      kept.addAll(text.lines().toList());
    }
    // The newest records survive in order; the oldest were dropped with the oldest file.
    List<String> ids = kept.stream().map(line -> line.replaceAll(".*\"request_id\":\"(req_\\d+)\".*", "$1")).toList();
    assertThat(ids.getLast()).isEqualTo("req_39");
    for (int i = 1; i < ids.size(); i++) {
      assertThat(Integer.parseInt(ids.get(i).substring(4)))
          .isEqualTo(Integer.parseInt(ids.get(i - 1).substring(4)) + 1);
    }
    assertThat(ids.size()).isLessThan(40);
  }

  @Test
  void appendsToAnExistingFileAndCountsItsSize() throws IOException {
    Path log = dir.resolve("access.log");
    Files.writeString(log, "x".repeat(3000) + "\n");
    AccessLogWriter writer = new AccessLogWriter(RotatingFileOutput.open(log, 2048, 3));
    writer.write(record(1));
    writer.close();

    // The old content plus one record made the file full: it rotated after that record.
    assertThat(Files.readString(dir.resolve("access.log.1"))).startsWith("xxx").contains("req_1");
    assertThat(Files.readString(log)).isEmpty();
  }
}
