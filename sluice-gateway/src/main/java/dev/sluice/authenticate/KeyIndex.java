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
  /** Keys created through the admin API: added and revoked while requests run. */
  private final Map<KeyHash.Digest, Entry> runtime = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, KeyHash.Digest> runtimeIds = new java.util.concurrent.ConcurrentHashMap<>();

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
    Entry entry = byHash.get(digest);
    return entry != null ? entry : runtime.get(digest);
  }

  /** Adds a key created at run time (stored hashed); it works from the next request on. */
  public void add(KeyConfig key) {
    KeyHash.Digest digest = KeyHash.Digest.parse(key.hash());
    runtime.put(digest, new Entry(new Principal(key.id(), key.owner(), key.team(), key.project()),
        key.expiresAt()));
    runtimeIds.put(key.id(), digest);
  }

  /** Revokes a key created at run time: its next request is refused. */
  public void revoke(String keyId) {
    KeyHash.Digest digest = runtimeIds.remove(keyId);
    if (digest != null) {
      runtime.remove(digest);
    }
  }

  public int size() {
    return byHash.size();
  }
}
