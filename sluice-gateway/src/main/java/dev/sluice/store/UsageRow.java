package dev.sluice.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One rollup row of {@code GET /admin/usage}: the values of the requested groups, in the order
 * they were asked for, and the sums over the group's requests. A value is null when the requests
 * had none (a request rejected before authentication has no team). Unknown token counts add 0.
 *
 * @param group one value per groupBy name; a project is {@code team/project}, a day
 *     {@code yyyy-MM-dd} in UTC, a key its id
 * @param costNanos spend in nano-USD
 */
public record UsageRow(
    List<String> group,
    long requests,
    long inputTokens,
    long outputTokens,
    long cachedInputTokens,
    long costNanos) {

  public UsageRow {
    group = Collections.unmodifiableList(new ArrayList<>(group)); // List.copyOf refuses nulls
  }
}
