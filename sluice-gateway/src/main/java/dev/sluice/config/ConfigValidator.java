package dev.sluice.config;

import dev.sluice.config.ObservabilityConfig.OtlpConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Semantic checks on a config whose shape is already right: ranges, required fields per
 * backend type, cross-references (route -> backend, team, project; key -> team, project),
 * uniqueness. Reports every problem it finds, in file order, each with its YAML path; what is
 * allowed but unwise (plaintext keys, no admin token) becomes a warning.
 */
public final class ConfigValidator {
  static final int MIN_ADMIN_TOKEN_LENGTH = 16;

  private ConfigValidator() {}

  /** Problems of shape (unknown fields, wrong types) in a key's JSON settings; empty if none. */
  @SuppressWarnings("unchecked")
  public static List<Problem> keyShapeProblems(String json) {
    Object read = ConfigYaml.readKey(json);
    return read instanceof KeyConfig ? List.of() : (List<Problem>) read;
  }

  /**
   * A key created at run time, checked as if it were appended to the file's {@code keys} (after
   * {@code existing}: the file's keys and the stored ones): the same rules, ids and hashes unique
   * across all. Returns the key's problems, with paths relative to the key.
   */
  public static List<Problem> validateNewKey(SluiceConfig config, List<KeyConfig> existing,
      KeyConfig key) {
    List<KeyConfig> keys = new java.util.ArrayList<>(existing);
    keys.add(key);
    SluiceConfig with = new SluiceConfig(config.server(), config.admin(), config.backends(),
        config.routes(), config.teams(), keys, config.pricing(), config.store(),
        config.observability(), config.estimates());
    String prefix = "keys[" + (keys.size() - 1) + "]";
    return validate(with).problems().stream()
        .filter(p -> p.path().startsWith(prefix))
        .map(p -> new Problem(p.path().length() == prefix.length() ? "(body)"
            : p.path().substring(prefix.length() + 1), p.reason()))
        .toList();
  }

  /** Reads a key's settings as the admin API receives them; check keyShapeProblems first. */
  public static KeyConfig readKey(String json) {
    return (KeyConfig) ConfigYaml.readKey(json);
  }

  public static ConfigResult validate(SluiceConfig config) {
    Findings findings = new Findings();
    checkServer(config.server(), findings);
    checkAdmin(config.admin(), findings);
    BackendChecks.check(config.backends(), findings);
    RouteChecks.check(config, findings);
    AccessChecks.checkTeams(config.teams(), findings);
    AccessChecks.checkKeys(config.keys(), config.teams(), findings);
    checkPricing(config.pricing(), findings);
    checkStore(config.store(), findings);
    checkObservability(config.observability(), findings);
    if (config.estimates().outputTokens() < 1) {
      findings.problem("estimates.outputTokens",
          config.estimates().outputTokens() + " (expected: >= 1)");
    }
    return findings.result(config);
  }

  private static void checkServer(ServerConfig server, Findings findings) {
    if (Findings.isBlank(server.host())) {
      findings.problem("server.host", "empty (expected: a host name or IP address, e.g. 0.0.0.0)");
    }
    checkPort("server.port", server.port(), findings);
    checkPort("server.adminPort", server.adminPort(), findings);
    // Port 0 asks the OS for a free port, so two zeros do not collide.
    if (server.port().equals(server.adminPort()) && server.port() != 0) {
      findings.problem("server.adminPort",
          server.adminPort() + " is also server.port (expected: a different port)");
    }
    if (server.maxRequestBytes().bytes() <= 0) {
      findings.problem("server.maxRequestBytes", server.maxRequestBytes() + " (expected: > 0)");
    }
    if (server.eventLoops() < 1) {
      findings.problem("server.eventLoops", server.eventLoops() + " (expected: >= 1)");
    }
    if (server.drainTimeout().isNegative()) {
      findings.problem("server.drainTimeout",
          ValueFormats.format(server.drainTimeout()) + " (expected: >= 0)");
    }
    if (server.tls() != null) {
      findings.required("server.tls.cert", server.tls().cert(),
          "required (a PEM certificate chain file)");
      findings.required("server.tls.key", server.tls().key(), "required (a PEM private key file)");
    }
  }

