package dev.sluice.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.budget.Price;
import dev.sluice.config.RedactedConfig;
import dev.sluice.store.KeyStore;
import dev.sluice.store.Ledger;
import dev.sluice.store.UsageRow;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code /admin/*} behind the admin token (compared in constant time; no token configured means
 * every call is refused): keys ({@link AdminKeys}), usage rollups from the ledger, and the
 * effective configuration with its secrets redacted. Store work is blocking, so it runs on
 * Vert.x's worker pool.
 */
final class AdminApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final java.util.function.Supplier<GatewayCore> core;
  private final java.util.function.Supplier<Gateway.ReloadResult> reload;
  private final Ledger ledger;
  private final KeyStore keyStore;
  private final byte[] token; // null: no admin token, every call refused

  AdminApi(Vertx vertx, java.util.function.Supplier<GatewayCore> core,
      java.util.function.Supplier<Gateway.ReloadResult> reload, Ledger ledger, KeyStore keyStore) {
    this.vertx = vertx;
    this.core = core;
    this.reload = reload;
    this.ledger = ledger;
    this.keyStore = keyStore;
    // The admin token is read at start: a reload cannot lock the operator out, or in.
    String configured = core.get().config().admin().token();
    this.token = configured == null || configured.isEmpty()
        ? null : configured.getBytes(StandardCharsets.UTF_8);
  }

  private static final int MAX_BODY = 64 * 1024;

  void mount(Router router) {
    // What the router answers itself (an unknown path, a wrong method, a failure) in the API's
    // JSON error shape, not Vert.x's HTML page.
    router.errorHandler(404, ctx -> error(ctx, 404, "invalid_request_error",
        "Unknown admin path: " + ctx.request().method() + " " + ctx.request().path()));
    router.errorHandler(405, ctx -> error(ctx, 405, "invalid_request_error",
        "Method " + ctx.request().method() + " not allowed on " + ctx.request().path()));
    router.errorHandler(500, ctx -> error(ctx, 500, "server_error", "The admin API failed."));
    router.route("/admin/*").handler(this::authorize);
    router.get("/admin/usage").handler(this::usage);
    router.get("/admin/config").handler(ctx -> json(ctx, 200, RedactedConfig.of(core.get().config())));
    router.post("/admin/reload").handler(ctx -> vertx.executeBlocking(reload::get).onComplete(done -> {
      if (done.failed()) {
        error(ctx, 500, "server_error", "reload failed: " + done.cause().getMessage());
        return;
      }
      ObjectNode body = JSON.createObjectNode();
      body.put("reloaded", done.result().applied());
      body.putPOJO(done.result().applied() ? "warnings" : "problems", done.result().messages());
      if (!done.result().applied()) {
        body.putObject("error").put("message", String.join("; ", done.result().messages()))
            .put("type", "invalid_request_error");
      }
      json(ctx, done.result().applied() ? 200 : 400, body);
    }));
    router.get("/admin/backends").handler(ctx -> json(ctx, 200, backends()));
    AdminKeys keys = new AdminKeys(core, keyStore);
    // Read as text whatever its content type: Vert.x's BodyHandler decodes a form-encoded body
    // (what curl -d sends) as form fields, and one past 8 KiB failed with a plain-text 400.
    router.post("/admin/keys").handler(ctx -> RequestBodies.read(ctx.request(), MAX_BODY,
        () -> error(ctx, 413, "invalid_request_error", "The body is over " + MAX_BODY + " bytes."),
        body -> blocking(ctx, () -> keys.create(new String(body, StandardCharsets.UTF_8)))));
    router.get("/admin/keys").handler(ctx -> blocking(ctx, keys::list));
    router.delete("/admin/keys/:id").handler(ctx -> blocking(ctx, () -> keys.revoke(ctx.pathParam("id"))));
  }

  private void authorize(RoutingContext ctx) {
    String header = ctx.request().getHeader("authorization");
    byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : null;
    if (token == null || presented == null || !MessageDigest.isEqual(token, presented)) {
      error(ctx, 401, "authentication_error", token == null
          ? "The admin API is off: no admin.token is configured."
          : "Missing or wrong admin token: send 'Authorization: Bearer <admin.token>'.");
      return;
    }
    ctx.next();
  }

  private void usage(RoutingContext ctx) {
    List<String> groupBy;
    Instant from;
    Instant to;
    try {
      String groups = ctx.request().getParam("groupBy");
      groupBy = groups == null || groups.isBlank() ? List.of()
          : Arrays.stream(groups.split(",")).map(String::strip).toList();
      from = instant("from", ctx.request().getParam("from"));
      to = instant("to", ctx.request().getParam("to"));
    } catch (IllegalArgumentException e) {
      error(ctx, 400, "invalid_request_error", e.getMessage());
      return;
    }
    vertx.executeBlocking(() -> ledger.usage(groupBy, from, to)).onComplete(done -> {
      if (done.failed()) {
        boolean badRequest = done.cause() instanceof IllegalArgumentException;
        error(ctx, badRequest ? 400 : 500, badRequest ? "invalid_request_error" : "server_error",
            badRequest ? done.cause().getMessage() : "The usage ledger could not be read.");
        return;
      }
      ObjectNode body = JSON.createObjectNode();
      body.putPOJO("groupBy", groupBy);
      body.put("from", from == null ? null : from.toString());
      body.put("to", to == null ? null : to.toString());
      ArrayNode rows = body.putArray("rows");
      for (UsageRow row : done.result()) {
        ObjectNode r = rows.addObject();
        for (int i = 0; i < groupBy.size(); i++) {
          r.put(groupBy.get(i), row.group().get(i));
        }
        r.put("requests", row.requests());
        r.put("input_tokens", row.inputTokens());
        r.put("output_tokens", row.outputTokens());
        r.put("cached_input_tokens", row.cachedInputTokens());
        r.put("cost_usd", Price.usd(row.costNanos()));
      }
      json(ctx, 200, body);
    });
  }

  /** Each backend with what it is doing: in flight, attempts, and the recent error rate and latency. */
  private ObjectNode backends() {
    GatewayCore current = core.get();
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("backends");
    for (dev.sluice.config.BackendConfig backend : current.config().backends()) {
      dev.sluice.upstream.BackendStats stats = current.backendStats().get(backend.name());
      ObjectNode node = list.addObject();
      node.put("name", backend.name());
      node.put("type", backend.type().wireName());
      node.put("url", backend.url());
      dev.sluice.upstream.BackendCircuit circuit = current.circuits().get(backend.name());
      node.put("circuit", circuit.state().wireName());
      node.put("circuitOpened", circuit.timesOpened());
      double windowRate = circuit.failureRate();
      if (windowRate >= 0) {
        node.put("windowFailureRate", Math.round(windowRate * 1000) / 1000.0);
      } else {
        node.putNull("windowFailureRate"); // fewer than minRequests in the window, or no breaker
      }
      node.put("inFlight", stats.inFlight());
      node.put("maxConcurrent", backend.maxConcurrent());
      node.put("shed", stats.shed());
      node.put("attempts", stats.attempts());
      node.put("failures", stats.failures());
      node.put("recentErrorRate", Math.round(stats.recentErrorRate() * 1000) / 1000.0);
      node.put("recentLatencyMs", Math.round(stats.recentLatencyMillis() * 1000) / 1000.0);
    }
    return body;
  }

  /** Runs store work on the worker pool and writes its answer. */
  private void blocking(RoutingContext ctx, java.util.concurrent.Callable<AdminKeys.Answer> work) {
    vertx.executeBlocking(work).onComplete(done -> {
      if (done.failed()) {
        error(ctx, 500, "server_error", "The key store could not be used: " + done.cause().getMessage());
      } else if (done.result().error() != null) {
        error(ctx, done.result().status(), "invalid_request_error", done.result().error());
      } else {
        json(ctx, done.result().status(), done.result().body());
      }
    });
  }

  /** An ISO-8601 instant, or a date meaning its UTC midnight; absent means unbounded. */
  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": '" + value
          + "' is not a date or instant (expected e.g. 2026-11-01 or 2026-11-01T00:00:00Z)");
    }
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    try {
      ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
          .end(JSON.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      ctx.response().setStatusCode(500).end();
    }
  }

  private static void error(RoutingContext ctx, int status, String type, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", message);
    error.put("type", type);
    json(ctx, status, body);
  }
}
