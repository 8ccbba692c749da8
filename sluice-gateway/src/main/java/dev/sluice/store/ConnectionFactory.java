package dev.sluice.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/** Opens connections to the ledger's database; tests substitute one that fails on demand. */
@FunctionalInterface
interface ConnectionFactory {
  Connection open() throws SQLException;

  /**
   * Connections without SQLite's own per-connection mutex ({@code SQLITE_OPEN_NOMUTEX}): each is
   * used by one thread at a time (the writer's is confined to the writer thread, the reader's
   * queries are serialized), and the driver serializes calls on a connection besides. The mutex
   * was a lock and an unlock for every value bound and every step: ~11% of the writer thread's
   * samples in the bench's profile (0.70 of 6.1 µs a request).
   */
  static ConnectionFactory sqlite(Path file) {
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    SQLiteConfig config = new SQLiteConfig();
    config.setOpenMode(SQLiteOpenMode.NOMUTEX);
    Properties properties = config.toProperties();
    return () -> DriverManager.getConnection(url, properties);
  }
}
