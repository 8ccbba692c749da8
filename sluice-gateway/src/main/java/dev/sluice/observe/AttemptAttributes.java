package dev.sluice.observe;

import dev.sluice.observe.spans.SpanAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attributes every CLIENT (attempt) span of one backend shares, built once per backend and
 * operation instead of per attempt: {@code gen_ai.operation.name}, {@code gen_ai.provider.name},
 * {@code server.address} and {@code server.port}. The cache holds one entry per backend name, so
 * it is bounded by the configuration; an entry is rebuilt when the backend's host or port changes
 * (a reload that moved it). The shared sets are never written to: an attempt copies them.
 */
final class AttemptAttributes {
  private final Map<String, String> providers; // backend -> gen_ai.provider.name
  private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

  AttemptAttributes(Map<String, String> providers) {
    this.providers = providers;
  }

  /** @param operation {@code chat} or {@code embeddings} ({@link RequestSpan#operation}) */
  SpanAttributes of(String operation, String backend, String host, int port) {
    Shape shape = shapes.get(backend);
    if (shape == null || shape.port() != port || !Objects.equals(shape.host(), host)) {
      shape = new Shape(host, port, build("chat", backend, host, port),
          build("embeddings", backend, host, port));
      shapes.put(backend, shape); // two racing builders build the same value: either may win
    }
    return operation.equals("embeddings") ? shape.embeddings() : shape.chat();
  }

  private SpanAttributes build(String operation, String backend, String host, int port) {
    SpanAttributes attributes = new SpanAttributes(4)
        .put(RequestSpan.OPERATION_NAME, operation)
        .put(RequestSpan.PROVIDER_NAME, providers.get(backend));
    if (host != null) { // an in-process backend has no address
      attributes.put(RequestSpan.SERVER_ADDRESS, host).put(RequestSpan.SERVER_PORT, (long) port);
    }
    return attributes;
  }

  private record Shape(String host, int port, SpanAttributes chat, SpanAttributes embeddings) {}
}
