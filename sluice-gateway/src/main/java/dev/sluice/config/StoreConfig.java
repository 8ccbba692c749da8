package dev.sluice.config;

/** {@code store:}: {@code embedded} (single node, file-backed) or {@code redis-postgres}. */
public record StoreConfig(String type, String path, String redis, String postgres) {
  public StoreConfig {
    type = type == null ? "embedded" : type;
    path = path == null ? "./sluice-data" : path;
  }

  public static StoreConfig defaults() {
    return new StoreConfig(null, null, null, null);
  }

  @Override
  public String toString() {
    return "StoreConfig[type=" + type + ", path=" + path + "]";
  }
}
