package dev.sluice.authorize;

import dev.sluice.api.GatewayError;
import dev.sluice.pipeline.ClientChannel;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.SharedCounter;
import java.time.Instant;

/**
 * A rate limit kept in the shared store: the same GCRA as {@link Gcra}, run by the store's
 * script. Named by its scope and its settings, so a changed limit starts fresh, as in memory.
 */
final class SharedLimit implements SharedCounter {
  private final Limit limit;
  private final String name;

  SharedLimit(Limit limit) {
    this.limit = limit;
    this.name = "rl:" + limit.scope().replace(" '", ":").replace("'", "") + ":"
        + limit.unit().word + ":" + limit.limit() + "/" + limit.per().toMillis() + "ms";
  }

  @Override
  public Kind kind() {
    return Kind.RATE;
  }

  @Override
  public long limit() {
    return limit.limit();
  }

  @Override
  public long periodNanos() {
    return limit.per().toNanos();
  }

  @Override
  public String name(Instant now) {
    return name;
  }

  @Override
  public Instant windowEnd(Instant now) {
    return now;
  }

  @Override
  public long spentInWindow(Instant now) {
    return 0;
  }

  @Override
  public GatewayError refusal(long units, long waitNanos) {
    return Authorize.refusal(limit, units, waitNanos);
  }

  @Override
  public long used(Exchange exchange, long claimed) {
    return limit.unit() == Limit.Unit.REQUESTS ? claimed : TokenReservation.actual(exchange, claimed);
  }

  @Override
  public String unit() {
    return limit.unit().word;
  }

  @Override
  public void headers(ClientChannel channel, long remaining, long resetNanos) {
    RateLimitHeaders.write(channel, limit.unit(), limit.limit(), remaining, resetNanos);
  }

  @Override
  public String toString() {
    return name;
  }
}
