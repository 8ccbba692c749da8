package dev.sluice.authorize;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live limiter state, by scope and limit. A configuration reload builds its stage from the
 * same registry, so a limit that did not change keeps its state (requests already counted stay
 * counted); a changed limit starts fresh.
 */
public final class LimiterRegistry {
  private record Key(String scope, Limit.Unit unit, long limit, Duration per) {}

  private final Map<Key, Gcra> limiters = new ConcurrentHashMap<>();

  Gcra get(String scope, Limit.Unit unit, long limit, Duration per, long nowNanos) {
    return limiters.computeIfAbsent(new Key(scope, unit, limit, per),
        k -> new Gcra(limit, per.toNanos(), nowNanos));
  }

  int size() {
    return limiters.size();
  }
}
