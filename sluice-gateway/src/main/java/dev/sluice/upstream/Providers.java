package dev.sluice.upstream;

import dev.sluice.config.BackendConfig;
import dev.sluice.provider.Provider;
import dev.sluice.provider.anthropic.AnthropicProvider;
import dev.sluice.provider.azure.AzureOpenAiProvider;
import dev.sluice.provider.bedrock.BedrockProvider;
import dev.sluice.provider.gemini.GeminiProvider;
import dev.sluice.provider.mock.MockProvider;
import dev.sluice.provider.openai.OpenAiProvider;
import dev.sluice.provider.vertex.VertexProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds each configured backend's {@link Provider}: the one switch on backend type. */
public final class Providers {
  private Providers() {}

  public static Map<String, Provider> of(List<BackendConfig> backends) {
    Map<String, Provider> providers = new LinkedHashMap<>();
    for (BackendConfig backend : backends) {
      providers.put(backend.name(), of(backend));
    }
    return Map.copyOf(providers);
  }

  static Provider of(BackendConfig backend) {
    return switch (backend.type()) {
      case OPENAI -> new OpenAiProvider(backend.name(), "openai", basePath(backend), backend.apiKey());
      case OPENAI_COMPATIBLE ->
          new OpenAiProvider(backend.name(), "openai", basePath(backend), backend.apiKey());
      case AZURE_OPENAI -> new AzureOpenAiProvider(backend.name(), basePath(backend),
          backend.apiKey(), backend.apiVersion(), backend.deployments());
      case ANTHROPIC -> new AnthropicProvider(backend.name(), basePath(backend), backend.apiKey());
      case BEDROCK -> new BedrockProvider(backend.name(), backend.url(), backend.region(),
          backend.aws().accessKeyId(), backend.aws().secretAccessKey(), backend.aws().sessionToken());
      case VERTEX -> VertexProvider.fromServiceAccount(backend.name(), basePath(backend),
          backend.project(), backend.region(), Path.of(backend.credentialsFile()));
      case GEMINI -> new GeminiProvider(backend.name(), basePath(backend), backend.apiKey());
      case MOCK -> new MockProvider(backend.name());
    };
  }

  /** The base URL's path, which the provider's API paths are appended to. */
  static String basePath(BackendConfig backend) {
    if (backend.url() == null) {
      return "";
    }
    String path = URI.create(backend.url()).getRawPath();
    return path == null ? "" : path;
  }

  /** Stops what providers run in the background (token refreshers); after the drain. */
  public static void close(Map<String, Provider> providers) {
    for (Provider provider : providers.values()) {
      if (provider instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          org.slf4j.LoggerFactory.getLogger(Providers.class)
              .warn("backend '{}' did not close cleanly: {}", provider.backend(), e.toString());
        }
      }
    }
  }
}
