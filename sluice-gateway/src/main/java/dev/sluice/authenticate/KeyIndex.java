package dev.sluice.authenticate;

import dev.sluice.config.KeyConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys by digest: one hash lookup per request, whatever the number of keys. Immutable; a new
 * index is built with each configuration snapshot.
 */
public final class KeyIndex {

  /** A known key: who it is, and when it stops working ({@code null}: never). */
  public record Entry(Principal principal, Instant expiresAt) {}

  private final Map<KeyHash.Digest, Entry> byHash;

  private KeyIndex(Map<KeyHash.Digest, Entry> byHash) {
    this.byHash = byHash;
  }

  public static KeyIndex of(List<KeyConfig> keys) {
    Map<KeyHash.Digest, Entry> byHash = HashMap.newHashMap(keys.size());
    for (KeyConfig key : keys) {
      KeyHash.Digest hash =
          key.hash() != null ? KeyHash.Digest.parse(key.hash()) : KeyHash.digest(key.key());
      Principal principal = new Principal(key.id(), key.owner(), key.team(), key.project());
      byHash.put(hash, new Entry(principal, key.expiresAt()));
    }
    return new KeyIndex(Map.copyOf(byHash));
  }

  /** The entry for a key's digest, or null. */
  public Entry find(KeyHash.Digest digest) {
    return byHash.get(digest);
  }

  public int size() {
    return byHash.size();
  }
}
