package dev.sluice.provider.gemini;

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

class GeminiRequestTranslationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final GeminiProvider provider = new GeminiProvider("gemini", "/proxy/", "key", GeminiGoldenTest.CLOCK);

  static ClientRequest chat(String body) throws Exception {
    return RequestParser.parse(Endpoint.CHAT, body.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  static String user(String extra) {
    return "{'model':'gemini-2.5-flash','messages':[{'role':'user','content':'hi'}]" + extra + "}";
  }

  JsonNode body(ClientRequest request) throws Exception {
    return JSON.readTree(provider.translateRequest(request, request.model()).body());
  }

  /** The OpenAI field, as the exception names it, that the request was refused for. */
  String refusedParam(String body) throws Exception {
    ClientRequest request = chat(body);
    try {
      provider.translateRequest(request, request.model());
    } catch (UnsupportedFieldException e) {
      return e.param();
    }
    throw new AssertionError("the request was translated, not refused: " + body);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      logit_bias                          | ,'logit_bias':{'50256':-100}
      top_k                               | ,'top_k':40
      top_logprobs                        | ,'top_logprobs':3
      logprobs                            | ,'logprobs':true
      parallel_tool_calls                 | ,'parallel_tool_calls':false
      service_tier                        | ,'service_tier':'flex'
      modalities                          | ,'modalities':['text','audio']
      functions                           | ,'functions':[{'name':'f'}]
      reasoning_effort                    | ,'reasoning_effort':'xhigh'
      response_format.type                | ,'response_format':{'type':'grammar'}
      tool_choice                         | ,'tools':[{'type':'function','function':{'name':'f'}}],'tool_choice':{'type':'allowed_tools','allowed_tools':{'mode':'auto','tools':[]}}
      tools[0].type                       | ,'tools':[{'type':'custom','custom':{'name':'f'}}]
      temperature                         | ,'temperature':'hot'
      """)
  void refusesWhatGeminiCannotExpressNamingTheField(String param, String extra) throws Exception {
    assertThat(refusedParam(user(extra))).isEqualTo(param);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      messages[0].name                        | [{'role':'user','name':'alice','content':'hi'}]
      messages[0].role                        | [{'role':'function','name':'f','content':'x'}]
      messages[0].content[1].image_url.detail | [{'role':'user','content':[{'type':'text','text':'x'},{'type':'image_url','image_url':{'url':'https://a.b/c.png','detail':'high'}}]}]
      messages[0].content[0].image_url.url    | [{'role':'user','content':[{'type':'image_url','image_url':{'url':'https://cdn.example.com/image?id=7'}}]}]
      messages[0].content[0].file.file_id     | [{'role':'user','content':[{'type':'file','file':{'file_id':'file-abc'}}]}]
      messages[0].content[0].type             | [{'role':'system','content':[{'type':'image_url','image_url':{'url':'https://a.b/c.png'}}]}]
      messages[1].tool_call_id                | [{'role':'user','content':'hi'},{'role':'tool','tool_call_id':'call_9','content':'42'}]
      messages[1].tool_calls[0].function.arguments | [{'role':'user','content':'hi'},{'role':'assistant','tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'[1,2]'}}]}]
      """)
  void refusesMessagesGeminiCannotExpressNamingThePath(String param, String messages) throws Exception {
    assertThat(refusedParam("{'model':'m','messages':" + messages + "}")).isEqualTo(param);
  }

  @Test
  void leavesClientSideHintsOutOfTheUpstreamBody() throws Exception {
    JsonNode body = body(chat(user(",'user':'u1','metadata':{'k':'v'},'store':true,"
        + "'stream_options':{'include_usage':true},'stream':true,'safety_identifier':'s',"
        + "'prompt_cache_key':'p','service_tier':'auto','logprobs':false,'parallel_tool_calls':true")));

    assertThat(body.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("contents");
  }

  @Test
  void maxCompletionTokensWinsOverMaxTokens() throws Exception {
    JsonNode body = body(chat(user(",'max_tokens':10,'max_completion_tokens':99")));

    assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(99);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"none,0", "minimal,1024", "low,1024", "medium,8192", "high,24576"})
  void mapsReasoningEffortToAThinkingBudget(String effort, int budget) throws Exception {
    JsonNode body = body(chat(user(",'reasoning_effort':'" + effort + "'")));

    assertThat(body.at("/generationConfig/thinkingConfig/thinkingBudget").asInt()).isEqualTo(budget);
  }

  @Test
  void jsonObjectResponseFormatIsGeminisJsonMode() throws Exception {
    JsonNode body = body(chat(user(",'response_format':{'type':'json_object'}")));

    assertThat(body.at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
    assertThat(body.at("/generationConfig").has("responseJsonSchema")).isFalse();
  }

  @Test
  void requiredAllowedToolsRestrictAnyModeToThoseNames() throws Exception {
    JsonNode body = body(chat(user(",'tools':[{'type':'function','function':{'name':'a'}},"
        + "{'type':'function','function':{'name':'b'}}],'tool_choice':{'type':'allowed_tools',"
        + "'allowed_tools':{'mode':'required','tools':[{'type':'function','function':{'name':'b'}}]}}")));

    assertThat(body.at("/toolConfig/functionCallingConfig").toString())
        .isEqualTo("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"b\"]}");
  }

  @Test
  void audioAndInlineFilesBecomeInlineData() throws Exception {
    JsonNode body = body(chat("{'model':'m','messages':[{'role':'user','content':["
        + "{'type':'input_audio','input_audio':{'data':'UklGRg==','format':'wav'}},"
        + "{'type':'file','file':{'filename':'report.pdf','file_data':'JVBERi0='}}]}]}"));

    assertThat(body.at("/contents/0/parts").toString()).isEqualTo(
        "[{\"inlineData\":{\"mimeType\":\"audio/wav\",\"data\":\"UklGRg==\"}},"
            + "{\"inlineData\":{\"mimeType\":\"application/pdf\",\"data\":\"JVBERi0=\"}}]");
  }

  @Test
  void toolResultsTakeTheNameOfTheNearestCallWithTheirId() throws Exception {
    // The same id in two turns (a client that numbers calls per turn): each result is matched
    // to the call made just before it.
    JsonNode body = body(chat("{'model':'m','messages':[{'role':'user','content':'go'},"
        + "{'role':'assistant','tool_calls':[{'id':'call_0','type':'function','function':{'name':'first','arguments':'{}'}}]},"
        + "{'role':'tool','tool_call_id':'call_0','content':'one'},"
        + "{'role':'assistant','tool_calls':[{'id':'call_0','type':'function','function':{'name':'second','arguments':''}}]},"
        + "{'role':'tool','tool_call_id':'call_0','content':'two'}]}"));

    assertThat(body.at("/contents/2/parts/0/functionResponse/name").asText()).isEqualTo("first");
    assertThat(body.at("/contents/4/parts/0/functionResponse/name").asText()).isEqualTo("second");
    assertThat(body.at("/contents/3/parts/0/functionCall/args").toString()).isEqualTo("{}");
  }

  @Test
  void translationLeavesTheClientBodyAsItWasAndIsRepeatable() throws Exception {
    ClientRequest request = chat("{'model':'m','messages':[{'role':'system','content':'s'},"
        + "{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image/png;base64,AA=='}}]}],"
        + "'response_format':{'type':'json_schema','json_schema':{'name':'n','description':'d','schema':{'type':'object'}}}}");
    byte[] before = request.body().clone();

    byte[] first = provider.translateRequest(request, "m").body();
    byte[] second = provider.translateRequest(request, "m").body();

    assertThat(request.body()).isEqualTo(before);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void putsTheModelInThePathAsOneSegment() throws Exception {
    ClientRequest request = chat(user(""));

    UpstreamRequest plain = provider.translateRequest(request, "models/gemini-2.5-flash");
    UpstreamRequest hostile = provider.translateRequest(request, "x/../../v1/files:list?");

    assertThat(plain.path()).isEqualTo("/proxy/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(hostile.path()).isEqualTo("/proxy/v1beta/models/x%2F..%2F..%2Fv1%2Ffiles%3Alist%3F:generateContent");
  }

  @Test
  void sendsTheKeyOnlyInItsHeader() throws Exception {
    UpstreamRequest upstream = provider.translateRequest(chat(user("")), "m");

    assertThat(upstream.headers()).contains(new UpstreamRequest.Header("x-goog-api-key", "key"));
    assertThat(upstream.headers()).noneMatch(h -> h.name().equalsIgnoreCase("authorization"));
    assertThat(upstream.path()).doesNotContain("key=");
  }

  @Test
  void refusesTokenArraysAsEmbeddingsInput() throws Exception {
    ClientRequest request = RequestParser.parse(Endpoint.EMBEDDINGS,
        "{\"model\":\"gemini-embedding-001\",\"input\":[[1,2,3]]}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> provider.translateRequest(request, request.model()))
        .isInstanceOfSatisfying(UnsupportedFieldException.class, e -> assertThat(e.param()).isEqualTo("input"));
  }
}
