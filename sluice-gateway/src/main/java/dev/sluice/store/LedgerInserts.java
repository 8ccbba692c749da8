package dev.sluice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The writer thread's connection: inserts a batch in one transaction. After a failure the
 * connection is dropped and the next batch opens a fresh one, so a connection left in a bad state
 * (an I/O error mid-transaction) does not fail every later batch. Confined to one thread.
 */
final class LedgerInserts implements BatchInserts {
  private final ConnectionFactory connections;
  private Connection connection;
  private PreparedStatement insert;
  private PreparedStatement upsertDaily;
  private LedgerDims dims;

  LedgerInserts(ConnectionFactory connections) {
    this.connections = connections;
  }

  /**
   * Writes the records, and adds them to their days in {@code ledger_daily}, in one transaction;
   * all or none. Already-present entry ids are skipped.
   */
  @Override
  public void insert(List<LedgerRecord> records) throws SQLException {
    if (records.isEmpty()) {
      return;
    }
    try {
      PreparedStatement ps = statement();
      long[] dimsIds = new long[records.size()];
      for (int i = 0; i < dimsIds.length; i++) {
        LedgerRecord r = records.get(i);
        dimsIds[i] = dims.idOf(r);
        LedgerSchema.bind(ps, r, dimsIds[i]);
        ps.addBatch();
      }
      int[] inserted = ps.executeBatch();
      DailyRollup.add(upsertDaily, records, dimsIds, inserted);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      close();
      throw e;
    }
  }

  private PreparedStatement statement() throws SQLException {
    if (insert == null) {
      Connection c = connections.open();
      try {
        LedgerSchema.configureWriter(c);
        c.setAutoCommit(false);
        insert = c.prepareStatement(LedgerSchema.INSERT);
        upsertDaily = c.prepareStatement(DailyRollup.UPSERT);
        dims = new LedgerDims(c);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    return insert;
  }

  private void rollbackQuietly() {
    try {
      if (connection != null) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // SQLite rolls back on close as well; the insert's own failure is what gets reported
    }
  }

  @Override
  public void close() {
    Connection c = connection;
    connection = null;
    insert = null;
    upsertDaily = null;
    dims = null; // with what it remembered: ids added by a rolled-back batch are gone
    if (c != null) {
      try {
        c.close(); // also closes the statements
      } catch (SQLException ignored) {
        // the connection is being discarded; its failure was reported by the caller
      }
    }
  }
}
