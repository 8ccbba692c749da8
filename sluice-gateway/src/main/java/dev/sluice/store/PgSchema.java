package dev.sluice.store;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The shared store's tables in PostgreSQL and their migrations: {@code sluice_ledger} (the usage
 * ledger, as the embedded one), {@code sluice_keys} (keys created through the admin API, each
 * change numbered from {@code sluice_key_versions} so replicas can read what changed), and
 * {@code sluice_replicas} (tags for ledger entry ids). {@code sluice_schema_version} holds the
 * version; migrations run in one transaction under an advisory lock.
 */
final class PgSchema {
  /** Step {@code i} takes a database from version {@code i} to {@code i + 1}. */
  private static final List<List<String>> MIGRATIONS = List.of(List.of(
      """
      CREATE TABLE sluice_ledger (
        entry_id            BIGINT  PRIMARY KEY,
        request_id          TEXT    NOT NULL,
        ts                  BIGINT  NOT NULL,
        key_id              TEXT,
        owner               TEXT,
        team                TEXT,
        project             TEXT,
        agent               TEXT,
        endpoint            TEXT,
        model               TEXT,
        backend             TEXT,
        upstream_model      TEXT,
        status              INTEGER NOT NULL,
        error_code          TEXT,
        stream              BOOLEAN NOT NULL,
        attempts            INTEGER NOT NULL,
        input_tokens        BIGINT,
        output_tokens       BIGINT,
        cached_input_tokens BIGINT,
        cost_nanos          BIGINT  NOT NULL,
        unpriced            BOOLEAN NOT NULL,
        latency_us          BIGINT,
        ttft_us             BIGINT,
        upstream_us         BIGINT,
        route               TEXT
      )""",
      "CREATE INDEX sluice_ledger_ts ON sluice_ledger (ts, key_id, team, project, cost_nanos)",
      "CREATE SEQUENCE sluice_key_versions",
      """
      CREATE TABLE sluice_keys (
        id         TEXT   PRIMARY KEY,
        hash       TEXT   NOT NULL UNIQUE,
        settings   TEXT   NOT NULL,
        created_ms BIGINT NOT NULL,
        revoked_ms BIGINT,
        version    BIGINT NOT NULL DEFAULT nextval('sluice_key_versions')
      )""",
      "CREATE INDEX sluice_keys_version ON sluice_keys (version)",
      "CREATE SEQUENCE sluice_replicas"));

  static final int VERSION = MIGRATIONS.size();

  static final String INSERT = "INSERT INTO sluice_ledger (" + String.join(", ", LedgerSchema.COLUMNS)
      + ") VALUES (" + placeholders(LedgerSchema.COLUMNS.size()) + ") ON CONFLICT (entry_id) DO NOTHING";

  private PgSchema() {}

  /** @param schema the schema to create first ({@code currentSchema}); null: the default one */
  static void migrate(Pool pool, String schema) {
    PgStore.await(pool.withTransaction(c -> c.query(
            // One migrator at a time; the others wait here, then find nothing to do.
            "SELECT pg_advisory_xact_lock(7215577017)").execute()
        // "already exists, skipping" is the normal case at every start but the first: not news.
        .compose(v -> c.query("SET LOCAL client_min_messages = warning").execute())
        // The name was checked to be a plain identifier (JdbcUrl).
        .compose(v -> schema == null ? io.vertx.core.Future.succeededFuture()
            : c.query("CREATE SCHEMA IF NOT EXISTS " + schema).execute())
        .compose(v -> c.query("CREATE TABLE IF NOT EXISTS sluice_schema_version (version INTEGER NOT NULL)")
            .execute())
        .compose(v -> c.query("SELECT max(version) FROM sluice_schema_version").execute())
        .compose(rows -> {
          Integer found = rows.iterator().next().getInteger(0);
          int version = found == null ? 0 : found;
          if (version > VERSION) {
            return io.vertx.core.Future.failedFuture("the database is at schema version " + version
                + ", newer than this Sluice understands (" + VERSION + "): run a newer Sluice");
          }
          io.vertx.core.Future<?> step = io.vertx.core.Future.succeededFuture();
          for (int i = version; i < VERSION; i++) {
            for (String ddl : MIGRATIONS.get(i)) {
              step = step.compose(x -> c.query(ddl).execute());
            }
          }
          return step.compose(x -> c.query("DELETE FROM sluice_schema_version").execute())
              .compose(x -> c.query("INSERT INTO sluice_schema_version (version) VALUES (" + VERSION + ")")
                  .execute());
        })));
  }

  /** A record as the values of {@link #INSERT}; negative counts and durations are unknown: NULL. */
  static Tuple tuple(LedgerRecord r) {
    return Tuple.tuple()
        .addLong(r.entryId())
        .addString(r.requestId())
        .addLong(r.tsEpochMillis())
        .addString(r.keyId())
        .addString(r.owner())
        .addString(r.team())
        .addString(r.project())
        .addString(r.agent())
        .addString(r.endpoint())
        .addString(r.model())
        .addString(r.backend())
        .addString(r.upstreamModel())
        .addInteger(r.status())
        .addString(r.errorCode())
        .addBoolean(r.stream())
        .addInteger(r.attempts())
        .addLong(known(r.inputTokens()))
        .addLong(known(r.outputTokens()))
        .addLong(known(r.cachedInputTokens()))
        .addLong(r.costNanos())
        .addBoolean(r.unpriced())
        .addLong(known(r.latencyMicros()))
        .addLong(known(r.ttftMicros()))
        .addLong(known(r.upstreamMicros()))
        .addString(r.route());
  }

  private static Long known(long value) {
    return value < 0 ? null : value;
  }

  static String placeholders(int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      out.append(i == 1 ? "" : ", ").append('$').append(i);
    }
    return out.toString();
  }
}
