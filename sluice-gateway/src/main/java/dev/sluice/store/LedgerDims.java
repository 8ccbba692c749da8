package dev.sluice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The embedded ledger's names, stored once: a record's key, owner, team, project, agent,
 * endpoint, model, backend, upstream model and route repeat from request to request, so they
 * live in {@code ledger_dims} and each record in {@code ledger_entries} holds the id of its
 * combination. {@code ledger} is a view that joins them back into one row a request, with the
 * columns and order the table had before schema 4, so queries over it read as they did.
 *
 * <p>Why: binding is what an insert costs through the JDBC driver (a JNI call a value, a UTF-8
 * copy a string). Ten strings a record became one integer: in an insert loop with the same
 * driver and batch size, 3.05 → 1.8 µs a record (docs/benchmarks.md).
 *
 * <p>Unknown names are stored as {@code ''} (NULLs are never equal, so a UNIQUE combination with
 * one would be stored again for every record) and read back as NULL, as in {@code ledger_daily}.
 */
final class LedgerDims {
  static final String CREATE = """
      CREATE TABLE ledger_dims (
        id             INTEGER PRIMARY KEY,
        key_id         TEXT NOT NULL,
        owner          TEXT NOT NULL,
        team           TEXT NOT NULL,
        project        TEXT NOT NULL,
        agent          TEXT NOT NULL,
        endpoint       TEXT NOT NULL,
        model          TEXT NOT NULL,
        backend        TEXT NOT NULL,
        upstream_model TEXT NOT NULL,
        route          TEXT NOT NULL,
        UNIQUE (key_id, owner, team, project, agent, endpoint, model, backend, upstream_model, route)
      )""";

  static final String CREATE_ENTRIES = """
      CREATE TABLE ledger_entries (
        entry_id            INTEGER PRIMARY KEY,
        request_id          TEXT    NOT NULL,
        ts                  INTEGER NOT NULL,
        dims                INTEGER NOT NULL REFERENCES ledger_dims (id),
        status              INTEGER NOT NULL,
        error_code          TEXT,
        stream              INTEGER NOT NULL,
        attempts            INTEGER NOT NULL,
        input_tokens        INTEGER,
        output_tokens       INTEGER,
        cached_input_tokens INTEGER,
        cost_nanos          INTEGER NOT NULL,
        unpriced            INTEGER NOT NULL,
        latency_us          INTEGER,
        ttft_us             INTEGER,
        upstream_us         INTEGER
      )""";

  /**
   * The names' columns: the order of {@code ledger_dims}, of {@link #FIND}'s and {@link #ADD}'s
   * parameters and of {@link #names}. Schema 4's: changing them is a new migration.
   */
  static final List<String> NAME_COLUMNS = List.of("key_id", "owner", "team", "project", "agent",
      "endpoint", "model", "backend", "upstream_model", "route");

  /** The combinations the records of a schema-3 ledger hold (the migration). */
  static final String BACKFILL = "INSERT INTO ledger_dims (" + String.join(", ", NAME_COLUMNS)
      + ") SELECT DISTINCT " + eachName("coalesce(%s, '')", ", ") + " FROM ledger";

  /** A schema-3 ledger's records, each with its combination's id (the migration). */
  static final String BACKFILL_ENTRIES = "INSERT INTO ledger_entries SELECT l.entry_id,"
      + " l.request_id, l.ts, d.id, l.status, l.error_code, l.stream, l.attempts, l.input_tokens,"
      + " l.output_tokens, l.cached_input_tokens, l.cost_nanos, l.unpriced, l.latency_us,"
      + " l.ttft_us, l.upstream_us FROM ledger l JOIN ledger_dims d ON "
      + eachName("d.%1$s = coalesce(l.%1$s, '')", " AND ") + " ORDER BY l.entry_id";

