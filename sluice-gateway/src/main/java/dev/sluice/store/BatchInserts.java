package dev.sluice.store;

import java.sql.SQLException;
import java.util.List;

/**
 * Where the ledger's writer thread puts a batch: one transaction, all or none, skipping entry ids
 * already present (so a replayed spool counts once). Confined to the writer thread.
 */
interface BatchInserts extends AutoCloseable {
  void insert(List<LedgerRecord> records) throws SQLException;

  @Override
  void close();
}
