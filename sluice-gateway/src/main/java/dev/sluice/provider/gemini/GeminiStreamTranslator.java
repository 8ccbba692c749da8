package dev.sluice.provider.gemini;

import dev.sluice.api.ClientRequest;
import dev.sluice.provider.OpenAiChunkWriter;
import dev.sluice.provider.ProviderException;
import dev.sluice.sse.SseSplitter;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
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
  private static final OpenAiChunkWriter.Body NO_DELTA = json -> { };

  private final ClientRequest request;
  private final InstantSource clock;
  private final SseSplitter<ProviderException> splitter =
      new SseSplitter<>(MAX_EVENT_BYTES, ProviderException::new);
  private final Map<Integer, CandidateState> candidates = new HashMap<>(2);
  private OpenAiChunkWriter chunks; // from the first event, which names the id, time and model
  private String responseKey;
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
    splitter.feed(chunk, this::onEvent);
    return chunks == null ? NOTHING : chunks.take();
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
    if (chunks == null) {
      responseKey = GeminiResponses.responseKey(event);
      chunks = new OpenAiChunkWriter("chatcmpl-" + responseKey,
          GeminiResponses.created(event, clock), GeminiResponses.model(event, request));
    }
    if (event.candidates().isEmpty() && event.blockReason() != null) {
      CandidateState state = start(0);
      if (!state.finished) {
        state.finished = true;
        chunks.delta(0, NO_DELTA, "content_filter");
      }
    }
    for (GeminiAnswer.Candidate candidate : event.candidates()) {
      int index = candidate.index();
      CandidateState state = start(index);
      if (!candidate.text().isEmpty()) {
        chunks.delta(index, json -> json.writeStringField("content", candidate.text()), null);
      }
      for (GeminiAnswer.FunctionCall call : candidate.calls()) {
        int n = state.toolCalls++;
        chunks.delta(index, json -> {
          json.writeArrayFieldStart("tool_calls");
          GeminiResponses.writeToolCall(json, call,
              ToolCallIds.of(call.id(), responseKey, index, n, call.thoughtSignature()), n);
          json.writeEndArray();
        }, null);
      }
      if (candidate.finishReason() != null && !state.finished) {
        state.finished = true;
        chunks.delta(index, NO_DELTA, FinishReasons.of(candidate.finishReason(), state.toolCalls > 0));
      }
    }
  }

  /** The candidate's state; its role chunk is written the first time it appears. */
  private CandidateState start(int index) {
    CandidateState state = candidates.get(index);
    if (state == null) {
      state = new CandidateState();
      candidates.put(index, state);
      chunks.role(index);
    }
    return state;
  }

  @Override
  public byte[] finish() throws ProviderException {
    if (candidates.isEmpty() || candidates.values().stream().anyMatch(c -> !c.finished)) {
      throw new ProviderException("the provider's stream ended before its finishReason");
    }
    if (request.includeUsage()) {
      // The client asked for the usage chunk; OpenAI always sends one, so it is sent with
      // zeros on the (never seen) stream whose usageMetadata never came.
      GeminiUsage reported = usage == null ? new GeminiUsage(0, 0, 0, 0, 0) : usage;
      chunks.usage(reported::writeOpenAi);
    }
    chunks.done();
    return chunks.take();
  }

  @Override
  public TokenUsage usage() {
    return usage == null ? null : usage.tokenUsage();
  }
}
