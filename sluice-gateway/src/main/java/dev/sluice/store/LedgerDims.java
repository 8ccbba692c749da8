package dev.sluice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded ledger's names, stored once: a record's key, owner, team, project, agent,
 * endpoint, model, backend, upstream model and route repeat from request to request, so they
 * live in {@code ledger_dims} and each record in {@code ledger_entries} holds the id of its
 * combination. {@code ledger} is a view that joins them back into one row a request, with the
 * columns and order the table had before schema 4, so queries over it read as they did.
 *
 * <p>Why: binding is what an insert costs through the JDBC driver (a JNI call a value, a UTF-8
 * copy a string). Ten strings a record became one integer: in an insert loop with the same
 * driver and batch size, 3.05 → 1.8 µs a record (docs/benchmarks.md), and the file is smaller.
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

  private static final String NAMES =
      "key_id, owner, team, project, agent, endpoint, model, backend, upstream_model, route";

  /** The combinations the records of a schema-3 ledger hold (the migration). */
  static final String BACKFILL = "INSERT INTO ledger_dims (" + NAMES + ") SELECT DISTINCT"
      + " coalesce(key_id, ''), coalesce(owner, ''), coalesce(team, ''), coalesce(project, ''),"
      + " coalesce(agent, ''), coalesce(endpoint, ''), coalesce(model, ''), coalesce(backend, ''),"
      + " coalesce(upstream_model, ''), coalesce(route, '') FROM ledger";

  /** A schema-3 ledger's records, each with its combination's id (the migration). */
  static final String BACKFILL_ENTRIES = "INSERT INTO ledger_entries SELECT l.entry_id,"
      + " l.request_id, l.ts, d.id, l.status, l.error_code, l.stream, l.attempts, l.input_tokens,"
      + " l.output_tokens, l.cached_input_tokens, l.cost_nanos, l.unpriced, l.latency_us,"
      + " l.ttft_us, l.upstream_us FROM ledger l JOIN ledger_dims d"
      + " ON d.key_id = coalesce(l.key_id, '') AND d.owner = coalesce(l.owner, '')"
      + " AND d.team = coalesce(l.team, '') AND d.project = coalesce(l.project, '')"
      + " AND d.agent = coalesce(l.agent, '') AND d.endpoint = coalesce(l.endpoint, '')"
      + " AND d.model = coalesce(l.model, '') AND d.backend = coalesce(l.backend, '')"
      + " AND d.upstream_model = coalesce(l.upstream_model, '') AND d.route = coalesce(l.route, '')"
      + " ORDER BY l.entry_id";

  /** One row a request, in the columns and order of the schema-3 table (LedgerSchema.COLUMNS). */
  static final String VIEW = "CREATE VIEW ledger AS SELECT e.entry_id, e.request_id, e.ts,"
      + " NULLIF(d.key_id, '') AS key_id, NULLIF(d.owner, '') AS owner,"
      + " NULLIF(d.team, '') AS team, NULLIF(d.project, '') AS project,"
      + " NULLIF(d.agent, '') AS agent, NULLIF(d.endpoint, '') AS endpoint,"
      + " NULLIF(d.model, '') AS model, NULLIF(d.backend, '') AS backend,"
      + " NULLIF(d.upstream_model, '') AS upstream_model, e.status, e.error_code, e.stream,"
      + " e.attempts, e.input_tokens, e.output_tokens, e.cached_input_tokens, e.cost_nanos,"
      + " e.unpriced, e.latency_us, e.ttft_us, e.upstream_us, NULLIF(d.route, '') AS route"
      + " FROM ledger_entries e JOIN ledger_dims d ON d.id = e.dims";

  private static final String FIND = "SELECT id FROM ledger_dims WHERE key_id = ? AND owner = ?"
      + " AND team = ? AND project = ? AND agent = ? AND endpoint = ? AND model = ?"
      + " AND backend = ? AND upstream_model = ? AND route = ?";
  private static final String ADD = "INSERT INTO ledger_dims (" + NAMES
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  /**
   * Combinations remembered at most: the agent comes from a request header, so a client could
   * make every request a new one; past this the cache starts over rather than growing.
   */
  static final int CACHED = 4096;

  /** A record's names, '' for unknown ones. */
  private record Names(String keyId, String owner, String team, String project, String agent,
      String endpoint, String model, String backend, String upstreamModel, String route) {}

  private final Map<Names, Long> ids = new HashMap<>();
  private final PreparedStatement find;
  private final PreparedStatement add;

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
    Names names = new Names(name(r.keyId()), name(r.owner()), name(r.team()), name(r.project()),
        name(r.agent()), name(r.endpoint()), name(r.model()), name(r.backend()),
        name(r.upstreamModel()), name(r.route()));
    Long id = ids.get(names);
    if (id != null) {
      return id;
    }
    long found = lookUpOrAdd(names);
    if (ids.size() >= CACHED) {
      ids.clear();
    }
    ids.put(names, found);
    return found;
  }

  private long lookUpOrAdd(Names n) throws SQLException {
    bindNames(find, n);
    try (ResultSet rs = find.executeQuery()) {
      if (rs.next()) {
        return rs.getLong(1);
      }
    }
    bindNames(add, n);
    add.executeUpdate();
    try (ResultSet rs = add.getGeneratedKeys()) {
      if (!rs.next()) {
        throw new SQLException("ledger_dims: no id for the added row");
      }
      return rs.getLong(1);
    }
  }

  private static void bindNames(PreparedStatement ps, Names n) throws SQLException {
    ps.setString(1, n.keyId());
    ps.setString(2, n.owner());
    ps.setString(3, n.team());
    ps.setString(4, n.project());
    ps.setString(5, n.agent());
    ps.setString(6, n.endpoint());
    ps.setString(7, n.model());
    ps.setString(8, n.backend());
    ps.setString(9, n.upstreamModel());
    ps.setString(10, n.route());
  }

  private static String name(String value) {
    return value == null ? "" : value;
  }
}
