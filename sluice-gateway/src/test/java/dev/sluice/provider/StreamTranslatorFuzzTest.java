package dev.sluice.provider;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.api.anthropic.AnthropicRequests;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ConfigResult;
import dev.sluice.upstream.Providers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Every provider's stream translator reads untrusted bytes: whatever a provider streams, in
 * whatever pieces, translation yields client events or a {@link ProviderException} (the stream
 * is broken: failed over, or ended with an error event), never another exception.
 */
class StreamTranslatorFuzzTest {
  private static final List<Provider> PROVIDERS;
  private static final List<ClientRequest> REQUESTS;

  static {
    ConfigResult config = ConfigLoader.parse("""
        backends:
          - { name: openai, type: openai, url: "http://127.0.0.1:1", apiKey: k }
          - { name: anthropic, type: anthropic, url: "http://127.0.0.1:1", apiKey: k }
          - { name: bedrock, type: bedrock, region: us-east-1, url: "http://127.0.0.1:1",
              aws: { accessKeyId: AKIDEXAMPLE, secretAccessKey: secret } }
          - { name: gemini, type: gemini, url: "http://127.0.0.1:1", apiKey: k }
        routes: [ { name: all, targets: [ { backend: openai } ] } ]
        """, Map.of());
    if (!config.isValid()) {
      throw new IllegalStateException(config.problems().toString());
    }
    PROVIDERS = List.copyOf(Providers.of(config.config().backends()).values());
    try {
      REQUESTS = List.of(
          RequestParser.parse(Endpoint.CHAT, bytes("{\"model\":\"m\",\"stream\":true,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")),
          RequestParser.parse(Endpoint.CHAT, bytes("{\"model\":\"m\",\"stream\":true,"
              + "\"stream_options\":{\"include_usage\":true},"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")),
          anthropicShaped("{\"model\":\"m\",\"stream\":true,\"max_tokens\":5,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A {@code /v1/messages} request, as the pipeline makes it. */
  private static ClientRequest anthropicShaped(String body) throws Exception {
    return RequestParser.parse(Endpoint.CHAT, AnthropicRequests.toOpenAi(bytes(body))).fromAnthropic(bytes(body));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @FuzzTest(maxDuration = "10s")
  void anyStreamTranslatesOrBreaksCleanly(FuzzedDataProvider data) {
    Provider provider = PROVIDERS.get(data.consumeInt(0, PROVIDERS.size() - 1));
    ClientRequest request = REQUESTS.get(data.consumeInt(0, REQUESTS.size() - 1));
    StreamTranslator translator = provider.newStreamTranslator(request);
    try {
      while (data.remainingBytes() > 0) {
        translator.feed(data.consumeBytes(data.consumeInt(1, 512)));
      }
      translator.finish();
      translator.usage();
    } catch (ProviderException broken) {
      // a broken stream, reported as such
    }
  }
}
