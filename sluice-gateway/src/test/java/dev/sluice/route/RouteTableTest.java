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
  void firstMatchingRouteWinsAcrossExactAndPatternRoutes() {
    RouteTable table = RouteTable.of(List.of(
        route("catch-gpt", "gpt-*"), route("exact-4o", "gpt-4o"), route("claude", "claude-?-*"), route("any")));

    assertThat(table.firstMatch("gpt-4o", r -> true).name()).isEqualTo("catch-gpt");
    assertThat(table.firstMatch("gpt-4o", r -> !r.name().equals("catch-gpt")).name()).isEqualTo("exact-4o");
    assertThat(table.firstMatch("claude-3-opus", r -> true).name()).isEqualTo("claude");
    assertThat(table.firstMatch("claude-opus", r -> true).name()).isEqualTo("any");
  }

  @Test
  void globsAreAnchoredAndQuoteEverythingElse() {
    assertThat(Glob.of("gpt-4o").matches("gpt-4o-mini")).isFalse();
    assertThat(Glob.of("gpt-4o*").matches("gpt-4o-mini")).isTrue();
    assertThat(Glob.of("a.b*").matches("aXb")).isFalse();
    assertThat(Glob.of("a.b*").matches("a.bc")).isTrue();
    assertThat(Glob.of("m?").matches("m12")).isFalse();
  }
}
