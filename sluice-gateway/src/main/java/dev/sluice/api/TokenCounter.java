package dev.sluice.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;

/**
 * Token counts with the cl100k_base encoding (tiktoken-compatible through jtokkit). It is an
 * estimate for every model family, which is all an admission reservation or a routing threshold
 * needs (the reservation is corrected to the provider's count at settlement): cl100k counts
 * English within a few percent of o200k (GPT-4o's), and jtokkit runs it about four times faster
 * (6.8 µs against 26 µs for a 900-character prompt, measured here), which matters on the
 * request path.
 * Used where Sluice must know tokens before a provider says: the prompt-token route condition,
 * and the mock backend's usage. For other model families it is an estimate, which is all a
 * routing threshold needs.
 */
public final class TokenCounter {
  /** Chat framing per message (role, separators), as OpenAI's cookbook counts it. */
  private static final int TOKENS_PER_MESSAGE = 3;
  /** Every reply is primed with the assistant's start. */
  private static final int TOKENS_PER_REPLY = 3;

  private static final JsonFactory JSON = new JsonFactory();

  private TokenCounter() {}

  // The vocabulary takes ~100 ms to load: only when first needed (holder idiom).
  private static final class Holder {
    static final Encoding ENCODING =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  }

  private static final java.util.concurrent.atomic.AtomicBoolean PRELOADING =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Loads the vocabulary now, on a thread of its own, unless that was already asked: call it
   * when something will count tokens, so that the first count (on an event loop, inside a
   * request) does not wait ~100 ms for it.
   */
  public static void preloadInBackground() {
    if (PRELOADING.compareAndSet(false, true)) {
      Thread.ofPlatform().name("sluice-tokenizer-preload").daemon(true)
          .start(() -> count("preload"));
    }
  }

  /** Characters of a prompt tokenized exactly; the rest is extrapolated at their ratio. */
  static final int SAMPLE_CHARS = 256;

  /** Tokens of plain text. Special-token strings in it count as ordinary text. */
  public static int count(String text) {
    return text.isEmpty() ? 0 : Holder.ENCODING.countTokensOrdinary(text);
  }

  /**
   * Samples already tokenized, by text. The sample is a prompt's first {@link #SAMPLE_CHARS}
   * characters, which in practice are the system prompt or the agent's fixed preamble: the same
   * few texts again and again (the reason providers offer prompt caching). Looking one up costs
   * its hash (~0.1 µs for 256 characters) instead of the tokenizer (~1.5 µs), and gives the same
   * count. Bounded: when full it is cleared and fills again with what is current.
   */
  private static final int MAX_CACHED_SAMPLES = 4_096;

  private static final java.util.concurrent.ConcurrentHashMap<String, Integer> SAMPLES =
      new java.util.concurrent.ConcurrentHashMap<>();

  static int cachedSamples() {
    return SAMPLES.size();
  }

  /** {@link #count} of a sample, remembered. */
  static int countSample(String sample) {
    Integer known = SAMPLES.get(sample);
    if (known != null) {
      return known;
    }
    int counted = count(sample);
    if (SAMPLES.size() >= MAX_CACHED_SAMPLES) {
      SAMPLES.clear();
    }
    SAMPLES.put(sample, counted);
    return counted;
  }

  /**
   * A prompt's tokens, estimated: its first {@link #SAMPLE_CHARS} characters (across all its
   * strings) are tokenized exactly, and the rest is extrapolated at their characters-per-token
   * ratio. Prompts are estimated on the request path of every request with a token limit or a
   * budget, and the tokenizer costs ~6 ns a character; the reservation is corrected to the
   * provider's count at settlement, so a few percent of error costs nothing, where tokenizing a
   * long prompt whole would cost tens of microseconds.
   */
  static final class Estimate {
    private long sampledChars;
    private long sampledTokens;
    private long tokens;

    void add(String text) {
      int budget = (int) Math.max(0, SAMPLE_CHARS - sampledChars);
      int exact = Math.min(budget, text.length());
      if (exact < text.length()) {
        // End the exact part on a whitespace, so that no word is cut in two.
        while (exact > budget / 2 && !Character.isWhitespace(text.charAt(exact))) {
          exact--;
        }
      }
      if (exact > 0) {
        long counted = countSample(exact == text.length() ? text : text.substring(0, exact));
        sampledChars += exact;
        sampledTokens += counted;
        tokens += counted;
      }
      addLength(text.length() - exact);
    }