  private static void checkPort(String path, int port, Findings findings) {
    if (port < 0 || port > 65535) {
      findings.problem(path, port + " (expected: 1 to 65535, or 0 for any free port)");
    }
  }

  /** Only warnings: without a token the admin API is closed, which is safe. */
  private static void checkAdmin(AdminConfig admin, Findings findings) {
    String token = admin.token();
    if (Findings.isBlank(token)) {
      findings.warning("admin.token is not set: the admin API refuses every /admin request");
    } else if (token.length() < MIN_ADMIN_TOKEN_LENGTH) {
      findings.warning("admin.token", "shorter than " + MIN_ADMIN_TOKEN_LENGTH
          + " characters; use a long random value (e.g. openssl rand -hex 32)");
    }
  }

  private static void checkPricing(Map<String, PriceConfig> pricing, Findings findings) {
    findings.eachEntry("pricing", pricing, (path, price) -> {
      if (findings.required(path + ".input", price.input())) {
        findings.notNegative(path + ".input", price.input());
      }
      if (findings.required(path + ".output", price.output())) {
        findings.notNegative(path + ".output", price.output());
      }
      findings.notNegative(path + ".cachedInput", price.cachedInput());
    });
  }

  private static void checkStore(StoreConfig store, Findings findings) {
    switch (store.type()) {
      case "embedded" -> {
        // Left in place when switching a deployment back to one node: worth a word, not a refusal.
        if (store.redis() != null) {
          findings.warning("store.redis", "not used by store type embedded");
        }
        if (store.postgres() != null) {
          findings.warning("store.postgres", "not used by store type embedded");
        }
      }
      case "redis-postgres" -> {
        // URLs are not echoed: they often carry a password.
        if (findings.required("store.redis", store.redis(), "required for store type redis-postgres")) {
          checkRedisUrl(store.redis(), findings);
        }
        if (findings.required("store.postgres", store.postgres(),
            "required for store type redis-postgres")) {
          try {
            JdbcUrl.parse(store.postgres());
          } catch (IllegalArgumentException e) {
            findings.problem("store.postgres", e.getMessage());
          }
        }
        checkOpenClosed("store.onRedisFailure.limits", store.onRedisFailure().limits(), findings);
        checkOpenClosed("store.onRedisFailure.budgets", store.onRedisFailure().budgets(), findings);
        findings.positive("store.sync", store.sync());
        if (!store.prefix().matches("[A-Za-z0-9._:-]+")) {
          findings.problem("store.prefix",
              "'" + store.prefix() + "' (expected: letters, digits and . _ : -)");
        }
      }
      default -> findings.problem("store.type",
          "unknown store '" + store.type() + "' (expected: embedded, redis-postgres)");
    }
    findings.required("store.path", store.path(), "empty (expected: a directory, e.g. ./sluice-data)");
    if (store.retention() != null && store.retention().compareTo(Duration.ofDays(1)) < 0) {
      findings.problem("store.retention", "at least 1d (records are kept in whole UTC days; got "
          + ValueFormats.format(store.retention()) + ")");
    }
  }

  private static void checkRedisUrl(String url, Findings findings) {
    String reason = null;
    if (!url.matches("rediss?://.+")) {
      reason = "invalid URL (expected: redis://HOST:PORT/DB or rediss://...)";
    } else {
      try {
        java.net.URI uri = new java.net.URI(url);
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (uri.getHost() == null) {
          reason = "no host (expected: redis://HOST:PORT/DB)";
        } else if (!path.isEmpty() && !path.matches("/\\d*")) {
          reason = "invalid database (expected: a number, e.g. redis://HOST:6379/0)";
        }
      } catch (java.net.URISyntaxException e) {
        reason = "invalid URL (expected: redis://HOST:PORT/DB or rediss://...)";
      }
    }
    if (reason != null) {
      findings.problem("store.redis", reason);
    }
  }

