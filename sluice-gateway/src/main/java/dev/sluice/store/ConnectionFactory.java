package dev.sluice.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Opens connections to the ledger's database; tests substitute one that fails on demand. */
@FunctionalInterface
interface ConnectionFactory {
  Connection open() throws SQLException;

  static ConnectionFactory sqlite(Path file) {
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    return () -> DriverManager.getConnection(url);
  }
}
