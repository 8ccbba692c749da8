package dev.sluice.bench;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import dev.sluice.provider.UpstreamRequest;
import dev.sluice.provider.openai.OpenAiProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The request-path work on bodies: parsing the client request, building the upstream request,
 * reading usage from a JSON answer, and relaying an SSE stream (the bench harness's fixtures).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TranslationBenchmarks {
  private final OpenAiProvider openai = new OpenAiProvider("bench", "openai", "", "sk-upstream");
  private ClientRequest request;
  private ClientRequest streamRequest;

  @Setup
  public void setUp() throws Exception {
    request = RequestParser.parse(Endpoint.CHAT, Fixtures.CHAT_REQUEST);
    String stream = new String(Fixtures.CHAT_REQUEST, java.nio.charset.StandardCharsets.UTF_8)
        .replaceFirst("\\{", "{\"stream\":true,");
    streamRequest = RequestParser.parse(Endpoint.CHAT, stream.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Benchmark
  public ClientRequest parseRequest() throws Exception {
    return RequestParser.parse(Endpoint.CHAT, Fixtures.CHAT_REQUEST);
  }

  /** Passthrough: the original bytes go upstream. */
  @Benchmark
  public UpstreamRequest upstreamRequest() {
    return openai.translateRequest(request, request.model());
  }

  /** A stream request: include_usage is injected, one streaming copy of the body. */
  @Benchmark
  public UpstreamRequest upstreamStreamRequest() {
    return openai.translateRequest(streamRequest, streamRequest.model());
  }

  @Benchmark
  public TokenUsage parseUsage() throws Exception {
    return openai.translateResponse(request, Fixtures.CHAT_COMPLETION).usage();
  }

  @Benchmark
  public TokenUsage relayStream() throws Exception {
    StreamTranslator translator = openai.newStreamTranslator(streamRequest);
    translator.feed(Fixtures.CHAT_STREAM);
    translator.finish();
    return translator.usage();
  }
}
