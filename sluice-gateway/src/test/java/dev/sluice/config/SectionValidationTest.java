package dev.sluice.config;

import static dev.sluice.config.ConfigTesting.MINIMAL;
import static dev.sluice.config.ConfigTesting.problems;
import static dev.sluice.config.ConfigTesting.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code server}, {@code admin}, {@code pricing}, {@code store}, {@code observability}. */
class SectionValidationTest {

  @Test
  void portsMustBeInRange() {
    assertThat(problems("server: { port: 70000, adminPort: -1 }\n")).containsExactly(
        "server.port: 70000 (expected: 1 to 65535, or 0 for any free port)",
        "server.adminPort: -1 (expected: 1 to 65535, or 0 for any free port)");
  }

  @Test
  void dataAndAdminPortMustDifferUnlessBothAreZero() {
    assertThat(problems(MINIMAL + "server: { port: 9000, adminPort: 9000 }\n"))
        .containsExactly("server.adminPort: 9000 is also server.port (expected: a different port)");
    assertThat(problems(MINIMAL + "server: { port: 0, adminPort: 0 }\n")).isEmpty();
  }

  @Test
  void requestSizeMustBePositiveAndHostPresent() {
    assertThat(problems(MINIMAL + "server: { host: \"\", maxRequestBytes: 0 }\n")).containsExactly(
        "server.host: empty (expected: a host name or IP address, e.g. 0.0.0.0)",
        "server.maxRequestBytes: 0B (expected: > 0)");
  }

  @Test
  void negativeDrainTimeoutIsRejected() {
    // The YAML notation cannot express a negative duration; configs built in code can.
    SluiceConfig config = new SluiceConfig(
        new ServerConfig(null, null, null, null, Duration.ofSeconds(-1), null, null),
        null, null, null, null, null, null, null, null, null);

    assertThat(ConfigValidator.validate(config).problems()).contains(
        new Problem("server.drainTimeout", "-1s (expected: >= 0)"));
  }

  @Test
  void tlsNeedsCertificateAndKey() {
    assertThat(problems(MINIMAL + "server: { tls: { cert: /etc/sluice/cert.pem } }\n"))
        .containsExactly("server.tls.key: required (a PEM private key file)");
  }

  @Test
  void missingAdminTokenIsAWarning() {
    assertThat(warnings("""
        backends: [ { name: m, type: mock } ]
        routes: [ { name: all, targets: [ { backend: m } ] } ]
        """)).containsExactly("admin.token is not set: the admin API refuses every /admin request");
  }

  @Test
  void shortAdminTokenIsAWarningThatDoesNotPrintIt() {
    List<String> warnings = warnings(MINIMAL.replace("0123456789abcdef0123", "hunter2"));

    assertThat(warnings).containsExactly(
        "admin.token: shorter than 16 characters; use a long random value (e.g. openssl rand -hex 32)");
  }

  @Test
  void pricesMustBePresentAndNotNegative() {
    assertThat(problems(MINIMAL + """
        pricing:
          gpt-4o: { input: -1, output: 10, cachedInput: -0.5 }
          o3: { input: 2 }
          claude:
        """)).containsExactly(
            "pricing.gpt-4o.input: -1 (expected: >= 0)",
            "pricing.gpt-4o.cachedInput: -0.5 (expected: >= 0)",
            "pricing.o3.output: required",
            "pricing.claude: empty (expected: a value)");
  }

  @Test
  void storeTypeMustBeKnown() {
    assertThat(problems(MINIMAL + "store: { type: mysql }\n"))
        .containsExactly("store.type: unknown store 'mysql' (expected: embedded, redis-postgres)");
  }

  @Test
  void retentionKeepsWholeDays() {
    assertThat(problems(MINIMAL + "store: { retention: 12h }\n"))
        .containsExactly("store.retention: at least 1d (records are kept in whole UTC days; got 12h)");
    assertThat(problems(MINIMAL + "store: { retention: 90d }\n")).isEmpty();
    assertThat(problems(MINIMAL + "store: { retention: 2 }\n")).singleElement().asString()
        .startsWith("store.retention: invalid duration '2': missing unit");
  }

  @Test
  void sharedStoreNeedsRedisAndPostgresUrlsWithoutEchoingThem() {
    assertThat(problems(MINIMAL + "store: { type: redis-postgres }\n")).containsExactly(
        "store.redis: required for store type redis-postgres",
        "store.postgres: required for store type redis-postgres");
    List<String> problems = problems(MINIMAL + """
        store: { type: redis-postgres, redis: "http://:pw@r:6379", postgres: "postgres://u:pw@db/s" }
        """);
    assertThat(problems).containsExactly(
        "store.redis: invalid URL (expected: redis://HOST:PORT/DB or rediss://...)",
        "store.postgres: invalid URL (expected: a JDBC URL such as jdbc:postgresql://HOST:5432/DATABASE)");
    assertThat(String.join("\n", problems)).doesNotContain("pw");
  }

