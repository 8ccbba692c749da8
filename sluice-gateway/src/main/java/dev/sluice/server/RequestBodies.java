package dev.sluice.server;

import dev.sluice.upstream.BoundedBody;
import dev.sluice.upstream.HeaderNames;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * Reads a request's body up to a limit, for the data plane and the admin API alike: a body
 * declared past the limit is refused before a byte of it is read (and before it is invited with
 * {@code 100 Continue}), one that goes past it while arriving is refused then.
 */
final class RequestBodies {
  private static final CharSequence EXPECT = HeaderNames.optimized("expect");

  private RequestBodies() {}

  /**
   * Calls {@code then} with the whole body, or {@code tooLarge} (once) when it is declared or
   * turns out to be over {@code limit} bytes; the rest of such a body is ignored.
   */
  static void read(HttpServerRequest request, long limit, Runnable tooLarge,
      Consumer<byte[]> then) {
    long declared = BoundedBody.declaredLength(request.headers().get(HttpHeaders.CONTENT_LENGTH));
    if (declared > limit) {
      tooLarge.run();
      return;
    }
    String expect = request.headers().get(EXPECT);
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      request.response().writeContinue(); // the declared length is in bounds: let it come
    }
    BoundedBody body = new BoundedBody(limit, declared);
    request.handler(chunk -> {
      if (!body.add(chunk)) {
        tooLarge.run();
      }
    });
    request.endHandler(end -> {
      if (!body.refused()) {
        then.accept(body.bytes());
      }
    });
  }
}
