package dev.sluice.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where records go when SQLite will not take them: {@code ledger.spool} beside the database, one
 * JSON record per line, fsynced before {@link #append} returns. {@link #replay} feeds it back
 * into the database and deletes it; a request id already present is skipped there, so replaying
 * a spool twice (a crash mid-replay) counts nothing twice. Thread-safe: the writer thread spools,
 * and so do callers appending after close.
 */
final class LedgerSpool {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerSpool.class);
  private static final int REPLAY_CHUNK = 1000;
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // a spool from a newer version

  /** Where replayed records go: one transaction per chunk. */
  @FunctionalInterface
  interface Sink {
    void insert(List<LedgerRecord> records) throws SQLException;
  }

  private final Path file;
  /** Whether the file exists, tracked to spare the writer a stat per batch. */
  private boolean present;

  LedgerSpool(Path file) {
    this.file = file;
    this.present = Files.exists(file);
  }

  Path file() {
    return file;
  }

  synchronized boolean isEmpty() {
    return !present;
  }

  /** Appends the records and fsyncs the file: when this returns, they survive a power loss. */
  synchronized void append(List<LedgerRecord> records) throws IOException {
    StringBuilder lines = new StringBuilder(records.size() * 400);
    for (LedgerRecord r : records) {
      lines.append(JSON.writeValueAsString(r)).append('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    present = true;
    try (FileChannel out = FileChannel.open(file,
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true); // metadata too: a new file's length must survive with its contents
    }
  }

  /**
   * Inserts every spooled record into {@code sink}, then deletes the spool. A line that cannot be
   * parsed (torn by a crash while it was written) is skipped and counted. When the sink fails the
   * spool stays, whole, for the next attempt.
   *
   * @return how many records were replayed
   */
  synchronized int replay(Sink sink) throws IOException, SQLException {
    if (!Files.exists(file)) {
      present = false;
      return 0;
    }
    int replayed = 0;
    int unreadable = 0;
    List<LedgerRecord> chunk = new ArrayList<>(REPLAY_CHUNK);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        try {
          chunk.add(JSON.readValue(line, LedgerRecord.class));
        } catch (JsonProcessingException e) {
          unreadable++;
          continue;
        }
        if (chunk.size() == REPLAY_CHUNK) {
          sink.insert(chunk);
          replayed += chunk.size();
          chunk.clear();
        }
      }
    }
    sink.insert(chunk);
    replayed += chunk.size();
    Files.delete(file);
    present = false;
    if (unreadable > 0) {
      LOG.warn("ledger: skipped {} unreadable lines of {} (torn by a crash while spooling)",
          unreadable, file);
    }
    LOG.info("ledger: replayed {} spooled records from {} into the database", replayed, file);
    return replayed;
  }
}
