package dev.sluice.pipeline;

import dev.sluice.api.GatewayError;
import java.time.Instant;

/**
 * A rate limit or a budget kept in a store every replica shares ({@code store.type:
 * redis-postgres}), as the stage that owns it describes it. Stages 2 and 3 do not take from such
 * counters themselves: they {@linkplain Exchange#claim claim} units, and {@link SharedAdmission}
 * takes every claim of a request at once, in one round trip to the store.
 */
public interface SharedCounter {

  /** How the store counts: GCRA on a rate, or a sum within a calendar window. */
  enum Kind { RATE, SPEND }

  Kind kind();

  /** Units per period (RATE) or nano-USD per window (SPEND). */
  long limit();

  /** RATE: the period in nanoseconds. SPEND: 0. */
  long periodNanos();

  /** The counter's name in the store; a budget's names the window that contains {@code now}. */
  String name(Instant now);

  /** SPEND: when the window containing {@code now} ends (the counter can expire after it). */
  Instant windowEnd(Instant now);

  /**
   * SPEND: what the usage ledger says the window containing {@code now} has already spent, to
   * start a counter the store does not have (a new window, a store that lost its data).
   * Blocking: called off the event loops.
   */
  long spentInWindow(Instant now);

  /** The answer for a request that does not fit; {@code waitNanos} for a rate (else 0). */
  GatewayError refusal(long units, long waitNanos);

  /** The units the request really used, once it completed, given what was claimed for it. */
  long used(Exchange exchange, long claimed);

  /** RATE: which header family this limit reports in ({@code requests}, {@code tokens}). */
  String unit();

  /**
   * RATE: writes OpenAI's {@code x-ratelimit-*} headers for this limit, the tightest of its
   * {@link #unit}.
   */
  void headers(ClientChannel channel, long remaining, long resetNanos);
}
