package dev.sluice.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Claims on shared counters, settled in one round trip when the request completes: each counter
 * is corrected from what was claimed to what was used. Claims admitted while the store did not
 * answer are settled once it is known whether it took them after all: if it did, as usual; if
 * not, they were never counted, so their whole use is charged. Either way a request counts once.
 */
record SharedReservation(SharedCounters counters, List<SharedCounters.Claim> claims,
    CompletionStage<Boolean> taken) implements Reservation {

  static final CompletionStage<Boolean> TAKEN = CompletableFuture.completedFuture(true);

  @Override
  public void settle(Exchange exchange) {
    long[] used = new long[claims.size()]; // read now, on the exchange's event loop
    for (int i = 0; i < used.length; i++) {
      used[i] = claims.get(i).counter().used(exchange, claims.get(i).units());
    }
    taken.thenAccept(wasTaken -> {
      List<SharedCounters.Claim> corrections = new ArrayList<>(claims.size());
      for (int i = 0; i < used.length; i++) {
        SharedCounters.Claim claim = claims.get(i);
        long correction = wasTaken ? used[i] - claim.units() : used[i];
        if (correction != 0) {
          corrections.add(new SharedCounters.Claim(claim.counter(), claim.name(), correction));
        }
      }
      if (!corrections.isEmpty()) {
        counters.adjust(corrections);
      }
    });
  }

  /** Gives back claims the store took after the request was already refused (a late answer). */
  static void giveBackIfTaken(SharedCounters counters, List<SharedCounters.Claim> claims,
      CompletionStage<Boolean> taken) {
    taken.thenAccept(wasTaken -> {
      if (wasTaken) {
        counters.adjust(claims.stream().map(c -> new SharedCounters.Claim(c.counter(), c.name(),
            -c.units())).filter(c -> c.units() != 0).toList());
      }
    });
  }
}
