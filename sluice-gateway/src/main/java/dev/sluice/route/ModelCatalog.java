package dev.sluice.route;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.authenticate.Principal;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.ModelFilter;
import dev.sluice.pipeline.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Answers {@code GET /v1/models}: the model names routes serve to this principal. Routes that
 * match by pattern ({@code gpt-4o-*}) serve names that cannot be listed; their exact names are.
 */
public final class ModelCatalog implements Terminal {
  private static final JsonFactory JSON = new JsonFactory();
  private final RouteTable table;

  public ModelCatalog(RouteTable table) {
    this.table = table;
  }

  /**
   * Exact model names of the routes this principal's team and project may use, that its access
   * profile allows; then the exact names its profile lists that one of those routes serves by
   * pattern (a key allowed {@code gpt-4o} on a catch-all route lists {@code gpt-4o}).
   */
  public Set<String> modelsFor(Principal principal, ModelFilter allowed) {
    Set<String> names = new LinkedHashSet<>();
    for (CompiledRoute route : table.routes()) {
      if (route.admits(principal)) {
        for (Glob glob : route.models()) {
          if (glob.exact() && allowed.allows(glob.toString())) {
            names.add(glob.toString());
          }
        }
      }
    }
    for (String name : allowed.exactNames()) {
      if (!names.contains(name) && table.firstMatch(name, route -> route.admits(principal)) != null) {
        names.add(name);
      }
    }
    return names;
  }

  @Override
  public void answer(Exchange exchange) {
    exchange.channel().respond(200, "application/json", render(modelsFor(exchange.principal(), exchange.modelFilter())));
  }

  private static byte[] render(Set<String> models) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + models.size() * 80);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("object", "list");
      json.writeArrayFieldStart("data");
      for (String model : models) {
        json.writeStartObject();
        json.writeStringField("id", model);
        json.writeStringField("object", "model");
        json.writeNumberField("created", 0);
        json.writeStringField("owned_by", "sluice");
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
