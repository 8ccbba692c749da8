package dev.sluice.store;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared store's tables in PostgreSQL and their migrations: {@code sluice_ledger} (the usage
 * ledger, as the embedded one), {@code sluice_keys} (keys created through the admin API, each
 * change numbered from {@code sluice_key_versions} so replicas can read what changed), and
 * {@code sluice_replicas} (tags for ledger entry ids). {@code sluice_schema_version} holds the
 * version; migrations run in one transaction under an advisory lock.
 */
final class PgSchema {
  private static final Logger LOG = LoggerFactory.getLogger(PgSchema.class);
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
      "CREATE SEQUENCE sluice_replicas"),
      // 2: the daily rollup, kept by the database itself (see PgDaily).
      List.of(PgDaily.TABLE, PgDaily.FUNCTION, PgDaily.TRIGGER, PgDaily.BACKFILL));

  static final int VERSION = MIGRATIONS.size();
  static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(30);
  /** The advisory lock a replica holds while it migrates. */
  static final long MIGRATION_LOCK = 7215577017L;

  /** The ledger's columns' SQL types, in {@link LedgerSchema#COLUMNS}' order. */
  private static final List<String> TYPES = List.of("bigint", "text", "bigint", "text", "text",
      "text", "text", "text", "text", "text", "text", "text", "integer", "text", "boolean",
      "integer", "bigint", "bigint", "bigint", "bigint", "boolean", "bigint", "bigint", "bigint",
      "text");

  /**
   * A batch in one statement: each column's values as an array, unnested into rows. One
   * statement a batch, so the rollup's trigger runs once a batch, not once a record.
   */
  static final String INSERT = "INSERT INTO sluice_ledger (" + String.join(", ", LedgerSchema.COLUMNS)
      + ") SELECT * FROM unnest(" + IntStream.range(0, TYPES.size())
          .mapToObj(i -> "$" + (i + 1) + "::" + TYPES.get(i) + "[]")
          .collect(Collectors.joining(", "))
      + ") ON CONFLICT (entry_id) DO NOTHING";

  private PgSchema() {}

  /** @param schema the schema to create first ({@code currentSchema}); null: the default one */
  static void migrate(Pool pool, String schema) {
    migrate(pool, schema, VERSION);
  }

  /**
   * Migrates to {@code target} (tests make databases of earlier versions with it). Waited for
   * up to {@link #MIGRATION_TIMEOUT}, not the usual seconds: step 2 sums every record already
   * stored (~1.5 s a million), and replicas starting meanwhile wait for it on the lock.
   */
  static void migrate(Pool pool, String schema, int target) {
    PgStore.await(pool.withTransaction(c -> c.query(
            // One migrator at a time; the others wait here, then find nothing to do.
            "SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")").execute()
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
          if (version > 0 && version < target) {
            LOG.info("store: migrating PostgreSQL from schema version {} to {}; a large ledger"
                + " takes a while, once, and holds off every replica's ledger writes meanwhile",
                version, target);
          }
          io.vertx.core.Future<?> step = io.vertx.core.Future.succeededFuture();
          for (int i = version; i < target; i++) {
            for (String ddl : MIGRATIONS.get(i)) {
              step = step.compose(x -> c.query(ddl).execute());
            }
          }
          return step.compose(x -> c.query("DELETE FROM sluice_schema_version").execute())
              .compose(x -> c.query("INSERT INTO sluice_schema_version (version) VALUES ("
                  + Math.max(version, target) + ")")
                  .execute());
        })), MIGRATION_TIMEOUT);
  }

  /** A batch as the parameters of {@link #INSERT}: a column an array; unknown counts NULL. */
  static Tuple batch(List<LedgerRecord> records) {
    int n = records.size();
    Long[] entryId = new Long[n];
    String[] requestId = new String[n];
    Long[] ts = new Long[n];
    String[] keyId = new String[n];
    String[] owner = new String[n];
    String[] team = new String[n];
    String[] project = new String[n];
    String[] agent = new String[n];
    String[] endpoint = new String[n];
    String[] model = new String[n];
    String[] backend = new String[n];
    String[] upstreamModel = new String[n];
    Integer[] status = new Integer[n];
    String[] errorCode = new String[n];
    Boolean[] stream = new Boolean[n];
    Integer[] attempts = new Integer[n];
    Long[] inputTokens = new Long[n];
    Long[] outputTokens = new Long[n];
    Long[] cachedInputTokens = new Long[n];
    Long[] costNanos = new Long[n];
    Boolean[] unpriced = new Boolean[n];
    Long[] latencyUs = new Long[n];
    Long[] ttftUs = new Long[n];
    Long[] upstreamUs = new Long[n];
    String[] route = new String[n];
    for (int i = 0; i < n; i++) {
      LedgerRecord r = records.get(i);
      entryId[i] = r.entryId();
      requestId[i] = r.requestId();
      ts[i] = r.tsEpochMillis();
      keyId[i] = r.keyId();
      owner[i] = r.owner();
      team[i] = r.team();
      project[i] = r.project();
      agent[i] = r.agent();
      endpoint[i] = r.endpoint();
      model[i] = r.model();
      backend[i] = r.backend();
      upstreamModel[i] = r.upstreamModel();
      status[i] = r.status();
      errorCode[i] = r.errorCode();
      stream[i] = r.stream();
      attempts[i] = r.attempts();
      inputTokens[i] = known(r.inputTokens());
      outputTokens[i] = known(r.outputTokens());
      cachedInputTokens[i] = known(r.cachedInputTokens());
      costNanos[i] = r.costNanos();
      unpriced[i] = r.unpriced();
      latencyUs[i] = known(r.latencyMicros());
      ttftUs[i] = known(r.ttftMicros());
      upstreamUs[i] = known(r.upstreamMicros());
      route[i] = r.route();
    }
    return Tuple.of(entryId, requestId, ts, keyId, owner, team, project, agent, endpoint, model,
        backend, upstreamModel, status, errorCode, stream, attempts, inputTokens, outputTokens,
        cachedInputTokens, costNanos, unpriced, latencyUs, ttftUs, upstreamUs, route);
  }

  private static Long known(long value) {
    return value < 0 ? null : value;
  }
}
