package dev.sluice.testkit;

import io.netty.channel.ChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Plays one {@link FakeResponse} onto the wire. Called on the event loop only. */
final class ResponseWriter {

    private final Vertx vertx;

    ResponseWriter(Vertx vertx) {
        this.vertx = vertx;
    }

    void play(HttpServerRequest request, FakeResponse script) {
        after(script.delay(), () -> {
            switch (script.kind()) {
                case STALL -> { } // hold the exchange open: the client waits until its own timeout
                case CLOSE -> request.connection().close();
                case BODY -> sendBody(request.response(), script);
                case SSE -> startStream(request, script);
                case BINARY -> startBinary(request, script);
                case REPEAT -> startRepeated(request.response(), script);
                case TRICKLE -> startTrickle(request.response(), script);
            }
        });
    }

    private void sendBody(HttpServerResponse response, FakeResponse script) {
        if (response.closed()) {
            return; // the client gave up during the delay
        }
        response.setStatusCode(script.status()).putHeader("Content-Type", "application/json");
        applyHeaders(response, script);
        response.end(script.body());
    }

    private void startStream(HttpServerRequest request, FakeResponse script) {
        HttpServerResponse response = request.response();
        if (response.closed()) {
            return;
        }
        response.setStatusCode(script.status()).setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
        applyHeaders(response, script);
        // The head goes out before the first event, so a slow first event is a slow token, not a slow status line.
        response.writeHead().onSuccess(v -> writeEvent(request, script, 0));
    }

    private void startBinary(HttpServerRequest request, FakeResponse script) {
        HttpServerResponse response = request.response();
        if (response.closed()) {
            return;
        }
        response.setStatusCode(script.status()).setChunked(true).putHeader("Content-Type", script.contentType());
        applyHeaders(response, script);
        List<byte[]> chunks = script.chunks();
        response.writeHead().onSuccess(v -> writeChunk(response, chunks, 0));
    }

    private void startRepeated(HttpServerResponse response, FakeResponse script) {
        if (response.closed()) {
            return;
        }
        response.setStatusCode(script.status()).setChunked(true).putHeader("Content-Type", script.contentType());
        applyHeaders(response, script);
        Buffer piece = Buffer.buffer(script.chunks().get(0));
        int[] left = {script.repeat()};
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (left[0] > 0 && !response.closed()) {
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> pump[0].run());
                    return;
                }
                left[0]--;
                response.write(piece);
            }
            if (!response.closed()) {
                response.end();
            }
        };
        pump[0].run();
    }

    private void startTrickle(HttpServerResponse response, FakeResponse script) {
        if (response.closed()) {
            return;
        }
        response.setStatusCode(script.status()).setChunked(true).putHeader("Content-Type", script.contentType());
        applyHeaders(response, script);
        byte[] body = script.chunks().get(0);
        response.writeHead().onSuccess(v -> trickleByte(response, body, 0, script.interval()));
    }

    private void trickleByte(HttpServerResponse response, byte[] body, int index, Duration interval) {
        after(interval, () -> {
            if (response.closed()) {
                return;
            }
            if (index == body.length) {
                response.end();
                return;
            }
            response.write(Buffer.buffer(new byte[] {body[index]}))
                    .onSuccess(v -> trickleByte(response, body, index + 1, interval));
        });
    }

    /** Like SSE events: each chunk waits for the previous write, so each is flushed on its own. */
    private void writeChunk(HttpServerResponse response, List<byte[]> chunks, int index) {
        if (response.closed()) {
            return;
        }
        if (index == chunks.size()) {
            response.end();
            return;
        }
        response.write(Buffer.buffer(chunks.get(index))).onSuccess(v -> writeChunk(response, chunks, index + 1));
    }

    private void writeEvent(HttpServerRequest request, FakeResponse script, int index) {
        HttpServerResponse response = request.response();
        // A fault takes the place of the first unwritten event, after that event's delay: a
        // provider dies between tokens, and the client has had time to take in what came before.
        Duration delay = index < script.events().size() ? script.events().get(index).delay() : Duration.ZERO;
        after(delay, () -> {
            if (response.closed()) {
                return;
            }
            if (index == script.eventsBeforeEnd()) {
                finish(request, script);
                return;
            }
            // Waiting for each write to complete flushes every event on its own, and a reset
            // that follows cannot discard events still queued in Netty.
            response.write(script.events().get(index).wire()).onSuccess(v -> writeEvent(request, script, index + 1));
        });
    }

    private void finish(HttpServerRequest request, FakeResponse script) {
        switch (script.ending()) {
            case COMPLETE -> request.response().end();
            case RESET -> reset(request.connection());
            // A close without the terminating zero-length chunk: the body just stops, with a FIN.
            // After a short grace, like a fault between tokens: a FIN arriving with the last
            // events lets some clients (the JDK's) fail before handing those events over.
            case TRUNCATE -> vertx.setTimer(TRUNCATE_GRACE_MS, id -> request.connection().close());
        }
    }

    private static final long TRUNCATE_GRACE_MS = 50;

    /**
     * Vert.x has no public abortive close. With SO_LINGER 0 the kernel answers close() with a
     * RST instead of a FIN, which is what a crashed provider or a dropped load-balancer flow
     * looks like to the gateway. Off the classpath (another Vert.x connection type) it falls
     * back to a plain close, which clients also see as a broken stream.
     */
    private static void reset(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            base.channel().close();
        } else {
            connection.close();
        }
    }

    private static void applyHeaders(HttpServerResponse response, FakeResponse script) {
        // Scripted headers replace the defaults of the same name; repeated ones are all sent.
        script.headers().forEach(header -> response.headers().remove(header.getKey()));
        for (Map.Entry<String, String> header : script.headers()) {
            response.headers().add(header.getKey(), header.getValue());
        }
    }

    private void after(Duration delay, Runnable action) {
        if (delay.isZero()) {
            action.run();
        } else {
            vertx.setTimer(Math.max(1, delay.toMillis()), id -> action.run());
        }
    }
}
