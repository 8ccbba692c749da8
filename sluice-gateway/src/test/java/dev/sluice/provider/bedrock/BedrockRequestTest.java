package dev.sluice.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.ClientRequest;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.UnsupportedFieldException;
import dev.sluice.provider.UpstreamRequest;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What Converse is asked, beyond the golden cases: refusals, merges, paths. */
class BedrockRequestTest {
  private final BedrockProvider provider = BedrockGoldenTest.provider();

  private JsonNode body(ClientRequest request) throws ProviderException {
    return Requests.json(provider.translateRequest(request, request.model()).body());
  }

  private String refusedParam(ClientRequest request) {
    return ((UnsupportedFieldException) org.assertj.core.api.Assertions.catchThrowable(
        () -> provider.translateRequest(request, request.model()))).param();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "'n':2                                  | n",
      "'frequency_penalty':0.5                | frequency_penalty",
      "'presence_penalty':-1                  | presence_penalty",
      "'logit_bias':{'50256':-100}            | logit_bias",
      "'logprobs':true                        | logprobs",
      "'top_logprobs':3                       | top_logprobs",
      "'seed':42                              | seed",
      "'reasoning_effort':'high'              | reasoning_effort",
      "'modalities':['text','audio']          | modalities",
      "'audio':{'voice':'alloy','format':'wav'} | audio",
      "'response_format':{'type':'json_object'} | response_format",
      "'parallel_tool_calls':false            | parallel_tool_calls",
      "'service_tier':'scale'                 | service_tier",
      "'frobnicate':true                      | frobnicate"})
  void refusesWhatConverseCannotExpressNamingTheField(String field, String param) {
    assertThat(refusedParam(Requests.chatWith(field))).isEqualTo(param);
  }

  @Test
  void acceptsFieldsSetToTheValueThatChangesNothing() throws Exception {
    JsonNode body = body(Requests.chatWith("'n':1,'frequency_penalty':0,'presence_penalty':0,"
        + "'logprobs':false,'logit_bias':{},'modalities':['text'],'seed':null,"
        + "'response_format':{'type':'text'},'service_tier':'auto','user':'u-1','store':false"));

    assertThat(body.has("serviceTier")).isFalse();
    assertThat(body.has("outputConfig")).isFalse();
    assertThat(body.path("messages").size()).isEqualTo(1);
  }

  @Test
  void refusesImageLinksNamingThePart() {
    ClientRequest request = Requests.chat("{'model':'m','messages':[{'role':'user','content':["
        + "{'type':'text','text':'What is this?'},"
        + "{'type':'image_url','image_url':{'url':'https://example.com/cat.png'}}]}]}");

    assertThat(refusedParam(request)).isEqualTo("messages[0].content[1].image_url");
  }

  @Test
  void refusesLowDetailImagesWhichBedrockWouldBillInFull() {
    ClientRequest request = Requests.chat("{'model':'m','messages':[{'role':'user','content':["
        + "{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBORw0KGgo=','detail':'low'}}]}]}");

    assertThat(refusedParam(request)).isEqualTo("messages[0].content[0].image_url.detail");
  }

  @Test
  void refusesImageTypesConverseCannotRead() {
    ClientRequest request = Requests.chat("{'model':'m','messages':[{'role':'user','content':["
        + "{'type':'image_url','image_url':{'url':'data:image/tiff;base64,SUkqAA=='}}]}]}");

    assertThat(refusedParam(request)).isEqualTo("messages[0].content[0].image_url");
  }

  @Test
  void refusesAudioPartsAndParticipantNames() {
    assertThat(refusedParam(Requests.chat("{'model':'m','messages':[{'role':'user','content':["
        + "{'type':'input_audio','input_audio':{'data':'UklGRg==','format':'wav'}}]}]}")))
        .isEqualTo("messages[0].content[0].type");
    assertThat(refusedParam(Requests.chat(
        "{'model':'m','messages':[{'role':'user','name':'alice','content':'Hi'}]}")))
        .isEqualTo("messages[0].name");
  }

  @Test
  void refusesMessageFieldsOnRolesThatDoNotHaveThem() {
    assertThat(refusedParam(Requests.chat("{'model':'m','messages':[{'role':'user','content':'Hi',"
        + "'tool_calls':[{'id':'c1','type':'function','function':{'name':'f','arguments':'{}'}}]}]}")))
        .isEqualTo("messages[0].tool_calls");
  }

  @Test
  void anEchoedBackReasoningFieldIsNotSentAgain() throws Exception {
    JsonNode body = body(Requests.chat("{'model':'m','messages':[{'role':'user','content':'Hi'},"
        + "{'role':'assistant','content':'Hello!','reasoning_content':'The user greets me.'},"
        + "{'role':'user','content':'How are you?'}]}"));

    assertThat(body.at("/messages/1/content").toString()).isEqualTo("[{\"text\":\"Hello!\"}]");
  }

  @Test
  void refusesToolArgumentsThatAreNotJson() {
    ClientRequest request = Requests.chat("{'model':'m','messages':[{'role':'user','content':'Hi'},"
        + "{'role':'assistant','tool_calls':[{'id':'c1','type':'function',"
        + "'function':{'name':'f','arguments':'{not json'}}]},"
        + "{'role':'tool','tool_call_id':'c1','content':'ok'}],"
        + "'tools':[{'type':'function','function':{'name':'f'}}]}");

    assertThat(refusedParam(request)).isEqualTo("messages[1].tool_calls[0].function.arguments");
  }

  @Test
  void toolChoiceNoneSendsTheRequestWithoutTools() throws Exception {
    JsonNode body = body(Requests.chatWith(
        "'tools':[{'type':'function','function':{'name':'f'}}],'tool_choice':'none'"));

    assertThat(body.has("toolConfig")).isFalse();
  }

  @Test
  void toolChoiceNoneIsRefusedWhenTheConversationHoldsToolCalls() {
    ClientRequest request = Requests.chat("{'model':'m','messages':[{'role':'user','content':'Hi'},"
        + "{'role':'assistant','tool_calls':[{'id':'c1','type':'function',"
        + "'function':{'name':'f','arguments':'{}'}}]},"
        + "{'role':'tool','tool_call_id':'c1','name':'f','content':'ok'}],"
        + "'tools':[{'type':'function','function':{'name':'f'}}],'tool_choice':'none'}");

    assertThat(refusedParam(request)).isEqualTo("tool_choice");
  }

  @Test
  void aFunctionWithoutParametersGetsTheEmptyObjectSchema() throws Exception {
    JsonNode body = body(Requests.chatWith("'tools':[{'type':'function','function':{'name':'now'}}]"));

    assertThat(body.at("/toolConfig/tools/0/toolSpec/inputSchema/json"))
        .isEqualTo(Requests.json("{\"type\":\"object\",\"properties\":{}}".getBytes()));
    assertThat(body.at("/toolConfig/toolChoice").isMissingNode()).isTrue();
  }

  @Test
  void mergesConsecutiveUserMessagesIntoOneTurn() throws Exception {
    JsonNode body = body(Requests.chat("{'model':'m','messages':["
        + "{'role':'user','content':'First.'},{'role':'user','content':'Second.'}]}"));

    assertThat(body.path("messages").size()).isEqualTo(1);
    assertThat(body.at("/messages/0/content/1/text").asText()).isEqualTo("Second.");
  }

  @Test
  void keepsAnAssistantRefusalInTheConversationAsText() throws Exception {
    JsonNode body = body(Requests.chat("{'model':'m','messages':[{'role':'user','content':'Hi'},"
        + "{'role':'assistant','content':null,'refusal':'I cannot help with that.'},"
        + "{'role':'user','content':'Why?'}]}"));

    assertThat(body.at("/messages/1/content/0/text").asText()).isEqualTo("I cannot help with that.");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0",
      "anthropic.claude-3-5-sonnet-20240620-v1:0"})
  void encodesTheModelIdAsOnePathSegment(String modelId) throws Exception {
    ClientRequest request = Requests.chatWith("");

    String path = provider.translateRequest(request, modelId).path();

    assertThat(path).startsWith("/model/").endsWith("/converse").doesNotContain(":");
    assertThat(path.split("/")).hasSize(4);
    assertThat(java.net.URLDecoder.decode(path.split("/")[2], java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(modelId);
  }

  @Test
  void keepsThePathOfTheBackendUrlInFront() throws Exception {
    BedrockProvider behindProxy = new BedrockProvider("b", "https://proxy.example.com/bedrock/",
        "eu-west-1", "AKID", "SECRET", "", Clock.systemUTC(), () -> "id");

    UpstreamRequest upstream = behindProxy.translateRequest(Requests.chatWith(""), "amazon.nova-lite-v1:0");

    assertThat(upstream.path()).isEqualTo("/bedrock/model/amazon.nova-lite-v1%3A0/converse");
  }

  @Test
  void translationLeavesTheClientRequestUntouchedAndRepeats() throws Exception {
    ClientRequest request = Requests.chat("{'model':'m','messages':[{'role':'user','content':'Hi'},"
        + "{'role':'assistant','tool_calls':[{'id':'c1','type':'function',"
        + "'function':{'name':'f','arguments':'{\\'a\\':1}'}}]},"
        + "{'role':'tool','tool_call_id':'c1','content':'ok'}],"
        + "'tools':[{'type':'function','function':{'name':'f'}}]}");
    byte[] before = request.body().clone();

    byte[] first = provider.translateRequest(request, "m").body();
    byte[] second = provider.translateRequest(request, "m").body();

    assertThat(request.body()).isEqualTo(before);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void embeddingsOfSeveralInputsAreRefusedNotFannedOut() {
    assertThat(refusedParam(Requests.embeddings(
        "{'model':'amazon.titan-embed-text-v2:0','input':['one','two']}"))).isEqualTo("input");
    assertThat(refusedParam(Requests.embeddings(
        "{'model':'amazon.titan-embed-text-v2:0','input':[[1,2,3]]}"))).isEqualTo("input");
  }

  @Test
  void aSingleEmbeddingInputInAnArrayIsSent() throws Exception {
    UpstreamRequest upstream = provider.translateRequest(Requests.embeddings(
        "{'model':'amazon.titan-embed-text-v1','input':['only one']}"), "amazon.titan-embed-text-v1");

    assertThat(upstream.path()).isEqualTo("/model/amazon.titan-embed-text-v1/invoke");
    assertThat(Requests.json(upstream.body()).path("inputText").asText()).isEqualTo("only one");
  }

  @Test
  void refusesUnknownEmbeddingFields() {
    assertThatThrownBy(() -> provider.translateRequest(Requests.embeddings(
            "{'model':'amazon.titan-embed-text-v2:0','input':'x','truncate':'END'}"), "m"))
        .isInstanceOfSatisfying(UnsupportedFieldException.class,
            e -> assertThat(e.param()).isEqualTo("truncate"));
  }
}
