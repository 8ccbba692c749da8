package dev.sluice.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.provider.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureOpenAiProviderTest {
  final AzureOpenAiProvider provider = new AzureOpenAiProvider("azure-east", "/tenant-a/", "azure-key",
      "2024-10-21", Map.of("gpt-4o", "gpt4o-prod"));

  static ClientRequest chat(String body) throws Exception {
    return RequestParser.parse(Endpoint.CHAT, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sendsTheKeyAsApiKeyAndNeverAsABearerToken() throws Exception {
    UpstreamRequest upstream = provider.translateRequest(chat("{\"model\":\"gpt-4o\",\"messages\":[]}"), "gpt-4o");

    assertThat(upstream.headers()).contains(new UpstreamRequest.Header("api-key", "azure-key"));
    assertThat(upstream.headers()).noneMatch(h -> h.name().equalsIgnoreCase("authorization"));
  }

  @Test
  void routesByTheDeploymentOfTheUpstreamModel() throws Exception {
    ClientRequest request = chat("{\"model\":\"smart\",\"messages\":[]}");

    assertThat(provider.translateRequest(request, "gpt-4o").path())
        .isEqualTo("/tenant-a/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
    assertThat(provider.translateRequest(request, "gpt-4.1").path())
        .isEqualTo("/tenant-a/openai/deployments/gpt-4.1/chat/completions?api-version=2024-10-21");
  }

  @Test
  void keepsADeploymentNameInsideItsPathSegment() throws Exception {
    ClientRequest request = chat("{\"model\":\"x\",\"messages\":[]}");

    assertThat(provider.translateRequest(request, "../../admin?x=1").path())
        .isEqualTo("/tenant-a/openai/deployments/..%2F..%2Fadmin%3Fx%3D1/chat/completions?api-version=2024-10-21");
  }

  @Test
  void forwardsEveryOpenAiFieldBecauseAzureSpeaksTheSameSchema() throws Exception {
    // Nothing is refused here: Azure takes OpenAI's fields (logit_bias, logprobs, n, seed...),
    // so the body goes as the client sent it, byte for byte.
    ClientRequest request = chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"logit_bias\":{\"50256\":-100},\"logprobs\":true,\"top_logprobs\":2,\"n\":2,\"user\":\"u\"}");

    assertThat(provider.translateRequest(request, "gpt-4o").body()).isSameAs(request.body());
  }

  @Test
  void sendsEmbeddingsToTheDeploymentsEmbeddingsPath() throws Exception {
    ClientRequest request = RequestParser.parse(Endpoint.EMBEDDINGS,
        "{\"model\":\"gpt-4o\",\"input\":\"x\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(provider.translateRequest(request, "gpt-4o").path())
        .isEqualTo("/tenant-a/openai/deployments/gpt4o-prod/embeddings?api-version=2024-10-21");
  }

  @Test
  void namesItselfAsOpenTelemetryNamesAzureOpenAi() {
    assertThat(provider.providerName()).isEqualTo("azure.ai.openai");
  }
}
