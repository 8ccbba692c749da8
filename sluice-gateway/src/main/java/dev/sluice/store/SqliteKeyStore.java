package dev.sluice.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sluice.config.KeyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys created through the admin API, in the embedded store ({@code <store.path>/keys.db}).
 */
final class SqliteKeyStore implements KeyStore {
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Connection connection;

  private SqliteKeyStore(Connection connection) {
    this.connection = connection;
  }

  static SqliteKeyStore open(Path storeDir) {
    try {
      Files.createDirectories(storeDir);
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + storeDir.resolve("keys.db"));
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("""
            CREATE TABLE IF NOT EXISTS keys (
              id         TEXT    PRIMARY KEY,
              hash       TEXT    NOT NULL UNIQUE,
              settings   TEXT    NOT NULL,
              created_ms INTEGER NOT NULL,
              revoked_ms INTEGER
            )""");
      }
      return new SqliteKeyStore(c);
    } catch (IOException | SQLException e) {
      throw new LedgerException("store.path: cannot open the key store in " + storeDir + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void add(KeyConfig key, long nowMillis) throws SQLException {
    if (key.key() != null) {
      throw new IllegalArgumentException("only hashed keys are stored");
    }
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO keys (id, hash, settings, created_ms) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, key.id());
      ps.setString(2, key.hash());
      ps.setString(3, JSON.writeValueAsString(key));
      ps.setLong(4, nowMillis);
      ps.executeUpdate();
    } catch (IOException e) {
      throw new SQLException("cannot serialize key " + key.id(), e);
    }
  }

  @Override
  public synchronized boolean revoke(String id, long nowMillis) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "UPDATE keys SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL")) {
      ps.setLong(1, nowMillis);
      ps.setString(2, id);
      return ps.executeUpdate() == 1;
    }
  }

  @Override
  public synchronized List<StoredKey> all() throws SQLException {
    List<StoredKey> keys = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT settings, created_ms, revoked_ms FROM keys ORDER BY created_ms, id")) {
      while (rs.next()) {
        keys.add(new StoredKey(JSON.readValue(rs.getString(1), KeyConfig.class), rs.getLong(2),
            rs.getLong(3), 0));
      }
    } catch (IOException e) {
      throw new SQLException("a stored key cannot be read: " + e.getMessage(), e);
    }
    return keys;
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing: nothing left to do
    }
  }
}