  private static final String FIND = "SELECT id FROM ledger_dims WHERE "
      + eachName("%s = ?", " AND ");
  private static final String ADD = "INSERT INTO ledger_dims (" + String.join(", ", NAME_COLUMNS)
      + ") VALUES (" + eachName("?", ", ") + ")";
  /**
   * Combinations remembered at most: the agent comes from a request header, so a client could
   * make every request a new one; past this the cache starts over rather than growing.
   */
  static final int CACHED = 4096;

  private final Map<List<String>, Long> ids = new HashMap<>();
  private final PreparedStatement find;
  private final PreparedStatement add;
  // The last record's names and their id: a batch is mostly runs of records from the same key,
  // agent and model, and comparing ten names (identical instances, mostly) costs less than
  // building and hashing the map's key (idOf: 2.7% of the writer's time in LedgerBenchmarks, 0.2%
  // with this).
  private LedgerRecord last;
  private long lastId;

  /**
   * The writer's ids of combinations, for the connection {@code c}: remembered across batches.
   * Confined to the writer thread.
   */
  LedgerDims(Connection c) throws SQLException {
    this.find = c.prepareStatement(FIND);
    this.add = c.prepareStatement(ADD);
  }

  /**
   * The id of {@code r}'s combination of names, added to {@code ledger_dims} in the open
   * transaction when it is new. A transaction that rolls back takes its new ids with it, so the
   * writer drops this object with its connection after a failed batch.
   */
  long idOf(LedgerRecord r) throws SQLException {
    if (last != null && sameNames(r, last)) {
      last = r;
      return lastId;
    }
    List<String> names = names(r);
    Long id = ids.get(names);
    long found;
    if (id != null) {
      found = id;
    } else {
      found = lookUpOrAdd(names);
      if (ids.size() >= CACHED) {
        ids.clear();
      }
      ids.put(names, found);
    }
    last = r;
    lastId = found;
    return found;
  }

  /** Whether two records carry the same names (null and '' told apart: the map joins those). */
  private static boolean sameNames(LedgerRecord a, LedgerRecord b) {
    return Objects.equals(a.keyId(), b.keyId()) && Objects.equals(a.model(), b.model())
        && Objects.equals(a.agent(), b.agent()) && Objects.equals(a.team(), b.team())
        && Objects.equals(a.project(), b.project()) && Objects.equals(a.owner(), b.owner())
        && Objects.equals(a.endpoint(), b.endpoint()) && Objects.equals(a.backend(), b.backend())
        && Objects.equals(a.upstreamModel(), b.upstreamModel())
        && Objects.equals(a.route(), b.route());
  }

  /** A record's names in the order of {@link #NAME_COLUMNS}, '' for unknown ones. */
  private static List<String> names(LedgerRecord r) {
    return List.of(DailyRollup.stored(r.keyId()), DailyRollup.stored(r.owner()),
        DailyRollup.stored(r.team()), DailyRollup.stored(r.project()),
        DailyRollup.stored(r.agent()), DailyRollup.stored(r.endpoint()),
        DailyRollup.stored(r.model()), DailyRollup.stored(r.backend()),
        DailyRollup.stored(r.upstreamModel()), DailyRollup.stored(r.route()));
  }

  private long lookUpOrAdd(List<String> names) throws SQLException {
    bindNames(find, names);
    try (ResultSet rs = find.executeQuery()) {
      if (rs.next()) {
        return rs.getLong(1);
      }
    }
    bindNames(add, names);
    add.executeUpdate();
    try (ResultSet rs = add.getGeneratedKeys()) {
      if (!rs.next()) {
        throw new SQLException("ledger_dims: no id for the added row");
      }
      return rs.getLong(1);
    }
  }

  private static void bindNames(PreparedStatement ps, List<String> names) throws SQLException {
    for (int i = 0; i < names.size(); i++) {
      ps.setString(i + 1, names.get(i));
    }
  }

  /** {@code format} filled with each name column, joined by {@code separator}. */
  private static String eachName(String format, String separator) {
    return NAME_COLUMNS.stream().map(c -> String.format(format, c))
        .collect(Collectors.joining(separator));
  }
}
