package dev.sluice;

import dev.sluice.config.BackendConfig;
import dev.sluice.config.BackendType;
import dev.sluice.config.KeyConfig;
import dev.sluice.config.RouteConfig;
import dev.sluice.config.SluiceConfig;
import java.util.List;

/**
 * The configuration {@code sluice serve} runs without {@code --config}: one mock backend serving
 * every model, one demo key, loopback only. A newcomer gets a working gateway offline.
 */
final class Quickstart {
  static final String DEMO_KEY = "sk-sluice-demo";

  private Quickstart() {}

  static SluiceConfig config() {
    BackendConfig mock = new BackendConfig(
        "mock", BackendType.MOCK, null, null, null, null, null, null, null, null, null, null, null,
        null);
    RouteConfig route = new RouteConfig(
        "quickstart",
        // Named models are listed by GET /v1/models; "*" lets any other name through too.
        new RouteConfig.Match(
            List.of("gpt-4o", "gpt-4o-mini", "text-embedding-3-small", "claude-sonnet-4-5", "*"),
            null, null, null, null),
        List.of(new RouteConfig.Target("mock", null, null, null)),
        null,
        null);
    KeyConfig demo = new KeyConfig(
        "demo", null, DEMO_KEY, "demo", null, null, null, null, null, null);
    return new SluiceConfig(
        null, null, List.of(mock), List.of(route), null, List.of(demo), null, null, null, null);
  }
}