  @Test
  void sharedStoreUrlsAreCheckedPartByPartWithoutEchoingThem() {
    String store = """
        store: { type: redis-postgres, redis: "redis://:secret@r:6379/zero",
                 postgres: "jdbc:postgresql://db:54x2/sluice?user=u&password=secret" }
        """;
    List<String> problems = problems(MINIMAL + store);
    assertThat(problems).containsExactly(
        "store.redis: invalid database (expected: a number, e.g. redis://HOST:6379/0)",
        "store.postgres: invalid port (expected: a number, e.g. 5432)");
    assertThat(String.join("\n", problems)).doesNotContain("secret");
    assertThat(problems(MINIMAL + """
        store: { type: redis-postgres, redis: "redis://", postgres: "jdbc:postgresql:///sluice" }
        """)).containsExactly(
        "store.redis: invalid URL (expected: redis://HOST:PORT/DB or rediss://...)",
        "store.postgres: no host (expected: jdbc:postgresql://HOST:5432/DATABASE)");
    assertThat(problems(MINIMAL + """
        store: { type: redis-postgres, redis: "redis://r:6379/0",
                 postgres: "jdbc:postgresql://db/s?currentSchema=a;drop" }
        """)).containsExactly(
        "store.postgres: currentSchema: not a plain schema name (expected letters, digits and _)");
    assertThat(problems(MINIMAL + """
        store: { type: redis-postgres, redis: "redis://r:6379/0",
                 postgres: "jdbc:postgresql://db/s?sslmode=always" }
        """)).containsExactly(
        "store.postgres: sslmode: 'always' (expected: disable, allow, prefer, require, verify-ca or verify-full)");
  }

  @Test
  void sharedStoreFailurePolicySyncAndPrefixAreChecked() {
    String urls = "redis: \"redis://127.0.0.1:6379/0\", postgres: \"jdbc:postgresql://127.0.0.1/s\"";
    assertThat(problems(MINIMAL + "store: { type: redis-postgres, " + urls + " }\n")).isEmpty();
    assertThat(problems(MINIMAL + "store: { type: redis-postgres, " + urls
        + ", onRedisFailure: { limits: ajar, budgets: shut }, sync: 0s, prefix: \"a b\" }\n"))
        .containsExactly(
            "store.onRedisFailure.limits: 'ajar' (expected: open or closed)",
            "store.onRedisFailure.budgets: 'shut' (expected: open or closed)",
            "store.sync: 0s (expected: > 0)",
            "store.prefix: 'a b' (expected: letters, digits and . _ : -)");
    assertThat(problems(MINIMAL + "store: { type: redis-postgres, " + urls
        + ", onRedisFailure: { limit: open } }\n")).singleElement().asString()
        .startsWith("store.onRedisFailure.limit: unknown field");
  }

