/**
 * Stores. The shared one ({@code store.type: redis-postgres}) is {@link dev.sluice.store.RedisCounters}
 * (limits and budgets, one Lua script per admission and per settlement) and
 * {@link dev.sluice.store.PgStore} (keys and the ledger in PostgreSQL, written like the embedded
 * ledger through {@link dev.sluice.store.LedgerQueue}); see docs/scale-out.md. The embedded one is {@link dev.sluice.store.SqliteLedger}: the usage ledger in
 * {@code <store.path>/ledger.db} (SQLite, WAL), one record per request, written in batches by one
 * thread off the event loops. It is the source of {@code /admin/usage} and of the spend counters
 * budgets start from after a restart.
 *
 * <p>Durability, in order of what can go wrong:
 * <ul>
 *   <li>{@code kill -9}: records reach SQLite within {@link dev.sluice.store.SqliteLedger#BATCH_INTERVAL}
 *       (100 ms) of their append, or sooner once 1000 are waiting; a committed batch survives.
 *   <li>SQLite refuses a write: the batch is retried with backoff, then appended to
 *       {@code ledger.spool} (JSON lines, fsynced) and replayed later; request ids are unique, so
 *       a record replayed twice counts once.
 *   <li>Graceful stop: {@code close()} writes everything queued.
 * </ul>
 */
package dev.sluice.store;
