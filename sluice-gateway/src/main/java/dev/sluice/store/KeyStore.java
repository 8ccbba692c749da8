package dev.sluice.store;

import dev.sluice.config.KeyConfig;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * Keys created through the admin API: only the digest of a key is stored, never the key. Revoked
 * keys stay, marked, for the audit trail. Blocking: called on a worker thread by the admin API,
 * by the replicas' key sync, and once at start.
 */
public interface KeyStore extends AutoCloseable {

  /**
   * A stored key: its settings (with {@code hash}, never a plaintext key) and its state.
   *
   * @param version grows with every change of any key (the shared store); 0 in the embedded one
   */
  record StoredKey(KeyConfig key, long createdMillis, long revokedMillis, long version) {
    public boolean revoked() {
      return revokedMillis > 0;
    }
  }

  /** The embedded store's, in {@code <storeDir>/keys.db} (SQLite). */
  static KeyStore open(Path storeDir) {
    return SqliteKeyStore.open(storeDir);
  }

  /** Stores a new key (hashed); fails when its id or hash is taken. */
  void add(KeyConfig key, long nowMillis) throws SQLException;

  /** Marks the key revoked; false when no active stored key has that id. */
  boolean revoke(String id, long nowMillis) throws SQLException;

  /** Every stored key, revoked ones included, oldest first. */
  List<StoredKey> all() throws SQLException;

  /**
   * The keys created or revoked after {@code version} (another replica's changes, for a shared
   * store), oldest change first. The embedded store has no other writer: nothing.
   */
  default List<StoredKey> changedSince(long version) throws SQLException {
    return List.of();
  }

  @Override
  void close();
}
