package dev.sluice.provider.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.api.ClientRequest;
import dev.sluice.provider.Bytes;
import dev.sluice.provider.ProviderException;
import dev.sluice.sse.SseSplitter;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code streamGenerateContent?alt=sse} to OpenAI {@code chat.completion.chunk}s. Each Gemini
 * event is a partial {@code GenerateContentResponse}; per candidate this writes a role chunk
 * first, then content and tool-call deltas (Gemini sends each function call whole, so one
 * delta carries its name and arguments), then a finish chunk when the candidate's
 * {@code finishReason} arrives. Gemini has no end marker: the body just ends, so {@link #finish()}
 * checks that every candidate finished, then writes the usage chunk (when the client asked) and
 * {@code [DONE]}. Gemini API events repeat the running {@code usageMetadata}; Vertex sends it on
 * the last one: the latest wins either way. Only the event in progress is held.
 */
final class GeminiStreamTranslator implements StreamTranslator {
  /** Far above any real event (a whole function call is one event); bounds what we hold. */
  private static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;
  private static final byte[] DONE = Bytes.ascii("data: [DONE]\n\n");
  private static final byte[] DATA = Bytes.ascii("data: ");
  private static final byte[] EVENT_END = Bytes.ascii("\n\n");
  private static final JsonFactory JSON = new JsonFactory();

  private final ClientRequest request;
  private final InstantSource clock;
  private final SseSplitter<ProviderException> splitter =
      new SseSplitter<>(MAX_EVENT_BYTES, ProviderException::new);
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
  private final Map<Integer, CandidateState> candidates = new HashMap<>(2);
  private String id; // set by the first event, with created and model
  private String responseKey;
  private long created;
  private String model;
  private GeminiUsage usage;

  /** What was already sent of one candidate. */
  private static final class CandidateState {
    int toolCalls;
    boolean finished;
  }

  GeminiStreamTranslator(ClientRequest request, InstantSource clock) {
    this.request = request;
    this.clock = clock;
  }

  @Override
  public byte[] feed(byte[] chunk) throws ProviderException {
    out.reset();
    splitter.feed(chunk, this::onEvent);
    return out.size() == 0 ? NOTHING : out.toByteArray();
  }

  private void onEvent(byte[] buffer, int from, int to) throws ProviderException {
    String data = SseSplitter.data(buffer, from, to);
    if (data == null || data.isBlank()) {
      return; // a comment or keep-alive
    }
    GeminiAnswer event = GeminiAnswer.parse(data);
    if (event.error() != null) {
      throw new ProviderException("the provider's stream ended with an error: " + event.error());
    }
    if (event.usage() != null) {
      usage = event.usage();
    }
    if (id == null) {
      responseKey = GeminiResponses.responseKey(event);
      id = "chatcmpl-" + responseKey;
      created = GeminiResponses.created(event, clock);
      model = GeminiResponses.model(event, request);
    }
    if (event.candidates().isEmpty() && event.blockReason() != null) {
      CandidateState state = start(0);
      if (!state.finished) {
        state.finished = true;
        chunk(0, null, null, -1, "content_filter");
      }
    }
    for (GeminiAnswer.Candidate candidate : event.candidates()) {
      CandidateState state = start(candidate.index());
      if (!candidate.text().isEmpty()) {
        chunk(candidate.index(), candidate.text(), null, -1, null);
      }
      for (GeminiAnswer.FunctionCall call : candidate.calls()) {
        int n = state.toolCalls++;
        chunk(candidate.index(), null, call, n, null);
      }
      if (candidate.finishReason() != null && !state.finished) {
        state.finished = true;
        chunk(candidate.index(), null, null, -1,
            FinishReasons.of(candidate.finishReason(), state.toolCalls > 0));
      }
    }
  }

  /** The candidate's state; its role chunk is written the first time it appears. */
  private CandidateState start(int index) {
    CandidateState state = candidates.get(index);
    if (state == null) {
      state = new CandidateState();
      candidates.put(index, state);
      writeEvent(json -> {
        json.writeObjectFieldStart("delta");
        json.writeStringField("role", "assistant");
        json.writeStringField("content", "");
        json.writeEndObject();
      }, index, null);
    }
    return state;
  }

  /** One chunk with a content delta, a tool-call delta (call {@code n}), or a finish reason. */
  private void chunk(int index, String content, GeminiAnswer.FunctionCall call, int n, String finish) {
    writeEvent(json -> {
      json.writeObjectFieldStart("delta");
      if (content != null) {
        json.writeStringField("content", content);
      }
      if (call != null) {
        json.writeArrayFieldStart("tool_calls");
        GeminiResponses.writeToolCall(json, call,
            ToolCallIds.of(call.id(), responseKey, index, n, call.thoughtSignature()), n);
        json.writeEndArray();
      }
      json.writeEndObject();
    }, index, finish);
  }

  @FunctionalInterface
  private interface Delta {
    void write(JsonGenerator json) throws IOException;
  }

  private void writeEvent(Delta delta, int index, String finish) {
    writeChunk(json -> {
      json.writeArrayFieldStart("choices");
      json.writeStartObject();
      json.writeNumberField("index", index);
      delta.write(json);
      json.writeNullField("logprobs");
      if (finish == null) {
        json.writeNullField("finish_reason");
      } else {
        json.writeStringField("finish_reason", finish);
      }
      json.writeEndObject();
      json.writeEndArray();
    });
  }

  private void writeChunk(Delta body) {
    out.writeBytes(DATA);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("id", id);
      json.writeStringField("object", "chat.completion.chunk");
      json.writeNumberField("created", created);
      json.writeStringField("model", model);
      body.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    out.writeBytes(EVENT_END);
  }

  @Override
  public byte[] finish() throws ProviderException {
    if (candidates.isEmpty() || candidates.values().stream().anyMatch(c -> !c.finished)) {
      throw new ProviderException("the provider's stream ended before its finishReason");
    }
    out.reset();
    if (request.includeUsage()) {
      // The client asked for the usage chunk; OpenAI always sends one, so it is sent with
      // zeros on the (never seen) stream whose usageMetadata never came.
      GeminiUsage reported = usage == null ? new GeminiUsage(0, 0, 0, 0, 0) : usage;
      writeChunk(json -> {
        json.writeArrayFieldStart("choices");
        json.writeEndArray();
        reported.writeOpenAi(json);
      });
    }
    out.writeBytes(DONE);
    return out.toByteArray();
  }

  @Override
  public TokenUsage usage() {
    return usage == null ? null : usage.tokenUsage();
  }
}
