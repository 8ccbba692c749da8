package dev.sluice.store;

import java.util.Objects;

/**
 * One request in the usage ledger: the access-log fields (SPEC §5), with money in nano-USD (see
 * {@code budget.Price}) and durations in microseconds. It holds no message content and no
 * credential — the key appears only as its id — so a record may go to a plain spool file.
 *
 * <p>Token counts and durations are -1 when unknown (no usage reported, not a stream, no
 * upstream call); the ledger stores them as SQL {@code NULL} and rollups count them as 0.
 *
 * @param tsEpochMillis when the request started
 * @param requestId the request's id; unique in the ledger, so a replayed record counts once
 * @param costNanos what the request was charged, in nano-USD; 0 when {@code unpriced}
 * @param unpriced the model has no price, so the request was charged 0 although it was not free
 * @param latencyMicros client-seen duration, start to last byte
 * @param ttftMicros time to first byte of a stream
 * @param upstreamMicros time spent waiting on providers, all attempts
 */
public record LedgerRecord(
    long tsEpochMillis,
    String requestId,
    String keyId,
    String owner,
    String team,
    String project,
    String agent,
    String endpoint,
    String model,
    String backend,
    String upstreamModel,
    int status,
    String errorCode,
    boolean stream,
    int attempts,
    long inputTokens,
    long outputTokens,
    long cachedInputTokens,
    long costNanos,
    boolean unpriced,
    long latencyMicros,
    long ttftMicros,
    long upstreamMicros,
    String route,
    long entryId) {

  /** A record not yet appended: the ledger gives it its entry id. */
  public LedgerRecord(long tsEpochMillis, String requestId, String keyId, String owner, String team,
      String project, String agent, String endpoint, String model, String backend,
      String upstreamModel, int status, String errorCode, boolean stream, int attempts,
      long inputTokens, long outputTokens, long cachedInputTokens, long costNanos,
      boolean unpriced, long latencyMicros, long ttftMicros, long upstreamMicros, String route) {
    this(tsEpochMillis, requestId, keyId, owner, team, project, agent, endpoint, model, backend,
        upstreamModel, status, errorCode, stream, attempts, inputTokens, outputTokens,
        cachedInputTokens, costNanos, unpriced, latencyMicros, ttftMicros, upstreamMicros, route, 0);
  }

  /** This record with the ledger's entry id. */
  LedgerRecord withEntryId(long id) {
    return new LedgerRecord(tsEpochMillis, requestId, keyId, owner, team, project, agent, endpoint,
        model, backend, upstreamModel, status, errorCode, stream, attempts, inputTokens,
        outputTokens, cachedInputTokens, costNanos, unpriced, latencyMicros, ttftMicros,
        upstreamMicros, route, id);
  }

  public LedgerRecord {
    // Checked here, where the record is built, rather than at insert: a record the database
    // refused would fail its whole batch on every retry and replay.
    Objects.requireNonNull(requestId, "requestId: null (expected: the id the gateway gave the request)");
  }
}
