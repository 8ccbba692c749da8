package dev.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.RouteConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  static RouteConfig route(String name, String... models) {
    return new RouteConfig(name, new RouteConfig.Match(List.of(models), null, null, null, null),
        List.of(new RouteConfig.Target("b", null, null, null)), null, null);
  }

  @Test
  void theRouteStageAsksForThePromptOnlyWhenARouteMatchesOnIt() {
    RouteConfig longPrompts = new RouteConfig("long",
        new RouteConfig.Match(List.of(), null, null, null, new RouteConfig.TokenRange(1000L, null)),
        List.of(new RouteConfig.Target("b", null, null, null)), null, null);

    assertThat(new RouteStage(RouteTable.of(List.of(route("a", "gpt-*")))).usesPromptTokens(null))
        .isFalse();
    assertThat(new RouteStage(RouteTable.of(List.of(longPrompts, route("a", "gpt-*"))))
        .usesPromptTokens(null)).isTrue();
  }

  @Test
  void firstMatchingRouteWinsAcrossExactAndPatternRoutes() {
    RouteTable table = RouteTable.of(List.of(
        route("catch-gpt", "gpt-*"), route("exact-4o", "gpt-4o"), route("claude", "claude-?-*"), route("any")));

    assertThat(table.firstMatch("gpt-4o", r -> true).name()).isEqualTo("catch-gpt");
    assertThat(table.firstMatch("gpt-4o", r -> !r.name().equals("catch-gpt")).name()).isEqualTo("exact-4o");
    assertThat(table.firstMatch("claude-3-opus", r -> true).name()).isEqualTo("claude");
    assertThat(table.firstMatch("claude-opus", r -> true).name()).isEqualTo("any");
  }

  @Test
  void prefixRoutesAreFoundByTheirPrefixInConfigOrder() {
    RouteTable table = RouteTable.of(List.of(
        route("long-prefix", "gpt-4o-*"), route("several", "o1", "gpt-*"), route("everything", "*"),
        route("exact-late", "gpt-4o-mini")));

    assertThat(table.firstMatch("gpt-4o-mini", r -> true).name()).isEqualTo("long-prefix");
    assertThat(table.firstMatch("gpt-4o-mini", r -> !r.name().equals("long-prefix")).name())
        .isEqualTo("several");
    assertThat(table.firstMatch("gpt-4o-mini", r -> r.name().startsWith("e")).name())
        .isEqualTo("everything");
    assertThat(table.firstMatch("gpt", r -> true).name()).isEqualTo("everything");
    assertThat(table.firstMatch("", r -> true).name()).isEqualTo("everything");
  }

  /** The index must find exactly what a scan of every route in order finds. */
  @Test
  void theIndexAgreesWithAScanOfEveryRoute() {
    java.util.Random random = new java.util.Random(20261127);
    String[] parts = {"gpt", "-", "4o", "o", "1", "claude", "mini", "x"};
    java.util.function.Supplier<String> word = () -> {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(4); n >= 0; n--) {
        text.append(parts[random.nextInt(parts.length)]);
      }
      return text.toString();
    };
    List<RouteConfig> configs = new java.util.ArrayList<>();
    for (int i = 0; i < 400; i++) {
      List<String> globs = new java.util.ArrayList<>();
      for (int g = random.nextInt(3); g >= 0; g--) {
        String base = word.get();
        globs.add(switch (random.nextInt(5)) {
          case 0, 1 -> base;               // exact
          case 2 -> base + "*";            // prefix
          case 3 -> "*" + base;            // suffix: scanned
          default -> base + "?" + word.get() + "*"; // general: scanned
        });
      }
      configs.add(random.nextInt(40) == 0 ? route("r" + i) : route("r" + i, globs.toArray(String[]::new)));
    }
    RouteTable table = RouteTable.of(configs);
    List<CompiledRoute> all = table.routes();

    for (int probe = 0; probe < 3_000; probe++) {
      String model = word.get();
      int skip = random.nextInt(3);
      java.util.function.Predicate<CompiledRoute> accepts = r -> r.name().hashCode() % 3 != skip;
      CompiledRoute expected = all.stream()
          .filter(r -> r.matchesModel(model) && accepts.test(r)).findFirst().orElse(null);

      assertThat(table.firstMatch(model, accepts)).as(model).isSameAs(expected);
    }
  }

}
