package dev.sluice.store;

import dev.sluice.config.KeyConfig;
import java.sql.SQLException;
import java.util.List;

/**
 * A shared key store that tells the other replicas after each change it made ({@link
 * KeyChanges#publish}): only once the change is committed, so a replica told reads it.
 */
public final class PublishingKeyStore implements KeyStore {
  private final KeyStore store;
  private final KeyChanges changes;

  public PublishingKeyStore(KeyStore store, KeyChanges changes) {
    this.store = store;
    this.changes = changes;
  }

  @Override
  public void add(KeyConfig key, long nowMillis) throws SQLException {
    store.add(key, nowMillis);
    changes.publish();
  }

  @Override
  public boolean revoke(String id, long nowMillis) throws SQLException {
    boolean revoked = store.revoke(id, nowMillis);
    if (revoked) {
      changes.publish();
    }
    return revoked;
  }

  @Override
  public List<StoredKey> all() throws SQLException {
    return store.all();
  }

  @Override
  public List<StoredKey> changedSince(long version) throws SQLException {
    return store.changedSince(version);
  }

  @Override
  public void close() {
    store.close();
  }
}
