package dev.sluice.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import dev.sluice.store.KeyStore;
import dev.sluice.store.Ledger;
import java.util.function.BooleanSupplier;

/**
 * The admin port: liveness and readiness for orchestrators, and the admin API
 * ({@link AdminApi}). {@code /readyz} turns 503 as soon as a drain begins, so a load balancer
 * stops sending before the data port stops accepting.
 */
final class AdminServer {
  private AdminServer() {}

  static Future<HttpServer> start(Vertx vertx, java.util.function.Supplier<GatewayCore> core,
      java.util.function.Supplier<Gateway.ReloadResult> reload, Ledger ledger, KeyStore keyStore,
      BooleanSupplier ready) {
    Router router = Router.router(vertx);
    new AdminApi(vertx, core, reload, ledger, keyStore).mount(router);
    router.get("/healthz").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/json").end("{\"status\":\"ok\"}"));
    router.get("/readyz").handler(ctx -> {
      boolean isReady = ready.getAsBoolean();
      ctx.response().setStatusCode(isReady ? 200 : 503)
          .putHeader("content-type", "application/json")
          .end(isReady ? "{\"status\":\"ready\"}" : "{\"status\":\"draining\"}");
    });
    GatewayCore first = core.get();
    return vertx.createHttpServer(ServerOptions.dataPlane(first.config().server()))
        .requestHandler(router)
        .listen(first.config().server().adminPort(), first.config().server().host());
  }
}
