package dev.sluice.route;

import static dev.sluice.route.RouteTableTest.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.authenticate.Principal;
import dev.sluice.authorize.AccessProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /v1/models: exact route names, and the exact names a key allows that a route serves. */
class ModelCatalogTest {
  final Principal key = new Principal("k", "o", null, null);

  @Test
  void aKeysOwnModelIsListedWhenAPatternOrAnUnconditionalRouteServesIt() {
    AccessProfile gpt4o = AccessProfile.of(null, List.of("gpt-4o", "o1-*"));

    assertThat(new ModelCatalog(RouteTable.of(List.of(route("listed", "gpt-4o-mini"),
        route("all", "*")))).modelsFor(key, gpt4o)).containsExactly("gpt-4o");
    // a route with no model condition serves every model, as a "*" does
    assertThat(new ModelCatalog(RouteTable.of(List.of(route("any"))))
        .modelsFor(key, gpt4o)).containsExactly("gpt-4o");
    // and a name no route serves is not listed
    assertThat(new ModelCatalog(RouteTable.of(List.of(route("claude", "claude-*"))))
        .modelsFor(key, gpt4o)).isEmpty();
  }
}
