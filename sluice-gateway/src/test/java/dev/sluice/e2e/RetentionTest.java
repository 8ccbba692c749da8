package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ConfigResult;
import dev.sluice.server.Gateway;
import dev.sluice.store.LedgerRecord;
import dev.sluice.store.SqliteLedger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code store.retention}: a gateway deletes the records its retention no longer keeps. */
class RetentionTest {
  @TempDir Path dir;

  @Test
  void aGatewayDeletesRecordsOlderThanItsRetentionSoonAfterStart() throws Exception {
    Path data = dir.resolve("data");
    try (SqliteLedger ledger = SqliteLedger.open(data)) {
      ledger.append(record("old", Instant.now().minus(Duration.ofDays(40))));
      ledger.append(record("recent", Instant.now().minus(Duration.ofDays(2))));
    }
    ConfigResult result = ConfigLoader.parse("""
        server: { host: 127.0.0.1, port: 0, adminPort: 0 }
        observability: { accessLog: { to: none } }
        store: { path: "%s", retention: 30d }
        backends: [ { name: mock, type: mock } ]
        routes: [ { name: all, targets: [ { backend: mock } ] } ]
        """.formatted(data), Map.of());
    assertThat(result.problems()).isEmpty();
    Gateway gateway = Gateway.start(result.config());
    try {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(
          () -> assertThat(requestIds(data)).containsExactly("recent"));
    } finally {
      gateway.close();
    }
  }

  private static List<String> requestIds(Path data) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("ledger.db"));
        ResultSet rs = c.createStatement().executeQuery("SELECT request_id FROM ledger_entries")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private static LedgerRecord record(String id, Instant ts) {
    return new LedgerRecord(ts.toEpochMilli(), id, "k1", "o", "t", "p", "agent", "chat", "gpt-4o",
        "mock", "gpt-4o", 200, null, false, 1, 10, 5, 0, 100, false, 1_000, -1, 900, "all");
  }
}
