package dev.sluice.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.config.KeyConfig;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys created through the admin API, shared by every replica ({@code sluice_keys}). Each
 * creation and revocation takes the next number of {@code sluice_key_versions}, so a replica
 * reads what changed since the last number it saw ({@link #changedSince}).
 */
final class PgKeyStore implements KeyStore {
  private static final String COLUMNS = "settings, created_ms, revoked_ms, version";

  private final Pool pool;

  PgKeyStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public void add(KeyConfig key, long nowMillis) throws SQLException {
    if (key.key() != null) {
      throw new IllegalArgumentException("only hashed keys are stored");
    }
    String settings;
    try {
      settings = SqliteKeyStore.JSON.writeValueAsString(key);
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot serialize key " + key.id(), e);
    }
    PgStore.awaitSql(pool.preparedQuery(
            "INSERT INTO sluice_keys (id, hash, settings, created_ms) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(key.id(), key.hash(), settings, nowMillis)));
  }

  @Override
  public boolean revoke(String id, long nowMillis) throws SQLException {
    RowSet<Row> rows = PgStore.awaitSql(pool.preparedQuery("UPDATE sluice_keys SET revoked_ms = $1,"
            + " version = nextval('sluice_key_versions') WHERE id = $2 AND revoked_ms IS NULL")
        .execute(Tuple.of(nowMillis, id)));
    return rows.rowCount() == 1;
  }

  @Override
  public List<StoredKey> all() throws SQLException {
    return read(PgStore.awaitSql(pool.query(
        "SELECT " + COLUMNS + " FROM sluice_keys ORDER BY created_ms, id").execute()));
  }

  @Override
  public List<StoredKey> changedSince(long version) throws SQLException {
    return read(PgStore.awaitSql(pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM sluice_keys WHERE version > $1 ORDER BY version")
        .execute(Tuple.of(version))));
  }

  private static List<StoredKey> read(RowSet<Row> rows) throws SQLException {
    List<StoredKey> keys = new ArrayList<>(rows.size());
    for (Row row : rows) {
      try {
        keys.add(new StoredKey(SqliteKeyStore.JSON.readValue(row.getString(0), KeyConfig.class),
            row.getLong(1), PgStore.longOr(row, 2, 0), row.getLong(3)));
      } catch (JsonProcessingException e) {
        throw new SQLException("a stored key cannot be read: " + e.getMessage(), e);
      }
    }
    return keys;
  }

  @Override
  public void close() {
    // the pool belongs to the store
  }
}
