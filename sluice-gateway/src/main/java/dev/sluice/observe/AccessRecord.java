package dev.sluice.observe;

import dev.sluice.authenticate.Principal;
import dev.sluice.pipeline.Exchange;
import dev.sluice.provider.TokenUsage;
import java.math.BigDecimal;

/**
 * One access-log line (SPEC §5), captured when the request ends. Holds no message content and no
 * credential: the key appears only as its id.
 *
 * @param latencyNanos client-seen duration, start to last byte
 * @param ttftNanos time to first byte of a stream; -1 when not a stream or never started
 */
public record AccessRecord(
    long startEpochMillis,
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
    TokenUsage usage,
    BigDecimal costUsd,
    long latencyNanos,
    long ttftNanos,
    long upstreamNanos,
    String route) {

  static AccessRecord of(Exchange exchange, long endNanos, BigDecimal costUsd) {
    Principal principal = exchange.principal();
    boolean stream = exchange.request() != null && exchange.request().stream();
    return new AccessRecord(
        exchange.startEpochMillis(),
        exchange.requestId(),
        principal == null ? null : principal.keyId(),
        principal == null ? null : principal.owner(),
        principal == null ? null : principal.team(),
        principal == null ? null : principal.project(),
        exchange.headers().get("x-sluice-agent"),
        exchange.endpoint().logName(),
        exchange.request() == null ? null : exchange.request().model(),
        exchange.backend(),
        exchange.upstreamModel(),
        exchange.status(),
        exchange.errorCode(),
        stream,
        exchange.attempts(),
        exchange.usage(),
        costUsd,
        endNanos - exchange.startNanos(),
        stream && exchange.firstByteNanos() > 0 ? exchange.firstByteNanos() - exchange.startNanos() : -1,
        exchange.upstreamNanos(),
        exchange.plan() == null ? null : exchange.plan().route());
  }
}