  private static void checkOpenClosed(String path, String value, Findings findings) {
    if (!value.equals("open") && !value.equals("closed")) {
      findings.problem(path, "'" + value + "' (expected: open or closed)");
    }
  }

  private static void checkObservability(ObservabilityConfig observability, Findings findings) {
    String to = observability.accessLog().to();
    if (to.startsWith("file:")) {
      if (to.substring("file:".length()).isBlank()) {
        findings.problem("observability.accessLog.to",
            "file: needs a path (e.g. file:/var/log/sluice/access.log)");
      }
    } else if (!to.equals("stdout") && !to.equals("none")) {
      findings.problem("observability.accessLog.to",
          "invalid destination '" + to + "' (expected: stdout, none or file:PATH)");
    }
    if (observability.accessLog().maxFileSize().bytes() < 1024) {
      findings.problem("observability.accessLog.maxFileSize",
          observability.accessLog().maxFileSize() + " (expected: >= 1KiB)");
    }
    if (observability.accessLog().maxFiles() < 1) {
      findings.problem("observability.accessLog.maxFiles",
          observability.accessLog().maxFiles() + " (expected: >= 1)");
    }
    OtlpConfig otlp = observability.otlp();
    if (otlp != null) {
      if (findings.required("observability.otlp.endpoint", otlp.endpoint())) {
        findings.httpUrl("observability.otlp.endpoint", otlp.endpoint());
      }
      if (!(otlp.sampleRatio() >= 0 && otlp.sampleRatio() <= 1)) {
        findings.problem("observability.otlp.sampleRatio",
            otlp.sampleRatio() + " (expected: 0 to 1)");
      }
      if (otlp.metricsInterval().toMillis() < 1000) {
        findings.problem("observability.otlp.metricsInterval",
            ValueFormats.format(otlp.metricsInterval()) + " (expected: >= 1s)");
      }
      checkOtlpHeaders(otlp, findings);
      if (!otlp.traces() && !otlp.metrics()) {
        findings.warning("observability.otlp", "traces and metrics are both off: nothing is exported");
      }
    }
    findings.required("observability.serviceName", observability.serviceName(),
        "empty (expected: a name, e.g. sluice)");
  }

  // Headers the exporter sets itself, or that the JDK's HTTP client refuses to let a caller set:
  // configured, they would fail every export at run time instead of the config at load time.
  private static final Set<String> OTLP_OWN_HEADERS = Set.of("content-type",
      "content-length", "content-encoding", "host", "connection", "expect", "upgrade");
  // RFC 9110 token characters: what a header name may hold.
  private static final Pattern HEADER_NAME =
      Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private static void checkOtlpHeaders(OtlpConfig otlp, Findings findings) {
    findings.eachEntry("observability.otlp.headers", otlp.headers(), (path, value) -> {
      String name = path.substring("observability.otlp.headers.".length());
      if (!HEADER_NAME.matcher(name).matches()) {
        findings.problem(path, "invalid header name (expected letters, digits and '-', e.g. Authorization)");
      } else if (OTLP_OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        findings.problem(path, "set by the exporter itself (expected: another header)");
      } else if (value == null || value.isBlank()) {
        findings.problem(path, "empty (expected: a value; an unset ${VAR} gives an empty one)");
      } else if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
        findings.problem(path, "control characters in the value (a line break would split the header)");
      }
    });
    if (!otlp.headers().isEmpty() && otlp.endpoint() != null
        && otlp.endpoint().strip().toLowerCase(Locale.ROOT).startsWith("http://")
        && !isLoopback(otlp.endpoint())) {
      findings.warning("observability.otlp.headers",
          "sent in clear text to an http:// endpoint: use https:// when they carry credentials");
    }
  }

  private static boolean isLoopback(String url) {
    try {
      String host = URI.create(url.strip()).getHost();
      return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
