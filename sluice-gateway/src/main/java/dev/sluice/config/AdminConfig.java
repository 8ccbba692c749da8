package dev.sluice.config;

/** {@code admin:}: the bearer token for /admin/*. Absent token: the admin API answers 401 to all. */
public record AdminConfig(String token) {
  @Override
  public String toString() {
    return "AdminConfig[token=" + (token == null ? "null" : "<redacted>") + "]";
  }
}
