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

  /**
   * From {@code ledger_daily} when {@code since} is a UTC midnight, as every budget window's start
   * is; from the records otherwise (a scan of the table: nothing indexes their time).
   */
  synchronized SpendTotals spendSince(Instant since) throws SQLException {
    long sinceMillis = SpendTotals.epochMillis(since);
    boolean wholeDays = DailyRollup.isDayEdge(sinceMillis);
    // Few distinct (key, team, project) triples: summed three ways by the builder. Names the
    // rollup stores as '' are read as the NULLs the ledger holds.
    String sql = wholeDays
        ? "SELECT NULLIF(key_id, ''), NULLIF(team, ''), NULLIF(project, ''), sum(cost_nanos)"
            + " FROM ledger_daily WHERE day >= ? GROUP BY key_id, team, project"
        : "SELECT key_id, team, project, sum(cost_nanos) FROM ledger WHERE ts >= ?"
            + " GROUP BY key_id, team, project";
    SpendTotals.Builder totals = new SpendTotals.Builder();
    try (PreparedStatement ps = connection().prepareStatement(sql)) {
      ps.setLong(1, wholeDays ? DailyRollup.day(sinceMillis) : sinceMillis);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          totals.add(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4));
        }
      }
    } catch (SQLException e) {
      close(); // the next query starts on a fresh connection
      throw e;
    }
    return totals.build();
  }

  /**
   * From {@code ledger_daily} when both ends are UTC midnights (or open), as dates given to
   * {@code /admin/usage} are; from the records otherwise (a scan of the table).
   */
  synchronized List<UsageRow> usage(List<UsageGroup> groups, Instant from, Instant to) throws SQLException {
    long fromMillis = from == null ? Long.MIN_VALUE : SpendTotals.epochMillis(from);
    long toMillis = to == null ? Long.MAX_VALUE : SpendTotals.epochMillis(to);
    boolean wholeDays = DailyRollup.isDayEdge(fromMillis) && DailyRollup.isDayEdge(toMillis);
    // The group expressions are constants of UsageGroup, never caller text.
    List<String> columns = groups.stream().map(g -> wholeDays ? g.dailySql : g.sql).toList();
    String select = columns.isEmpty() ? "" : String.join(", ", columns) + ", ";
    String groupBy = columns.isEmpty() ? "" : " GROUP BY " + String.join(", ", columns)
        + " ORDER BY " + String.join(", ", columns);
    String sql = "SELECT " + select + (wholeDays ? "coalesce(sum(requests), 0)" : "count(*)")
        + ", coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),"
        + " coalesce(sum(cached_input_tokens), 0), coalesce(sum(cost_nanos), 0) FROM "
        + (wholeDays ? "ledger_daily WHERE day >= ? AND day < ?" : "ledger WHERE ts >= ? AND ts < ?")
        + groupBy;
    List<UsageRow> rows = new ArrayList<>();
    try (PreparedStatement ps = connection().prepareStatement(sql)) {
      ps.setLong(1, wholeDays ? DailyRollup.day(fromMillis) : fromMillis);
      ps.setLong(2, wholeDays ? DailyRollup.day(toMillis) : toMillis);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> values = new ArrayList<>(groups.size());
          for (int i = 1; i <= groups.size(); i++) {
            values.add(rs.getString(i));
          }
          int n = groups.size();
          rows.add(new UsageRow(values, rs.getLong(n + 1), rs.getLong(n + 2), rs.getLong(n + 3),
              rs.getLong(n + 4), rs.getLong(n + 5)));
        }
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
    return rows;
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
