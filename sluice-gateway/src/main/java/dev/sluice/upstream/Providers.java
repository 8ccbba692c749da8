package dev.sluice.upstream;

import dev.sluice.config.BackendConfig;
import dev.sluice.config.BackendType;
import dev.sluice.provider.Provider;
import dev.sluice.provider.anthropic.AnthropicProvider;
import dev.sluice.provider.bedrock.BedrockProvider;
import dev.sluice.provider.mock.MockProvider;
import dev.sluice.provider.openai.OpenAiProvider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds each configured backend's {@link Provider}: the one switch on backend type. */
public final class Providers {
  /** The backend types this build can serve. */
  static final java.util.Set<BackendType> AVAILABLE = java.util.EnumSet.of(
      BackendType.OPENAI, BackendType.OPENAI_COMPATIBLE, BackendType.MOCK, BackendType.ANTHROPIC,
      BackendType.BEDROCK);

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
      case MOCK -> new MockProvider(backend.name());
      case AZURE_OPENAI -> throw unavailable(backend);
      case ANTHROPIC -> new AnthropicProvider(backend.name(), basePath(backend), backend.apiKey());
      case BEDROCK -> new BedrockProvider(backend.name(), backend.url(), backend.region(),
          backend.aws().accessKeyId(), backend.aws().secretAccessKey(), backend.aws().sessionToken());
      case VERTEX -> throw unavailable(backend);
      case GEMINI -> throw unavailable(backend);
    };
  }

  private static IllegalArgumentException unavailable(BackendConfig backend) {
    return new IllegalArgumentException(
        "backends: type '" + backend.type().wireName() + "' is not available in this version");
  }

  /**
   * Backends whose type has no translator in this build, as {@code <yaml.path>: <reason>}
   * lines: the config is valid, but this Sluice cannot serve it.
   */
  public static List<String> unavailable(List<BackendConfig> backends) {
    List<String> problems = new java.util.ArrayList<>();
    for (int i = 0; i < backends.size(); i++) {
      BackendConfig backend = backends.get(i);
      if (!AVAILABLE.contains(backend.type())) {
        problems.add("backends[" + i + "].type: '" + backend.type().wireName()
            + "' is not available in this version (available: " + AVAILABLE.stream()
                .map(BackendType::wireName).collect(java.util.stream.Collectors.joining(", ")) + ")");
      }
    }
    return problems;
  }

  /** The base URL's path, which the provider's API paths are appended to. */
  static String basePath(BackendConfig backend) {
    if (backend.url() == null) {
      return "";
    }
    String path = URI.create(backend.url()).getRawPath();
    return path == null ? "" : path;
  }
}
