package dev.sluice.bench;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.provider.Provider;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import dev.sluice.provider.UpstreamRequest;
import dev.sluice.provider.anthropic.AnthropicProvider;
import dev.sluice.provider.azure.AzureOpenAiProvider;
import dev.sluice.provider.bedrock.BedrockProvider;
import dev.sluice.provider.gemini.GeminiProvider;
import dev.sluice.provider.openai.OpenAiProvider;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each provider's translation on a 1 KB and a 100 KB chat request (request translation with
 * signing where the provider signs), its answer, and its stream decoder on a recorded stream
 * (the golden fixtures of the provider's tests).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ProviderBenchmarks {
  @Param({"openai", "azure", "anthropic", "bedrock", "gemini"})
  public String provider;

  /** 1 KB to 1 MB: how translation grows with the prompt (issue 8: linearly, in µs per KB). */
  @Param({"1024", "102400", "1048576"})
  public int requestBytes;

  private Provider translator;
  private ClientRequest request;
  private ClientRequest streamRequest;
  private byte[] answer;
  private byte[] stream;

  @Setup
  public void setUp() throws Exception {
    translator = switch (provider) {
      case "openai" -> new OpenAiProvider("b", "openai", "", "sk-upstream");
      case "anthropic" -> new AnthropicProvider("b", "", "sk-ant");
      case "bedrock" -> new BedrockProvider("b", "https://bedrock-runtime.us-east-1.amazonaws.com",
          "us-east-1", "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
      case "azure" -> new AzureOpenAiProvider("b", "", "azure-key", "2024-10-21", Map.of());
      case "gemini" -> new GeminiProvider("b", "", "gemini-key");
      default -> throw new IllegalArgumentException(provider);
    };
    String model = provider.equals("bedrock") ? "anthropic.claude-3-5-sonnet-20240620-v1:0"
        : provider.equals("anthropic") ? "claude-sonnet-4-5"
        : provider.equals("gemini") ? "gemini-2.5-flash" : "gpt-4o-mini";
    request = parse(chat(model, requestBytes, false));
    streamRequest = parse(chat(model, requestBytes, true));
    answer = switch (provider) {
      case "anthropic" -> Fixtures.resource("anthropic-message.json");
      case "bedrock" -> Fixtures.resource("bedrock-converse.json");
      case "gemini" -> Fixtures.resource("gemini-answer.json");
      default -> Fixtures.CHAT_COMPLETION;
    };
    stream = switch (provider) {
      case "anthropic" -> Fixtures.resource("anthropic-stream.sse");
      case "bedrock" -> Fixtures.resource("bedrock-stream.eventstream");
      case "gemini" -> Fixtures.resource("gemini-stream.sse");
      default -> Fixtures.CHAT_STREAM;
    };
  }

  /** A chat request of about {@code bytes}: a system prompt and a long user message. */
  static String chat(String model, int bytes, boolean stream) {
    String filler = "The quick brown fox jumps over the lazy dog. ";
    String text = filler.repeat(Math.max(1, (bytes - 200) / filler.length()));
    return "{\"model\":\"" + model + "\",\"max_tokens\":256,\"temperature\":0.2," + (stream ? "\"stream\":true," : "")
        + "\"messages\":[{\"role\":\"system\",\"content\":\"You are concise.\"},"
        + "{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
  }

  private static ClientRequest parse(String body) throws Exception {
    return RequestParser.parse(Endpoint.CHAT, body.getBytes(StandardCharsets.UTF_8));
  }

  @Benchmark
  public UpstreamRequest translateRequest() throws Exception {
    return translator.translateRequest(request, request.model());
  }

  @Benchmark
  public UpstreamRequest translateStreamRequest() throws Exception {
    return translator.translateRequest(streamRequest, streamRequest.model());
  }

  @Benchmark
  public TokenUsage translateResponse() throws Exception {
    return translator.translateResponse(request, answer).usage();
  }

  @Benchmark
  public TokenUsage decodeStream() throws Exception {
    StreamTranslator decoder = translator.newStreamTranslator(streamRequest);
    decoder.feed(stream);
    decoder.finish();
    return decoder.usage();
  }
}
