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
    TokenUsage usage = exchange.usage();
    long actual;
    if (usage != null) {
      actual = usage.totalTokens();
    } else if (exchange.firstByteNanos() > 0) {
      actual = estimate;
    } else {
      actual = 0;
    }
    long difference = actual - estimate;
    if (difference != 0) {
      long now = nanoClock.getAsLong();
      for (Limit limit : limits) {
        limit.state().adjust(difference, now);
      }
    }
  }
}
