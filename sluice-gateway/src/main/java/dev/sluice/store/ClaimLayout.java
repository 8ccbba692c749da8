package dev.sluice.store;

import dev.sluice.pipeline.SharedCounter;
import dev.sluice.pipeline.SharedCounters.Claim;
import dev.sluice.pipeline.SharedCounters.Outcome;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * Claims as {@code admit.lua} and {@code settle.lua} take them: rate counters first, then spend
 * counters, so that the scripts tell the two apart by position instead of by a kind argument,
 * and with the GCRA's division done here (units to µs of the theoretical arrival time) instead
 * of in Lua: Redis runs one script at a time for every replica, so every step moved out of the
 * script is time no other admission waits for. Maps the scripts' positions back to the claims'.
 */
final class ClaimLayout {
  private final List<Claim> claims;
  private final int[] order; // script position -> claim index
  private final int rates;

  ClaimLayout(List<Claim> claims) {
    this.claims = claims;
    this.order = new int[claims.size()];
    int next = 0;
    for (int i = 0; i < claims.size(); i++) {
      if (isRate(claims.get(i))) {
        order[next++] = i;
      }
    }
    this.rates = next;
    for (int i = 0; i < claims.size(); i++) {
      if (!isRate(claims.get(i))) {
        order[next++] = i;
      }
    }
  }

  /** The claim at the scripts' {@code position}. */
  int claimIndex(int position) {
    return order[position];
  }

  Request admitRequest(String sha, String prefix) {
    return admitRequest(sha, prefix, Command.EVALSHA);
  }

  /** {@code admit.lua}: per rate its increment (-1: larger than the limit) and period. */
  Request admitRequest(String head, String prefix, Command command) {
    Request r = keys(command, head, prefix);
    for (int position = 0; position < order.length; position++) {
      Claim claim = claims.get(order[position]);
      SharedCounter counter = claim.counter();
      if (position < rates) {
        r.arg(claim.units() > counter.limit() ? -1 : micros(counter, claim.units()))
            .arg(periodMicros(counter));
      } else {
        r.arg(claim.units()).arg(counter.limit());
      }
    }
    return r;
  }

  Request settleRequest(String sha, String prefix) {
    return settleRequest(sha, prefix, Command.EVALSHA);
  }

  /** {@code settle.lua}: per rate the µs its TAT moves (signed), per spend the nano-USD. */
  Request settleRequest(String head, String prefix, Command command) {
    Request r = keys(command, head, prefix);
    for (int position = 0; position < order.length; position++) {
      Claim claim = claims.get(order[position]);
      long units = claim.units();
      r.arg(position >= rates ? units
          : units >= 0 ? micros(claim.counter(), units) : -micros(claim.counter(), -units));
    }
    return r;
  }

  private Request keys(Command command, String head, String prefix) {
    Request r = Request.cmd(command).arg(head).arg(order.length);
    for (int index : order) {
      r.arg(prefix + claims.get(index).name());
    }
    return r.arg(rates);
  }

  /**
   * What the rates hold, in claim order, from the µs each one's TAT lies ahead of now (the
   * script's answer from {@code from} on, one per rate): units left and nanoseconds until full,
   * as {@code authorize.Gcra#remaining} and {@code #nanosUntilFull}; 0 for spends.
   */
  Outcome.Taken levels(Response answer, int from) {
    long[] remaining = new long[claims.size()];
    long[] reset = new long[claims.size()];
    for (int position = 0; position < rates; position++) {
      SharedCounter counter = claims.get(order[position]).counter();
      long period = periodMicros(counter);
      long ahead = Math.max(0, answer.get(from + position).toLong());
      remaining[order[position]] =
          Math.max(0, (long) Math.floor((double) (period - ahead) * counter.limit() / period));
      reset[order[position]] = ahead * 1000;
    }
    return new Outcome.Taken(remaining, reset);
  }

  private static boolean isRate(Claim claim) {
    return claim.counter().kind() == SharedCounter.Kind.RATE;
  }

  private static long periodMicros(SharedCounter counter) {
    return Math.max(1, counter.periodNanos() / 1000);
  }

  /** GCRA: units × period / limit, rounded up, as {@code authorize.Gcra#cost}. */
  private static long micros(SharedCounter counter, long units) {
    return (long) Math.ceil((double) units * periodMicros(counter) / counter.limit());
  }
}
