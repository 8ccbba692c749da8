package dev.sluice.observe;

import dev.sluice.provider.TokenUsage;
import dev.sluice.store.LedgerRecord;

/** An access record as the usage ledger stores it: money in nano-USD, durations in µs. */
final class LedgerEntries {
  private LedgerEntries() {}

  static LedgerRecord of(AccessRecord r, long costNanos, boolean unpriced) {
    TokenUsage usage = r.usage();
    return new LedgerRecord(r.startEpochMillis(), r.requestId(), r.keyId(), r.owner(), r.team(),
        r.project(), r.agent(), r.endpoint(), r.model(), r.backend(), r.upstreamModel(),
        r.status(), r.errorCode(), r.stream(), r.attempts(),
        usage == null ? -1 : usage.inputTokens(),
        usage == null ? -1 : usage.outputTokens(),
        usage == null ? -1 : usage.cachedInputTokens(),
        costNanos, unpriced,
        micros(r.latencyNanos()), micros(r.ttftNanos()),
        r.attempts() == 0 ? -1 : micros(r.upstreamNanos()),
        r.route());
  }

  private static long micros(long nanos) {
    return nanos < 0 ? -1 : nanos / 1_000;
  }
}
