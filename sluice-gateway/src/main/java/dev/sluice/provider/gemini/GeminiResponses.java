package dev.sluice.provider.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.api.ClientRequest;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.TranslatedResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * A whole Gemini answer to an OpenAI {@code chat.completion}: one choice per candidate, text
 * joined, function calls as {@code tool_calls}, usage from {@code usageMetadata}. A prompt that
 * Gemini blocked (no candidates, a {@code promptFeedback.blockReason}) is one empty choice that
 * finished with {@code content_filter}, as OpenAI reports its own filter.
 */
final class GeminiResponses {
  private static final JsonFactory JSON = new JsonFactory();

  private GeminiResponses() {}

  static TranslatedResponse translate(ClientRequest request, byte[] body, InstantSource clock)
      throws ProviderException {
    GeminiAnswer answer = GeminiAnswer.parse(body, 0, body.length);
    if (answer.error() != null) {
      throw new ProviderException("the provider answered with an error: " + answer.error());
    }
    if (answer.candidates().isEmpty() && answer.blockReason() == null) {
      throw new ProviderException("the provider's answer has no candidates");
    }
    String responseKey = responseKey(answer);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("id", "chatcmpl-" + responseKey);
      json.writeStringField("object", "chat.completion");
      json.writeNumberField("created", created(answer, clock));
      json.writeStringField("model", model(answer, request));
      json.writeArrayFieldStart("choices");
      if (answer.candidates().isEmpty()) {
        choice(json, new GeminiAnswer.Candidate(0, "", List.of(), null), responseKey, "content_filter");
      }
      for (GeminiAnswer.Candidate candidate : answer.candidates()) {
        choice(json, candidate, responseKey,
            FinishReasons.of(candidate.finishReason(), !candidate.calls().isEmpty()));
      }
      json.writeEndArray();
      if (answer.usage() != null) {
        answer.usage().writeOpenAi(json);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return new TranslatedResponse(out.toByteArray(),
        answer.usage() == null ? null : answer.usage().tokenUsage());
  }

  private static void choice(JsonGenerator json, GeminiAnswer.Candidate candidate,
      String responseKey, String finishReason) throws IOException {
    json.writeStartObject();
    json.writeNumberField("index", candidate.index());
    json.writeObjectFieldStart("message");
    json.writeStringField("role", "assistant");
    boolean calls = !candidate.calls().isEmpty();
    if (calls && candidate.text().isEmpty()) {
      json.writeNullField("content"); // as OpenAI answers a message that only calls tools
    } else {
      json.writeStringField("content", candidate.text());
    }
    json.writeNullField("refusal");
    if (calls) {
      json.writeArrayFieldStart("tool_calls");
      List<GeminiAnswer.FunctionCall> list = candidate.calls();
      for (int n = 0; n < list.size(); n++) {
        writeToolCall(json, list.get(n), ToolCallIds.of(list.get(n).id(), responseKey,
            candidate.index(), n, list.get(n).thoughtSignature()), -1);
      }
      json.writeEndArray();
    }
    json.writeEndObject();
    json.writeNullField("logprobs");
    json.writeStringField("finish_reason", finishReason == null ? "stop" : finishReason);
    json.writeEndObject();
  }

  /** One OpenAI tool call; {@code index} is written when >= 0 (stream deltas carry one). */
  static void writeToolCall(JsonGenerator json, GeminiAnswer.FunctionCall call, String id, int index)
      throws IOException {
    json.writeStartObject();
    if (index >= 0) {
      json.writeNumberField("index", index);
    }
    json.writeStringField("id", id);
    json.writeStringField("type", "function");
    json.writeObjectFieldStart("function");
    json.writeStringField("name", call.name());
    json.writeStringField("arguments", call.args());
    json.writeEndObject();
    json.writeEndObject();
  }

  /** The answer's {@code responseId}, or a random key when Gemini sent none. */
  static String responseKey(GeminiAnswer answer) {
    String id = answer.responseId();
    return id != null && !id.isEmpty() ? id : UUID.randomUUID().toString().replace("-", "");
  }

  /** Vertex stamps {@code createTime}; the Gemini API does not, so the clock says when. */
  static long created(GeminiAnswer answer, InstantSource clock) {
    if (answer.createTime() != null) {
      try {
        return Instant.parse(answer.createTime()).getEpochSecond();
      } catch (DateTimeParseException e) {
        // fall through to the clock
      }
    }
    return clock.instant().getEpochSecond();
  }

  /** The model version that answered, or the model asked for when Gemini does not say. */
  static String model(GeminiAnswer answer, ClientRequest request) {
    String version = answer.modelVersion();
    return version != null && !version.isEmpty() ? version : request.model();
  }
}
