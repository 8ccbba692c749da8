package dev.sluice.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.config.PriceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prices by model name: the config's {@code pricing} entries over the built-in table
 * ({@code prices.json}, which names its sources and date). A name is found exactly, else by the
 * longest priced name it starts with followed by {@code -}, {@code :} or {@code @} — so dated and
 * versioned ids ({@code gpt-4o-2024-08-06}, {@code anthropic.claude-3-5-sonnet-20240620-v1:0})
 * find their family. Lookups are cached: the hot path is one map read.
 */
public final class PriceTable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Price UNPRICED = new Price(0, 0, 0);

  private final Map<String, Price> prices;
  private final Map<String, Price> resolved = new ConcurrentHashMap<>();

  private PriceTable(Map<String, Price> prices) {
    this.prices = prices;
  }

  /** The built-in table with the config's overrides. */
  public static PriceTable of(Map<String, PriceConfig> overrides) {
    Map<String, Price> prices = new HashMap<>(builtIn());
    overrides.forEach((model, p) -> prices.put(model, Price.perMillion(p.input(), p.output(), p.cachedInput())));
    return new PriceTable(Map.copyOf(prices));
  }

  /** The price of a model, or null when none is known (then it is charged 0, and flagged). */
  public Price find(String model) {
    Price price = resolved.computeIfAbsent(model, this::lookUp);
    return price == UNPRICED ? null : price;
  }

  private Price lookUp(String model) {
    Price exact = prices.get(model);
    if (exact != null) {
      return exact;
    }
    for (int end = model.length() - 1; end > 0; end--) {
      char c = model.charAt(end);
      if (c == '-' || c == ':' || c == '@') {
        Price family = prices.get(model.substring(0, end));
        if (family != null) {
          return family;
        }
      }
    }
    return UNPRICED;
  }

  private static Map<String, Price> builtIn() {
    try (InputStream in = PriceTable.class.getResourceAsStream("prices.json")) {
      JsonNode models = JSON.readTree(in).path("models");
      Map<String, Price> prices = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        JsonNode p = entry.getValue();
        prices.put(entry.getKey(), Price.perMillion(p.path("input").decimalValue(),
            p.path("output").decimalValue(),
            p.has("cachedInput") ? p.path("cachedInput").decimalValue() : null));
      }
      return prices;
    } catch (IOException e) {
      throw new UncheckedIOException("the built-in price table cannot be read", e);
    }
  }
}
