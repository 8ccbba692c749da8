package dev.sluice.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.provider.UnsupportedFieldException;
import dev.sluice.provider.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicRequestTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  final AnthropicProvider provider = new AnthropicProvider("claude", "/proxy/", "sk-ant-secret");

  static ClientRequest chat(String fields) throws RequestParser.InvalidRequestException {
    String body = "{\"model\":\"claude-sonnet-4-5\"," + fields + "}";
    return RequestParser.parse(Endpoint.CHAT, body.getBytes(StandardCharsets.UTF_8));
  }

  JsonNode sent(String fields) throws Exception {
    return JSON.readTree(provider.translateRequest(chat(fields), "claude-sonnet-4-5-20250929").body());
  }

  @Test
  void sendsTheBackendsKeyAndApiVersionToTheMessagesPathBelowTheBaseUrl() throws Exception {
    UpstreamRequest upstream = provider.translateRequest(chat(HELLO), "claude-sonnet-4-5");

    assertThat(upstream.method()).isEqualTo("POST");
    assertThat(upstream.path()).isEqualTo("/proxy/v1/messages");
    assertThat(upstream.headers()).contains(
        new UpstreamRequest.Header("x-api-key", "sk-ant-secret"),
        new UpstreamRequest.Header("anthropic-version", "2023-06-01"),
        new UpstreamRequest.Header("content-type", "application/json"));
    assertThat(upstream.headers()).noneMatch(h -> h.name().equalsIgnoreCase("authorization"));
  }

  @Test
  void sendsTheRoutesUpstreamModelAndTheClientsMaxTokens() throws Exception {
    JsonNode body = sent(HELLO + ",\"max_tokens\":77");

    assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(body.path("max_tokens").asLong()).isEqualTo(77);
  }

  @Test
  void sendsTheDefaultMaxTokensWhenTheClientGivesNone() throws Exception {
    assertThat(sent(HELLO).path("max_tokens").asLong()).isEqualTo(AnthropicRequests.DEFAULT_MAX_TOKENS);
  }

  @Test
  void translationLeavesTheRequestUntouchedAndRepeatsExactly() throws Exception {
    ClientRequest request = chat(HELLO + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]");
    byte[] before = request.body().clone();

    byte[] first = provider.translateRequest(request, "m").body();
    byte[] second = provider.translateRequest(request, "m").body();

    assertThat(request.body()).isEqualTo(before);
    assertThat(second).isEqualTo(first);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "\"n\":2 | n",
      "\"logit_bias\":{\"50256\":-100} | logit_bias",
      "\"logprobs\":true | logprobs",
      "\"top_logprobs\":3 | top_logprobs",
      "\"presence_penalty\":0.5 | presence_penalty",
      "\"frequency_penalty\":-1 | frequency_penalty",
      "\"seed\":42 | seed",
      "\"temperature\":1.5 | temperature",
      "\"response_format\":{\"type\":\"json_object\"} | response_format.type",
      "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"description\":\"d\",\"schema\":{}}} | response_format.json_schema.description",
      "\"service_tier\":\"flex\" | service_tier",
      "\"reasoning_effort\":\"high\" | reasoning_effort",
      "\"modalities\":[\"text\",\"audio\"] | modalities",
      "\"modalities\":\"audio\" | modalities",
      "\"prediction\":{\"type\":\"content\",\"content\":\"x\"} | prediction",
      "\"web_search_options\":{} | web_search_options",
      "\"functions\":[{\"name\":\"f\"}] | functions",
      "\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"f\"}}] | tools[0].type",
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"allowed_tools\"} | tool_choice.type",
      "\"tool_choice\":\"required\" | tool_choice",
  })
  void refusesWhatAnthropicCannotExpressNamingTheField(String field, String param) {
    assertThatThrownBy(() -> sent(HELLO + "," + field))
        .isInstanceOfSatisfying(UnsupportedFieldException.class, e -> {
          assertThat(e.param()).isEqualTo(param);
          assertThat(e.getMessage()).startsWith(param + ": ");
        });
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "{\"role\":\"user\",\"name\":\"alice\",\"content\":\"Hi\"} | messages[0].name",
      "{\"role\":\"function\",\"name\":\"f\",\"content\":\"1\"} | messages[0].role",
      "{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]} | messages[0].content[0].type",
      "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\",\"detail\":\"low\"}}]} | messages[0].content[0].image_url.detail",
      "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/svg+xml;base64,PHN2Zz4=\"}}]} | messages[0].content[0].image_url.url",
      "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png,raw\"}}]} | messages[0].content[0].image_url.url",
      "{\"role\":\"system\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]} | messages[0].content[0].type",
      "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1]\"}}]} | messages[0].tool_calls[0].function.arguments",
      "{\"role\":\"assistant\",\"content\":\"x\",\"audio\":{\"id\":\"a\"}} | messages[0].audio",
  })
  void refusesMessageContentAnthropicCannotExpressNamingTheField(String message, String param) {
    assertThatThrownBy(() -> sent("\"messages\":[" + message + "]"))
        .isInstanceOfSatisfying(UnsupportedFieldException.class, e -> assertThat(e.param()).isEqualTo(param));
  }

  @Test
  void acceptsValuesThatChangeNothingAndSendsNoneOfThem() throws Exception {
    JsonNode body = sent(HELLO + ",\"n\":1,\"presence_penalty\":0,\"frequency_penalty\":0,\"logprobs\":false,"
        + "\"logit_bias\":{},\"seed\":null,\"top_logprobs\":null,\"reasoning_effort\":\"none\","
        + "\"modalities\":[\"text\"],\"response_format\":{\"type\":\"text\"},\"store\":false,"
        + "\"metadata\":{\"team\":\"a\"},\"stream_options\":null");

    assertThat(body.properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly("model", "max_tokens", "messages");
  }

  @Test
  void mapsRequiredToolChoiceToAnyAndANamedFunctionToTool() throws Exception {
    String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";

    assertThat(sent(HELLO + tools + ",\"tool_choice\":\"required\"").path("tool_choice"))
        .isEqualTo(JSON.readTree("{\"type\":\"any\"}"));
    assertThat(sent(HELLO + tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}},"
        + "\"parallel_tool_calls\":false").path("tool_choice"))
        .isEqualTo(JSON.readTree("{\"type\":\"tool\",\"name\":\"f\",\"disable_parallel_tool_use\":true}"));
  }

  @Test
  void toolWithoutParametersGetsAnEmptyObjectSchema() throws Exception {
    JsonNode body = sent(HELLO + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]");

    assertThat(body.at("/tools/0")).isEqualTo(
        JSON.readTree("{\"name\":\"now\",\"input_schema\":{\"type\":\"object\",\"properties\":{}}}"));
  }

  @Test
  void sendsNoToolChoiceWhenThereAreNoToolsAndTheChoiceMeansNone() throws Exception {
    assertThat(sent(HELLO + ",\"tools\":[],\"tool_choice\":\"none\"").has("tool_choice")).isFalse();
  }

  @Test
  void mapsServiceTierDefaultToStandardOnly() throws Exception {
    assertThat(sent(HELLO + ",\"service_tier\":\"default\"").path("service_tier").asText())
        .isEqualTo("standard_only");
  }

  @Test
  void safetyIdentifierWinsOverUserAsTheAnthropicUserId() throws Exception {
    JsonNode body = sent(HELLO + ",\"user\":\"old\",\"safety_identifier\":\"new\"");

    assertThat(body.at("/metadata/user_id").asText()).isEqualTo("new");
  }

  @Test
  void emptyMessagesAreLeftOutAndTheTurnsAroundThemMerged() throws Exception {
    JsonNode body = sent("\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
        + "{\"role\":\"assistant\",\"content\":\"\"},{\"role\":\"user\",\"content\":\"b\"}]");

    assertThat(body.path("messages")).isEqualTo(JSON.readTree(
        "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}]"));
  }

  @Test
  void toolCallWithEmptyArgumentsSendsAnEmptyInput() throws Exception {
    JsonNode body = sent("\"messages\":[{\"role\":\"user\",\"content\":\"time?\"},{\"role\":\"assistant\","
        + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":\"\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"noon\"}]");

    assertThat(body.at("/messages/1/content/0/input")).isEqualTo(JSON.createObjectNode());
  }

  @Test
  void embeddingsAreRefusedNamingTheModel() throws Exception {
    ClientRequest embeddings = RequestParser.parse(Endpoint.EMBEDDINGS,
        "{\"model\":\"claude\",\"input\":\"hello\"}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> provider.translateRequest(embeddings, "claude"))
        .isInstanceOfSatisfying(UnsupportedFieldException.class, e -> {
          assertThat(e.param()).isEqualTo("model");
          assertThat(e.getMessage()).contains("does not serve embeddings");
        });
  }

  @Test
  void streamedRequestsAskForAnEventStream() throws Exception {
    UpstreamRequest upstream = provider.translateRequest(chat(HELLO + ",\"stream\":true"), "m");

    assertThat(JSON.readTree(upstream.body()).path("stream").asBoolean()).isTrue();
    assertThat(upstream.headers()).contains(new UpstreamRequest.Header("accept", "text/event-stream"));
  }
}
