package dev.sluice.pipeline;

import dev.sluice.api.GatewayError;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes what stages 2 and 3 claimed from shared counters — every rate limit and budget of the
 * key, its project and its team — all or none, in one round trip ({@code store.type:
 * redis-postgres}). With the embedded store nothing is ever claimed (those stages take from
 * memory themselves) and this step costs one list check.
 *
 * <p>When the store cannot be reached, {@code store.onRedisFailure} decides: {@code closed}
 * answers 503 {@code store_unavailable}; {@code open} admits, and the request's real usage is
 * charged to the store when it is back. A request that claims both rates and budgets is admitted
 * only if both kinds fail open. An answer that arrives after the timeout is honoured: claims it
 * took are settled (or given back, for a refused request), so nothing counts twice.
 */
public final class SharedAdmission implements Stage {
  private static final GatewayError UNAVAILABLE = new GatewayError.StoreUnavailable(
      "Rate limits and budgets cannot be checked right now (the shared store is unreachable). "
          + "Retry shortly.");

  private final SharedCounters counters; // null: no shared store
  private final InstantSource clock;
  private final boolean limitsFailOpen;
  private final boolean budgetsFailOpen;

  public SharedAdmission(SharedCounters counters, InstantSource clock, boolean limitsFailOpen,
      boolean budgetsFailOpen) {
    this.counters = counters;
    this.clock = clock;
    this.limitsFailOpen = limitsFailOpen;
    this.budgetsFailOpen = budgetsFailOpen;
  }

  /** For the embedded store: nothing is shared. */
  public static SharedAdmission none() {
    return new SharedAdmission(null, InstantSource.system(), true, true);
  }

  @Override
  public Decision apply(Exchange exchange) {
    List<SharedCounters.Claim> claimed = exchange.claims();
    if (claimed.isEmpty()) {
      return Decision.PROCEED;
    }
    Instant now = clock.instant();
    List<SharedCounters.Claim> claims = new ArrayList<>(claimed.size());
    for (SharedCounters.Claim c : claimed) {
      claims.add(new SharedCounters.Claim(c.counter(), c.counter().name(now), c.units()));
    }
    return Decision.later(decided ->
        counters.take(claims, outcome -> decided.accept(decide(exchange, claims, outcome))));
  }

  private Decision decide(Exchange exchange, List<SharedCounters.Claim> claims,
      SharedCounters.Outcome outcome) {
    return switch (outcome) {
      case SharedCounters.Outcome.Taken taken -> {
        writeHeaders(exchange.channel(), claims, taken.remaining(), taken.resetNanos());
        reserve(exchange, new SharedReservation(counters, claims, SharedReservation.TAKEN));
        yield Decision.PROCEED;
      }
      case SharedCounters.Outcome.Refused refused -> {
        writeHeaders(exchange.channel(), claims, refused.remaining(), refused.resetNanos());
        SharedCounters.Claim claim = claims.get(refused.index());
        yield Decision.answer(claim.counter().refusal(claim.units(), refused.waitNanos()));
      }
      case SharedCounters.Outcome.Unavailable unavailable -> {
        for (SharedCounters.Claim claim : claims) {
          boolean open = claim.counter().kind() == SharedCounter.Kind.RATE
              ? limitsFailOpen : budgetsFailOpen;
          if (!open) {
            SharedReservation.giveBackIfTaken(counters, claims, unavailable.taken());
            yield Decision.answer(UNAVAILABLE);
          }
        }
        reserve(exchange, new SharedReservation(counters, claims, unavailable.taken()));
        yield Decision.PROCEED;
      }
    };
  }

  /**
   * A client that left while the store answered has completed the exchange already, and stage
   * 6 has run: settle at once (nothing was used), so that nothing stays reserved.
   */
  private static void reserve(Exchange exchange, SharedReservation reservation) {
    if (exchange.completed()) {
      reservation.settle(exchange);
    } else {
      exchange.reserved(reservation);
    }
  }

  /**
   * OpenAI's headers for the tightest rate of each unit (the fewest units left), on admissions
   * and refusals alike, as the embedded store writes them.
   */
  private static void writeHeaders(ClientChannel channel, List<SharedCounters.Claim> claims,
      long[] remaining, long[] resetNanos) {
    List<String> units = new ArrayList<>(2);
    for (SharedCounters.Claim claim : claims) {
      if (claim.counter().kind() == SharedCounter.Kind.RATE
          && !units.contains(claim.counter().unit())) {
        units.add(claim.counter().unit());
      }
    }
    for (String unit : units) {
      int tightest = -1;
      for (int i = 0; i < claims.size(); i++) {
        SharedCounter counter = claims.get(i).counter();
        if (counter.kind() == SharedCounter.Kind.RATE && counter.unit().equals(unit)
            && (tightest < 0 || remaining[i] < remaining[tightest])) {
          tightest = i;
        }
      }
      claims.get(tightest).counter().headers(channel, remaining[tightest], resetNanos[tightest]);
    }
  }
}
