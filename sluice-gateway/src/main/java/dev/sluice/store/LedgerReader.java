package dev.sluice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's queries, on a connection of their own: with WAL they read the last committed
 * state while the writer goes on. One query at a time — they are rare (start-up, admin calls).
 */
final class LedgerReader implements AutoCloseable {
  private final ConnectionFactory connections;
  private Connection connection;

  LedgerReader(ConnectionFactory connections) {
    this.connections = connections;
  }

  /** The largest entry id stored, or 0 for an empty ledger. */
  synchronized long maxEntryId() {
    try (PreparedStatement ps = connection().prepareStatement("SELECT max(entry_id) FROM ledger_entries");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new LedgerException("ledger: cannot read the last entry id: " + e.getMessage(), e);
    }
  }

  /** What each key, team and project spent from {@code since} on (see {@link LedgerRange}). */
  synchronized SpendTotals spendSince(Instant since) throws SQLException {
    // Few distinct (key, team, project) triples: summed three ways by the builder.
    LedgerRange.Query query = LedgerRange.select(LedgerRange.Dialect.SQLITE,
        LedgerRange.SPEND_GROUPS, LedgerRange.SPEND_SUMS, SpendTotals.epochMillis(since),
        Long.MAX_VALUE);
    SpendTotals.Builder totals = new SpendTotals.Builder();
    try (PreparedStatement ps = prepare(query); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        totals.add(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4));
      }
    } catch (SQLException e) {
      close(); // the next query starts on a fresh connection
      throw e;
    }
    return totals.build();
  }

  /** The {@code /admin/usage} rollup of {@code [from, to)}, null ends open (see {@link LedgerRange}). */
  synchronized List<UsageRow> usage(List<UsageGroup> groups, Instant from, Instant to) throws SQLException {
    long fromMillis = from == null ? Long.MIN_VALUE : SpendTotals.epochMillis(from);
    long toMillis = to == null ? Long.MAX_VALUE : SpendTotals.epochMillis(to);
    LedgerRange.Query query = LedgerRange.select(LedgerRange.Dialect.SQLITE,
        groups.stream().map(g -> g.column(LedgerRange.Dialect.SQLITE)).toList(),
        LedgerRange.USAGE_SUMS, fromMillis, toMillis);
    List<UsageRow> rows = new ArrayList<>();
    try (PreparedStatement ps = prepare(query); ResultSet rs = ps.executeQuery()) {
      int n = groups.size();
      while (rs.next()) {
        List<String> values = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          values.add(rs.getString(i));
        }
        rows.add(new UsageRow(values, rs.getLong(n + 1), rs.getLong(n + 2), rs.getLong(n + 3),
            rs.getLong(n + 4), rs.getLong(n + 5)));
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
    return rows;
  }

  private PreparedStatement prepare(LedgerRange.Query query) throws SQLException {
    PreparedStatement ps = connection().prepareStatement(query.sql());
    for (int i = 0; i < query.parameters().size(); i++) {
      ps.setLong(i + 1, query.parameters().get(i));
    }
    return ps;
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Connection c = connections.open();
      try {
        LedgerSchema.configureReader(c);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    return connection;
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // nothing to release beyond the handle; the ledger is shutting down
      }
      connection = null;
    }
  }
}
