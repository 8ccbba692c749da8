package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.store.SqliteLedger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} under load, then a restart: every answered request older than the ledger's
 * batch interval (100 ms) is in the ledger, and the budget its spend used up stays used up.
 */
class CrashRecoveryTest {
  static final String KEY = "sk-test-crash-0123456789";

  @TempDir
  Path dir;

  @Test
  void answeredRequestsSurviveKillNineAndTheBudgetStaysEnforced() throws Exception {
    Path config = dir.resolve("sluice.yaml");
    int port = SluiceProcess.freePort();
    // The mock answers in process: each request costs its gpt-4o-mini list price. The budget is
    // well below what the run spends, so after the crash it must still be exhausted.
    Files.writeString(config, """
        server: { host: 127.0.0.1, port: %d, adminPort: 0 }
        observability: { accessLog: { to: none } }
        store: { path: "%s" }
        backends: [ { name: mock, type: mock } ]
        routes: [ { name: all, targets: [ { backend: mock } ] } ]
        pricing: { gpt-4o-mini: { input: 1000, output: 1000 } }
        keys: [ { id: k, key: %s, owner: o, budget: { usd: 0.5, per: day } } ]
        """.formatted(port, dir.resolve("data"), KEY));
    Process sluice = start(config);
    HttpClient http = HttpClient.newHttpClient();
    List<Instant> answered = new ArrayList<>();
    int refused = 0;
    try {
      SluiceProcess.awaitListening(port, sluice, dir.resolve("sluice.out"));
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < until) {
        HttpResponse<String> response = http.send(chat(port), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          answered.add(Instant.now());
        } else {
          refused++;
        }
      }
    } finally {
      sluice.destroyForcibly(); // SIGKILL: no drain, no flush
      sluice.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(refused).as("the budget ran out during the run").isPositive();

    Instant killedAt = Instant.now();
    long durable = answered.stream()
        .filter(t -> t.isBefore(killedAt.minus(SqliteLedger.BATCH_INTERVAL))).count();
    SqliteLedger.open(dir.resolve("data")).close(); // replays a spool, if the crash left one
    try (java.sql.Connection db = java.sql.DriverManager.getConnection(
            "jdbc:sqlite:" + dir.resolve("data").resolve("ledger.db"));
        java.sql.ResultSet rs = db.createStatement()
            .executeQuery("SELECT count(*) FROM ledger WHERE status = 200")) {
      rs.next();
      long recorded = rs.getLong(1);
      // Every answered request older than one batch interval is in; at most the last batch is not.
      assertThat(recorded).isGreaterThanOrEqualTo(durable).isLessThanOrEqualTo(answered.size());
    }

    Process restarted = start(config);
    try {
      SluiceProcess.awaitListening(port, restarted, dir.resolve("sluice.out"));
      HttpResponse<String> after = http.send(chat(port), HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode()).isEqualTo(429);
      assertThat(after.body()).contains("budget_exceeded");
    } finally {
      restarted.destroy();
      restarted.waitFor(15, TimeUnit.SECONDS);
    }
  }

  private static HttpRequest chat(int port) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
  }

  private Process start(Path config) throws IOException {
    return SluiceProcess.start(config, dir.resolve("sluice.out"));
  }


}
