package dev.sluice.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL JDBC URL, {@code jdbc:postgresql://HOST[:PORT][/DATABASE][?user=..&password=..]},
 * taken apart for a client that does not speak JDBC (the store's reactive client). Query
 * parameters other than {@code user} and {@code password} are kept as they are
 * ({@code currentSchema}, {@code sslmode}, {@code ApplicationName}...).
 */
public record JdbcUrl(String host, int port, String database, String user, String password,
    Map<String, String> parameters) {
  private static final String PREFIX = "jdbc:postgresql://";

  /**
   * @throws IllegalArgumentException with a reason that never repeats the URL (it may hold a
   *     password)
   */
  public static JdbcUrl parse(String url) {
    if (url == null || !url.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "invalid URL (expected: a JDBC URL such as jdbc:postgresql://HOST:5432/DATABASE)");
    }
    String rest = url.substring(PREFIX.length());
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String database = "postgres";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      database = rest.substring(slash + 1);
      rest = rest.substring(0, slash);
    }
    if (rest.contains(",")) {
      throw new IllegalArgumentException("several hosts are not supported (expected: one HOST:PORT)");
    }
    String host = rest;
    int port = 5432;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && !rest.endsWith("]")) {
      host = rest.substring(0, colon);
      try {
        port = Integer.parseInt(rest.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid port (expected: a number, e.g. 5432)");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("invalid port " + port + " (expected: 1-65535)");
      }
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host (expected: jdbc:postgresql://HOST:5432/DATABASE)");
    }
    if (database.isEmpty()) {
      database = "postgres";
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      parameters.put(name, value);
    }
    String schema = parameters.get("currentSchema");
    if (schema != null && !schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(
          "currentSchema: not a plain schema name (expected letters, digits and _)");
    }
    String sslmode = parameters.get("sslmode");
    if (sslmode != null && !java.util.Set.of("disable", "allow", "prefer", "require", "verify-ca",
        "verify-full").contains(sslmode)) {
      throw new IllegalArgumentException("sslmode: '" + sslmode
          + "' (expected: disable, allow, prefer, require, verify-ca or verify-full)");
    }
    String user = parameters.remove("user");
    String password = parameters.remove("password");
    return new JdbcUrl(host, port, decode(database), user == null ? "postgres" : user, password,
        Map.copyOf(parameters));
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid %-escape in the URL");
    }
  }

  /** The schema the store's tables live in ({@code currentSchema}); null: the default. */
  public String schema() {
    return parameters.get("currentSchema");
  }

  @Override
  public String toString() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database + " (user " + user + ")";
  }
}
