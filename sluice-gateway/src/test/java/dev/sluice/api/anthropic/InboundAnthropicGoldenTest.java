package dev.sluice.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases for Anthropic-shaped clients, one directory per case under
 * {@code src/test/resources/golden/inbound-anthropic/<case>/}:
 *
 * <ul>
 *   <li>{@code client-request.json}: what an Anthropic client sends to {@code /v1/messages};
 *   <li>either {@code openai-request.json}, the OpenAI request it must become, or
 *       {@code client-error.json} ({@code {status, code, param, body}}), the 400 it must get;
 *   <li>{@code openai-response.json} with {@code client-response.json}: a chat completion and the
 *       Anthropic message it must become;
 *   <li>{@code openai-response.sse} with {@code client-response.sse}: a chunk stream and the
 *       Anthropic events it must become, fed whole, split at every byte and byte by byte, with
 *       byte-identical output every time;
 *   <li>{@code README.md}: what the case covers and the documentation it follows.
 * </ul>
 *
 * An accepted request must also read back, through {@link RequestParser}, as the same model,
 * stream flag and output limit, with usage asked for exactly when streaming.
 *
 * <p>JSON is compared as trees, SSE event by event (name, and data as a tree). A file the runner
 * does not know fails the case, so a misspelt name cannot silently skip a check.
 */
class InboundAnthropicGoldenTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path ROOT = Path.of("src/test/resources/golden/inbound-anthropic");
  private static final Set<String> KNOWN = Set.of("README.md", "client-request.json",
      "openai-request.json", "client-error.json", "openai-response.json", "client-response.json",
      "openai-response.sse", "client-response.sse");

  static List<Path> cases() {
    try (Stream<Path> dirs = Files.list(ROOT)) {
      List<Path> cases = dirs.filter(Files::isDirectory).sorted().toList();
      assertThat(cases).as("golden cases").isNotEmpty();
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesAsTheGoldenFilesSay(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("files of %s", dir.getFileName())
          .allMatch(KNOWN::contains).contains("README.md", "client-request.json");
    }
    assertThat(Files.exists(dir.resolve("openai-request.json")))
        .as("exactly one of openai-request.json and client-error.json")
        .isNotEqualTo(Files.exists(dir.resolve("client-error.json")));
    byte[] request = bytes(dir, "client-request.json");
    if (Files.exists(dir.resolve("openai-request.json"))) {
      byte[] translated = AnthropicRequests.toOpenAi(request);
      assertThat(JSON.readTree(translated)).as("openai-request.json")
          .isEqualTo(JSON.readTree(bytes(dir, "openai-request.json")));
      assertThat(AnthropicRequests.toOpenAi(request)).as("a second translation").isEqualTo(translated);
      // What the pipeline then reads from it, with the parser every OpenAI request goes through.
      ClientRequest parsed = RequestParser.parse(Endpoint.CHAT, translated);
      JsonNode client = JSON.readTree(request);
      assertThat(parsed.model()).as("model").isEqualTo(client.path("model").asText());
      assertThat(parsed.stream()).as("stream").isEqualTo(client.path("stream").asBoolean(false));
      assertThat(parsed.includeUsage()).as("include_usage").isEqualTo(parsed.stream());
      assertThat(parsed.maxOutputTokens()).as("max tokens").isEqualTo(client.path("max_tokens").asLong());
    } else {
      checkRejection(dir, request);
    }
    assertThat(Files.exists(dir.resolve("openai-response.json")))
        .as("openai-response.json and client-response.json come together")
        .isEqualTo(Files.exists(dir.resolve("client-response.json")));
    if (Files.exists(dir.resolve("openai-response.json"))) {
      byte[] message = AnthropicResponses.fromOpenAi(bytes(dir, "openai-response.json"));
      assertThat(JSON.readTree(message)).as("client-response.json")
          .isEqualTo(JSON.readTree(bytes(dir, "client-response.json")));
    }
    assertThat(Files.exists(dir.resolve("openai-response.sse")))
        .as("openai-response.sse and client-response.sse come together")
        .isEqualTo(Files.exists(dir.resolve("client-response.sse")));
    if (Files.exists(dir.resolve("openai-response.sse"))) {
      checkStream(dir, bytes(dir, "openai-response.sse"));
    }
  }

  private static void checkRejection(Path dir, byte[] request) throws IOException {
    JsonNode expected = JSON.readTree(bytes(dir, "client-error.json"));
    AnthropicRequestException rejected = catchThrowableOfType(AnthropicRequestException.class,
        () -> AnthropicRequests.toOpenAi(request));
    assertThat(rejected).as("a rejection").isNotNull();
    assertThat(rejected.error().status()).as("status").isEqualTo(expected.path("status").asInt());
    assertThat(rejected.error().code()).as("code").isEqualTo(expected.path("code").asText());
    assertThat(rejected.error().param()).as("param").isEqualTo(expected.path("param").asText());
    assertThat(JSON.readTree(AnthropicErrors.body(rejected.error()))).as("body")
        .isEqualTo(expected.path("body"));
  }

  private static void checkStream(Path dir, byte[] upstream) throws Exception {
    byte[] whole = feed(upstream, new int[0]);
    assertThat(events(whole)).as("client-response.sse").isEqualTo(events(bytes(dir, "client-response.sse")));
    for (int split = 1; split < upstream.length; split++) {
      assertThat(feed(upstream, new int[] {split})).as("output when split at byte %d", split).isEqualTo(whole);
    }
    int[] everyByte = new int[upstream.length - 1];
    Arrays.setAll(everyByte, i -> i + 1);
    assertThat(feed(upstream, everyByte)).as("output when fed byte by byte").isEqualTo(whole);
  }

  static byte[] feed(byte[] bytes, int[] splits) throws AnthropicTranslationException {
    AnthropicStreamWriter writer = new AnthropicStreamWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    for (int split : splits) {
      out.writeBytes(writer.feed(Arrays.copyOfRange(bytes, from, split)));
      from = split;
    }
    out.writeBytes(writer.feed(Arrays.copyOfRange(bytes, from, bytes.length)));
    out.writeBytes(writer.finish());
    return out.toByteArray();
  }

  /** SSE events as (event name, data) with the data parsed, for tree comparison. */
  static List<List<Object>> events(byte[] sse) throws IOException {
    List<List<Object>> events = new ArrayList<>();
    for (String block : new String(sse, StandardCharsets.UTF_8).split("\n\n")) {
      String name = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          assertThat(data).as("one data line per event").isNull();
          data = line.substring(6);
        }
      }
      if (name != null || data != null) {
        JsonNode payload = JSON.readTree(data);
        assertThat(payload.path("type").asText()).as("the data's type repeats the event name").isEqualTo(name);
        events.add(Arrays.asList(name, payload));
      }
    }
    return events;
  }

  static byte[] bytes(Path dir, String name) throws IOException {
    return Files.readAllBytes(dir.resolve(name));
  }
}
