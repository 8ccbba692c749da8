package dev.sluice.authorize;

import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.Reservation;
import dev.sluice.provider.TokenUsage;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Tokens taken from token limits on an estimate, settled to the real count at the end: the
 * provider's reported usage; none at all when no provider answered (nothing was billed); and,
 * for a stream that started but reported no usage (cut by the client before the usage event),
 * the estimate stands, since the prompt was billed and the output is unknown.
 */
record TokenReservation(List<Limit> limits, long estimate, LongSupplier nanoClock)
    implements Reservation {

  @Override
  public void settle(Exchange exchange) {
    long difference = actual(exchange, estimate) - estimate;
    if (difference != 0) {
      long now = nanoClock.getAsLong();
      for (Limit limit : limits) {
        limit.state().adjust(difference, now);
      }
    }
  }

  /** The tokens a request used, given what it reserved (see the class comment). */
  static long actual(Exchange exchange, long estimate) {
    TokenUsage usage = exchange.usage();
    if (usage != null) {
      return usage.totalTokens();
    }
    return exchange.firstByteNanos() > 0 ? estimate : 0;
  }
}
