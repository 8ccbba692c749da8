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

  private final Map<String, Entry> byHash;

  private KeyIndex(Map<String, Entry> byHash) {
    this.byHash = byHash;
  }

  public static KeyIndex of(List<KeyConfig> keys) {
    Map<String, Entry> byHash = HashMap.newHashMap(keys.size());
    for (KeyConfig key : keys) {
      String hash = key.hash() != null ? key.hash() : KeyHash.of(key.key());
      Principal principal = new Principal(key.id(), key.owner(), key.team(), key.project());
      byHash.put(hash, new Entry(principal, key.expiresAt()));
    }
    return new KeyIndex(Map.copyOf(byHash));
  }

  /** The entry for {@code sha256:<hex>}, or null. */
  public Entry find(String hash) {
    return byHash.get(hash);
  }

  public int size() {
    return byHash.size();
  }
}
