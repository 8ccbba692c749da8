package dev.sluice.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Golden-file translation cases: one directory per case under
 * {@code src/test/resources/golden/<provider>/<case>/}, holding
 *
 * <ul>
 *   <li>{@code client-request.json}: what an OpenAI client sends (chat, or embeddings when it
 *       has {@code input});
 *   <li>{@code upstream-request.json}: {@code {method, path, headers, body}} Sluice must send;
 *       only the headers listed are compared (signatures and dates may be left out);
 *   <li>one of {@code upstream-response.json}, {@code upstream-response.sse},
 *       {@code upstream-response.eventstream}: the provider's answer;
 *   <li>{@code client-response.json} or {@code client-response.sse}: what the client must get
 *       (JSON compared as trees; SSE event by event, data as trees);
 *   <li>{@code usage.json}: the token usage Sluice must record
 *       ({@code input_tokens, output_tokens, cached_input_tokens, cache_creation_tokens,
 *       reasoning_tokens}; absent fields are 0);
 *   <li>optionally {@code upstream-error.json} ({@code {status, body}}) with
 *       {@code client-error.json} ({@code {status, type, code, message, param}}) for error
 *       translation;
 *   <li>{@code README.md}: what the case covers and the provider documentation it follows.
 * </ul>
 *
 * Streams are also fed split at every byte position (or every 7th, for long ones) and must
 * give byte-identical output and the same usage: decoders may not depend on how the network
 * cut the stream.
 */
public final class GoldenCases {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("src/test/resources/golden");

  private GoldenCases() {}

  /** The case directories of one provider, sorted; fails when there are none. */
  public static List<Path> of(String provider) {
    try (Stream<Path> dirs = Files.list(ROOT.resolve(provider))) {
      List<Path> cases = dirs.filter(Files::isDirectory).sorted().toList();
      assertThat(cases).as("golden cases for %s", provider).isNotEmpty();
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs every file of the case that exists against the provider. */
  public static void check(Path dir, Provider provider) throws Exception {
    assertThat(dir.resolve("README.md")).as("%s/README.md", dir.getFileName()).exists();
    ClientRequest request = clientRequest(dir);
    if (Files.exists(dir.resolve("upstream-request.json"))) {
      checkRequest(dir, provider.translateRequest(request, request.model()));
    }
    TokenUsage usage = null;
    if (Files.exists(dir.resolve("upstream-response.json"))) {
      TranslatedResponse answer = provider.translateResponse(request, bytes(dir, "upstream-response.json"));
      assertThat(JSON.readTree(answer.body())).as("client-response.json")
          .isEqualTo(JSON.readTree(bytes(dir, "client-response.json")));
      usage = answer.usage();
    }
    for (String name : List.of("upstream-response.sse", "upstream-response.eventstream")) {
      if (Files.exists(dir.resolve(name))) {
        usage = checkStream(dir, provider, request, bytes(dir, name));
      }
    }
    if (Files.exists(dir.resolve("usage.json"))) {
      assertThat(usage).as("usage").isEqualTo(usage(JSON.readTree(bytes(dir, "usage.json"))));
    }
    if (Files.exists(dir.resolve("upstream-error.json"))) {
      JsonNode error = JSON.readTree(bytes(dir, "upstream-error.json"));
      UpstreamError translated = provider.translateError(error.path("status").asInt(),
          JSON.writeValueAsBytes(error.path("body")));
      JsonNode actual = JSON.valueToTree(translated);
      assertThat(actual).as("client-error.json")
          .isEqualTo(JSON.readTree(bytes(dir, "client-error.json")));
    }
  }

  static ClientRequest clientRequest(Path dir) throws Exception {
    byte[] body = bytes(dir, "client-request.json");
    Endpoint endpoint = JSON.readTree(body).has("input") ? Endpoint.EMBEDDINGS : Endpoint.CHAT;
    return RequestParser.parse(endpoint, body);
  }

  private static void checkRequest(Path dir, UpstreamRequest actual) throws IOException {
    JsonNode expected = JSON.readTree(bytes(dir, "upstream-request.json"));
    assertThat(actual.method()).as("method").isEqualTo(expected.path("method").asText("POST"));
    assertThat(actual.path()).as("path").isEqualTo(expected.path("path").asText());
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.path("headers").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      assertThat(actual.headers().stream()
              .filter(h -> h.name().equalsIgnoreCase(header.getKey()))
              .map(UpstreamRequest.Header::value).toList())
          .as("header %s", header.getKey()).containsExactly(header.getValue().asText());
    }
    assertThat(JSON.readTree(actual.body())).as("upstream-request.json body")
        .isEqualTo(expected.path("body"));
  }

  private static TokenUsage checkStream(Path dir, Provider provider, ClientRequest request, byte[] upstream)
      throws Exception {
    StreamTranslator whole = provider.newStreamTranslator(request);
    byte[] output = feed(whole, upstream, new int[0]);
    assertThat(events(output)).as("client-response.sse")
        .isEqualTo(events(bytes(dir, "client-response.sse")));
    int step = upstream.length <= 4096 ? 1 : 7;
    for (int split = 1; split < upstream.length; split += step) {
      StreamTranslator cut = provider.newStreamTranslator(request);
      assertThat(feed(cut, upstream, new int[] {split})).as("output when split at byte %d", split)
          .isEqualTo(output);
      assertThat(cut.usage()).as("usage when split at byte %d", split).isEqualTo(whole.usage());
    }
    return whole.usage();
  }

  private static byte[] feed(StreamTranslator translator, byte[] bytes, int[] splits)
      throws ProviderException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    for (int split : splits) {
      out.writeBytes(translator.feed(Arrays.copyOfRange(bytes, from, split)));
      from = split;
    }
    out.writeBytes(translator.feed(Arrays.copyOfRange(bytes, from, bytes.length)));
    out.writeBytes(translator.finish());
    return out.toByteArray();
  }

  /** SSE events as (event name, data) with JSON data parsed, for tree comparison. */
  static List<List<Object>> events(byte[] sse) throws IOException {
    List<List<Object>> events = new ArrayList<>();
    for (String block : new String(sse, StandardCharsets.UTF_8).replace("\r\n", "\n").split("\n\n")) {
      String event = null;
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
        }
      }
      if (event == null && data.isEmpty()) {
        continue;
      }
      Object payload;
      try {
        payload = JSON.readTree(data.toString());
      } catch (IOException notJson) {
        payload = data.toString();
      }
      events.add(Arrays.asList(event, payload));
    }
    return events;
  }

  static TokenUsage usage(JsonNode json) {
    return new TokenUsage(json.path("input_tokens").asLong(), json.path("output_tokens").asLong(),
        json.path("cached_input_tokens").asLong(), json.path("cache_creation_tokens").asLong(),
        json.path("reasoning_tokens").asLong());
  }

  static byte[] bytes(Path dir, String name) throws IOException {
    return Files.readAllBytes(dir.resolve(name));
  }
}
