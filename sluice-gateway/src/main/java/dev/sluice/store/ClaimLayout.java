package dev.sluice.store;

import dev.sluice.pipeline.SharedCounter;
import dev.sluice.pipeline.SharedCounters.Claim;
import dev.sluice.pipeline.SharedCounters.Outcome;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Claims as {@code admit.lua} and {@code settle.lua} take them: rate counters first, then spend
 * counters, so that the scripts tell the two apart by position instead of by a kind argument,
 * and with the GCRA's division done here (units to µs of the theoretical arrival time) instead
 * of in Lua: Redis runs one script at a time for every replica, so every step moved out of the
 * script is time no other admission waits for. Maps the scripts' positions back to the claims'.
 * Both scripts take a group (several admissions, or the corrections of several requests) and
 * name each counter once.
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

  /**
   * {@code admit.lua} for a group of admissions, in order: every counter once in KEYS, then per
   * admission its claims by their counters' index there.
   */
  static Request admitRequest(Command command, String head, String prefix,
      List<ClaimLayout> group) {
    Map<String, Integer> keys = new LinkedHashMap<>();
    int[][] indexes = new int[group.size()][];
    for (int g = 0; g < group.size(); g++) {
      indexes[g] = group.get(g).keyIndexes(keys);
    }
    Request r = keys(command, head, prefix, keys).arg(group.size());
    for (int g = 0; g < group.size(); g++) {
      group.get(g).admitArgs(r, indexes[g]);
    }
    return r;
  }

  /** Per rate its increment (-1: larger than the limit) and period; per spend units and limit. */
  private void admitArgs(Request r, int[] keyIndexes) {
    r.arg(order.length).arg(rates);
    for (int position = 0; position < order.length; position++) {
      Claim claim = claims.get(order[position]);
      SharedCounter counter = claim.counter();
      r.arg(keyIndexes[position]);
      if (position < rates) {
        r.arg(claim.units() > counter.limit() ? -1 : micros(counter, claim.units()))
            .arg(periodMicros(counter));
      } else {
        r.arg(claim.units()).arg(counter.limit());
      }
    }
  }

  /**
   * {@code settle.lua} for these corrections (those of several requests may be in one layout:
   * the rates keep their order among themselves, as do the spends): per rate the µs its TAT
   * moves (signed), per spend the nano-USD.
   */
  Request settleRequest(Command command, String head, String prefix) {
    Map<String, Integer> keys = new LinkedHashMap<>();
    int[] indexes = keyIndexes(keys);
    Request r = keys(command, head, prefix, keys).arg(rates).arg(order.length);
    for (int position = 0; position < order.length; position++) {
      Claim claim = claims.get(order[position]);
      long units = claim.units();
      r.arg(indexes[position]).arg(position >= rates ? units
          : units >= 0 ? micros(claim.counter(), units) : -micros(claim.counter(), -units));
    }
    return r;
  }

  /** Adds this layout's counters to {@code keys} (each once); their 1-based index by position. */
  private int[] keyIndexes(Map<String, Integer> keys) {
    int[] indexes = new int[order.length];
    for (int position = 0; position < order.length; position++) {
      String name = claims.get(order[position]).name();
      Integer index = keys.get(name);
      if (index == null) {
        index = keys.size() + 1;
        keys.put(name, index);
      }
      indexes[position] = index;
    }
    return indexes;
  }

  private static Request keys(Command command, String head, String prefix,
      Map<String, Integer> keys) {
    Request r = Request.cmd(command).arg(head).arg(keys.size());
    for (String name : keys.keySet()) {
      r.arg(prefix + name);
    }
    return r;
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