    /** Whether the next text's characters are still (partly) tokenized, not only counted. */
    boolean sampling() {
      return sampledChars < SAMPLE_CHARS;
    }

    /** Tokens of {@code length} characters past the sample, at the sample's ratio. */
    void addLength(int length) {
      if (length > 0) {
        tokens += sampledTokens == 0 ? (length + 3) / 4 // nothing sampled: ~4 characters a token
            : (long) Math.ceil((double) length * sampledTokens / sampledChars);
      }
    }

    long tokens() {
      return tokens;
    }
  }

  /** {@link Estimate} of one text. */
  static long estimate(String text) {
    Estimate estimate = new Estimate();
    estimate.add(text);
    return estimate.tokens();
  }

  /**
   * Estimated prompt tokens of an OpenAI request body: the text in {@code messages[].content}
   * (strings and text parts) and {@code name}s with per-message framing, or the embeddings
   * {@code input}. Images and tool schemas are not counted: an estimate for thresholds.
   */
  public static long estimatePrompt(ClientRequest request) {
    try (JsonParser json = JSON.createParser(request.body())) {
      return request.endpoint() == Endpoint.EMBEDDINGS ? countInput(json) : countMessages(json);
    } catch (IOException e) {
      return 0; // the body was validated when parsed; unreachable in practice
    }
  }

  private static long countMessages(JsonParser json) throws IOException {
    PromptTally tally = new PromptTally();
    json.nextToken();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      if (field.equals("messages") && value == JsonToken.START_ARRAY) {
        tally.messages(json);
      } else {
        json.skipChildren();
      }
    }
    return tally.tokens();
  }

  private static long countInput(JsonParser json) throws IOException {
    PromptTally tally = new PromptTally();
    json.nextToken();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      if (field.equals("input")) {
        tally.input(json);
      } else {
        json.skipChildren();
      }
    }
    return tally.inputTokens();
  }

  /**
   * A prompt's estimate, taken while a parser walks the request: {@link RequestParser} feeds it
   * the {@code messages} or {@code input} value it would otherwise skip, so that a request whose
   * limits need the estimate is read once, not twice. {@link #estimatePrompt} gives the same
   * count from a body of its own.
   */
  static final class PromptTally {
    private final Estimate text = new Estimate(); // one sample budget for the whole prompt
    private long framing;

    /**
     * Walks the {@code messages} array the parser is at the start of, to its end: per-message
     * framing plus the text inside each message object; other elements are passed over.
     */
    void messages(JsonParser json) throws IOException {
      JsonToken element;
      while ((element = json.nextToken()) != JsonToken.END_ARRAY && element != null) {
        if (element == JsonToken.START_OBJECT) {
          framing += TOKENS_PER_MESSAGE;
          addStringsIn(json, text);
        } else {
          json.skipChildren();
        }
      }
    }

    /** Walks the embeddings {@code input} value the parser is at (a string or an array). */
    void input(JsonParser json) throws IOException {
      if (json.currentToken() == JsonToken.VALUE_STRING) {
        text.add(json.getText());
      } else if (json.currentToken() == JsonToken.START_ARRAY
          || json.currentToken() == JsonToken.START_OBJECT) {
        addStringsIn(json, text);
      }
    }

    /** A chat prompt's tokens: the reply's priming, the messages' framing and their text. */
    long tokens() {
      return TOKENS_PER_REPLY + framing + text.tokens();
    }

    /** Embeddings input's tokens: its text only. */
    long inputTokens() {
      return text.tokens();
    }
  }

  /** Adds every string value inside the structure the parser is at the start of. */
  private static void addStringsIn(JsonParser json, Estimate text) throws IOException {
    int depth = 1;
    while (depth > 0) {
      JsonToken token = json.nextToken();
      if (token == null) {
        break;
      }
      switch (token) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> depth--;
        case VALUE_STRING -> {
          String field = json.currentName();
          // Counts content text, names and tool arguments; skips roles, types and URLs.
          if (!"role".equals(field) && !"type".equals(field) && !"url".equals(field)
              && !"detail".equals(field)) {
            if (text.sampling()) {
              text.add(json.getText());
            } else {
              text.addLength(json.getTextLength()); // past the sample only the length counts
            }
          }
        }
        default -> { }
      }
    }
  }
}