  @Test
  void sharedStoreDefaultsAdmitLimitsButRefuseBudgetsWhenRedisIsDown() {
    StoreConfig store = StoreConfig.defaults();
    assertThat(store.onRedisFailure().limitsOpen()).isTrue();
    assertThat(store.onRedisFailure().budgetsOpen()).isFalse();
    assertThat(store.sync()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aJdbcUrlBecomesTheReactiveClientsSettings() {
    JdbcUrl url = JdbcUrl.parse(
        "jdbc:postgresql://db.local:6543/sluice?user=gw&password=p%40ss&currentSchema=s1&sslmode=require");
    assertThat(url.host()).isEqualTo("db.local");
    assertThat(url.port()).isEqualTo(6543);
    assertThat(url.database()).isEqualTo("sluice");
    assertThat(url.user()).isEqualTo("gw");
    assertThat(url.password()).isEqualTo("p@ss");
    assertThat(url.schema()).isEqualTo("s1");
    assertThat(url.parameters()).containsOnlyKeys("currentSchema", "sslmode");
    assertThat(url.toString()).doesNotContain("p@ss");
    JdbcUrl defaults = JdbcUrl.parse("jdbc:postgresql://127.0.0.1");
    assertThat(defaults.port()).isEqualTo(5432);
    assertThat(defaults.database()).isEqualTo("postgres");
  }

  @Test
  void sharedStoreUrlsOnAnEmbeddedStoreAreAWarning() {
    assertThat(warnings(MINIMAL + "store: { type: embedded, redis: \"redis://127.0.0.1:6379/0\" }\n"))
        .containsExactly("store.redis: not used by store type embedded");
  }

  @Test
  void accessLogDestinationMustBeKnown() {
    assertThat(problems(MINIMAL + "observability: { accessLog: { to: syslog } }\n")).containsExactly(
        "observability.accessLog.to: invalid destination 'syslog' (expected: stdout, none or file:PATH)");
    assertThat(problems(MINIMAL + "observability: { accessLog: { to: \"file:\" } }\n")).containsExactly(
        "observability.accessLog.to: file: needs a path (e.g. file:/var/log/sluice/access.log)");
    assertThat(problems(MINIMAL + "observability: { accessLog: { to: \"file:/var/log/a.log\" } }\n")).isEmpty();
  }

  @Test
  void otlpNeedsAnHttpEndpointAndServiceNameMustNotBeEmpty() {
    assertThat(problems(MINIMAL + "observability: { otlp: { traces: true }, serviceName: \"\" }\n"))
        .containsExactly(
            "observability.otlp.endpoint: required",
            "observability.serviceName: empty (expected: a name, e.g. sluice)");
    assertThat(problems(MINIMAL + "observability: { otlp: { endpoint: \"grpc://collector:4317\" } }\n"))
        .containsExactly("observability.otlp.endpoint: invalid URL (expected: an absolute http:// or https:// URL)");
  }

  @Test
  void otlpSamplingAndIntervalAndRotationMustBeInRange() {
    assertThat(problems(MINIMAL + """
        observability:
          accessLog: { to: "file:/var/log/a.log", maxFileSize: 100, maxFiles: 0 }
          otlp: { endpoint: "http://collector:4318", sampleRatio: 1.5, metricsInterval: 100ms }
        """)).containsExactly(
            "observability.accessLog.maxFileSize: 100B (expected: >= 1KiB)",
            "observability.accessLog.maxFiles: 0 (expected: >= 1)",
            "observability.otlp.sampleRatio: 1.5 (expected: 0 to 1)",
            "observability.otlp.metricsInterval: 100ms (expected: >= 1s)");
    assertThat(problems(MINIMAL + """
        observability:
          accessLog: { to: "file:/var/log/a.log", maxFileSize: 10MiB, maxFiles: 3 }
          otlp: { endpoint: "http://collector:4318", sampleRatio: 0.25, metricsInterval: 15s }
          prometheus: false
          captureContent: true
        """)).isEmpty();
    assertThat(warnings(MINIMAL + "observability: { otlp: { endpoint: \"http://c:4318\", traces: false, metrics: false } }\n"))
        .containsExactly("observability.otlp: traces and metrics are both off: nothing is exported");
  }

  @Test
  void otlpHeadersNeedValidNamesAndValuesNotOwnedByTheExporter() {
    assertThat(problems(MINIMAL + """
        observability:
          otlp:
            endpoint: "https://collector:4318"
            headers: { "bad name": x, Content-Type: text/plain, x-empty: "", x-tenant: "a\\r\\nx-evil: 1" }
        """)).containsExactly(
            "observability.otlp.headers.bad name: invalid header name (expected letters, digits and '-', e.g. Authorization)",
            "observability.otlp.headers.Content-Type: set by the exporter itself (expected: another header)",
            "observability.otlp.headers.x-empty: empty (expected: a value; an unset ${VAR} gives an empty one)",
            "observability.otlp.headers.x-tenant: control characters in the value (a line break would split the header)");
    assertThat(problems(MINIMAL + """
        observability: { otlp: { endpoint: "https://c:4318", headers: { Authorization: "Bearer ${T}" } } }
        """, Map.of("T", "s3cret"))).isEmpty();
    // Credentials in clear text to another host are allowed but flagged; to loopback they are not.
    assertThat(warnings(MINIMAL + "observability: { otlp: { endpoint: \"http://collector:4318\", headers: { Authorization: x } } }\n"))
        .containsExactly("observability.otlp.headers: sent in clear text to an http:// endpoint: use https:// when they carry credentials");
    assertThat(warnings(MINIMAL + "observability: { otlp: { endpoint: \"http://127.0.0.1:4318\", headers: { Authorization: x } } }\n"))
        .isEmpty();
  }

  @Test
  void unknownObservabilityKeysAreErrors() {
    assertThat(problems(MINIMAL + "observability: { otlp: { endpoint: \"http://c:4318\", sampling: 0.5 } }\n"))
        .singleElement().asString().startsWith("observability.otlp.sampling: unknown");
    assertThat(problems(MINIMAL + "observability: { captureContents: true }\n"))
        .singleElement().asString().startsWith("observability.captureContents: unknown");
  }

  @Test
  void everyProblemIsReportedInFileOrder() {
    assertThat(problems("""
        server: { port: 70000 }
        backends: [ { name: m, type: mock, maxConcurrent: 0 } ]
        routes: [ { name: r, targets: [ { backend: nope } ] } ]
        teams: [ { name: t, budget: { usd: 1, per: year } } ]
        keys: [ { id: k } ]
        store: { type: mysql }
        """, Map.of())).containsExactly(
            "server.port: 70000 (expected: 1 to 65535, or 0 for any free port)",
            "backends[0].maxConcurrent: 0 (expected: >= 1)",
            "routes[0].targets[0].backend: unknown backend 'nope'",
            "teams[0].budget.per: unknown window 'year' (expected: day, week, month)",
            "keys[0]: exactly one of hash or key",
            "store.type: unknown store 'mysql' (expected: embedded, redis-postgres)");
  }
}
