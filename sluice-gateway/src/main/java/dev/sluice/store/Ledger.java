package dev.sluice.store;

import java.time.Instant;
import java.util.List;

/**
 * The usage ledger: one record per request, the source of {@code /admin/usage} and of the spend
 * counters budgets are rebuilt from at start-up (SPEC §5).
 *
 * <p>Writing is asynchronous and never fails the request: {@link #append} only queues. Reading is
 * blocking and belongs at start-up or on a worker thread, never on an event loop.
 */
public interface Ledger extends AutoCloseable {

  /** The names {@link #usage} groups by, in the order the admin API lists them. */
  List<String> GROUPS = UsageGroup.NAMES;

  /**
   * Queues a record for a batched write. Called on event loops: it does not wait for the write,
   * never throws, and never drops the record (see the implementation for when it may wait).
   */
  void append(LedgerRecord record);

  /**
   * Spend in nano-USD of the records at or after {@code since}, per key id, per
   * {@code team/project} and per team. Blocking.
   *
   * @throws LedgerException when the store cannot be read
   */
  SpendTotals spendSince(Instant since);

  /**
   * Rollups of the records with {@code from <= ts < to}, grouped by any subset of {@link #GROUPS}
   * in the caller's order and sorted by the group values. No groups: one row of totals. Blocking.
   *
   * @param from inclusive; null for the beginning
   * @param to exclusive; null for no end
   * @throws IllegalArgumentException on an unknown or repeated group name
   * @throws LedgerException when the store cannot be read
   */
  List<UsageRow> usage(List<String> groupBy, Instant from, Instant to);

  /**
   * Deletes the records of requests that started before {@code before} (a UTC midnight), in
   * short transactions beside the writer; the daily rollup keeps their sums. Blocking.
   *
   * @return how many records were deleted
   * @throws LedgerException when the store cannot be written
   */
  long prune(Instant before);

  /** Blocks until every record appended before this call is durable. */
  void flush();

  /** Flushes everything appended, then releases the store. Records appended later are not lost. */
  @Override
  void close();
}
