package dev.sluice.pipeline;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The store behind {@link SharedCounter}s (Redis): every operation is one round trip, and never
 * blocks the caller.
 */
public interface SharedCounters {

  /**
   * Units of one counter under one name (a budget's name carries its window, so a correction
   * made after midnight still lands in the window that was charged): claimed at admission, or a
   * correction at settlement.
   */
  record Claim(SharedCounter counter, String name, long units) {}

  /** What {@link #take} found. */
  sealed interface Outcome {
    /**
     * Every claim was taken. Per claim, in order: units left and nanoseconds until the counter
     * is full again (RATE claims; 0 for SPEND).
     */
    record Taken(long[] remaining, long[] resetNanos) implements Outcome {}

    /**
     * Nothing was taken: claim {@code index} does not fit ({@code waitNanos}: for a rate). Per
     * claim, as in {@link Taken}, what the counters hold (for the rate-limit headers of the
     * refusal).
     */
    record Refused(int index, long waitNanos, long[] remaining, long[] resetNanos)
        implements Outcome {}

    /**
     * The store did not answer in time, or could not be reached. {@code taken} completes when it
     * is known whether the claims were taken after all (an answer that arrives late): true
     * when they were, false when not (or when that cannot be known: the connection failed).
     */
    record Unavailable(String reason, CompletionStage<Boolean> taken) implements Outcome {
      /** Unavailable, and certainly nothing taken. */
      public static Unavailable nothingTaken(String reason) {
        return new Unavailable(reason, CompletableFuture.completedFuture(false));
      }
    }
  }

  /**
   * Takes every claim, or none when one does not fit. {@code done} runs once, on the caller's
   * event loop.
   */
  void take(List<Claim> claims, Consumer<Outcome> done);

  /**
   * Adds the corrections (positive: charge, negative: refund), without a check and without
   * waiting. While the store cannot be reached they are kept and applied when it returns.
   */
  void adjust(List<Claim> corrections);
}
