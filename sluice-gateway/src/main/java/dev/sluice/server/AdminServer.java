package dev.sluice.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import dev.sluice.store.KeyStore;
import dev.sluice.observe.Telemetry;
import dev.sluice.store.Ledger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The admin port: liveness and readiness for orchestrators, and the admin API
 * ({@link AdminApi}). {@code /readyz} turns 503 as soon as a drain begins, so a load balancer
 * stops sending before the data port stops accepting, and while a shared store's Redis or
 * PostgreSQL does not answer (with the reason), so traffic goes to replicas that can serve it.
 */
final class AdminServer {
  private AdminServer() {}

  static Future<HttpServer> start(Vertx vertx, java.util.function.Supplier<GatewayCore> core,
      java.util.function.Supplier<Gateway.ReloadResult> reload, Ledger ledger, KeyStore keyStore,
      Telemetry telemetry, BooleanSupplier ready, Supplier<String> storeProblem) {
    Router router = Router.router(vertx);
    if (telemetry.prometheus()) {
      // Open, like the health checks: scrapers carry no admin token. Collecting walks every
      // series, so it runs on a worker thread.
      router.get("/metrics").handler(ctx -> vertx.executeBlocking(() -> {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(16 * 1024);
        telemetry.writePrometheus(out);
        return io.vertx.core.buffer.Buffer.buffer(out.toByteArray());
      }).onComplete(done -> {
        if (done.failed()) {
          ctx.response().setStatusCode(500).end("metrics could not be collected\n");
        } else {
          ctx.response().putHeader("content-type", Telemetry.PROMETHEUS_CONTENT_TYPE).end(done.result());
        }
      }));
    }
    new AdminApi(vertx, core, reload, ledger, keyStore).mount(router);
    router.get("/healthz").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/json").end("{\"status\":\"ok\"}"));
    router.get("/readyz").handler(ctx -> {
      // The stores' verdict is cached by their probe (refreshed every second, off this path):
      // a load balancer polling this often costs Redis and PostgreSQL nothing.
      String problem = ready.getAsBoolean() ? storeProblem.get() : "draining";
      String body = problem == null ? "{\"status\":\"ready\"}"
          : !ready.getAsBoolean() ? "{\"status\":\"draining\"}"
          : new io.vertx.core.json.JsonObject().put("status", "store_unavailable")
              .put("reason", problem).encode();
      ctx.response().setStatusCode(problem == null ? 200 : 503)
          .putHeader("content-type", "application/json").end(body);
    });
    GatewayCore first = core.get();
    return vertx.createHttpServer(ServerOptions.dataPlane(first.config().server()))
        .requestHandler(router)
        .listen(first.config().server().adminPort(), first.config().server().host());
  }
}
