package dev.sluice.observe;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.provider.TokenUsage;
import java.io.IOException;

/** The access-log line's fields and order (SPEC §5). Durations in milliseconds, µs precision. */
final class AccessLogFormat {
  private AccessLogFormat() {}

  static void write(JsonGenerator json, AccessRecord r) throws IOException {
    TokenUsage usage = r.usage();
    json.writeStartObject();
    json.writeStringField("ts", AccessLogWriter.timestamp(r.startEpochMillis()));
    json.writeStringField("request_id", r.requestId());
    json.writeStringField("key_id", r.keyId());
    json.writeStringField("owner", r.owner());
    json.writeStringField("team", r.team());
    json.writeStringField("project", r.project());
    json.writeStringField("agent", r.agent());
    json.writeStringField("endpoint", r.endpoint());
    json.writeStringField("model", r.model());
    json.writeStringField("backend", r.backend());
    json.writeStringField("upstream_model", r.upstreamModel());
    json.writeNumberField("status", r.status());
    json.writeStringField("error_code", r.errorCode());
    json.writeBooleanField("stream", r.stream());
    json.writeNumberField("attempts", r.attempts());
    writeTokens(json, "input_tokens", usage == null ? -1 : usage.inputTokens());
    writeTokens(json, "output_tokens", usage == null ? -1 : usage.outputTokens());
    writeTokens(json, "cached_input_tokens", usage == null ? -1 : usage.cachedInputTokens());
    if (r.costUsd() == null) {
      json.writeNullField("cost_usd");
    } else {
      json.writeNumberField("cost_usd", r.costUsd());
    }
    writeMillis(json, "latency_ms", r.latencyNanos());
    writeMillis(json, "ttft_ms", r.ttftNanos());
    writeMillis(json, "upstream_latency_ms", r.attempts() == 0 ? -1 : r.upstreamNanos());
    json.writeStringField("route", r.route());
    json.writeEndObject();
  }

  /** Unknown counts are null, not 0: a request that never reached a provider used no tokens we know of. */
  private static void writeTokens(JsonGenerator json, String name, long tokens) throws IOException {
    if (tokens < 0) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, tokens);
    }
  }

  private static void writeMillis(JsonGenerator json, String name, long nanos) throws IOException {
    if (nanos < 0) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, Math.round(nanos / 1_000.0) / 1_000.0);
    }
  }
}
