package dev.sluice.observe;

import dev.sluice.config.BackendConfig;
import dev.sluice.config.BackendType;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiProviderNameIncubatingValues;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code gen_ai.provider.name} per backend, in the GenAI semantic conventions' values. */
final class ProviderNames {
  private ProviderNames() {}

  static Map<String, String> of(List<BackendConfig> backends) {
    Map<String, String> names = new HashMap<>();
    for (BackendConfig backend : backends) {
      names.put(backend.name(), of(backend.type()));
    }
    return Map.copyOf(names);
  }

  static String of(BackendType type) {
    return switch (type) {
      // OpenAI's API spoken by a server of one's own (vLLM, Ollama...): the conventions name the
      // API's owner when the real provider is unknown, as Envoy AI Gateway does.
      case OPENAI, OPENAI_COMPATIBLE -> GenAiProviderNameIncubatingValues.OPENAI;
      case AZURE_OPENAI -> GenAiProviderNameIncubatingValues.AZURE_AI_OPENAI;
      case ANTHROPIC -> GenAiProviderNameIncubatingValues.ANTHROPIC;
      case BEDROCK -> GenAiProviderNameIncubatingValues.AWS_BEDROCK;
      case VERTEX -> GenAiProviderNameIncubatingValues.GCP_VERTEX_AI;
      case GEMINI -> GenAiProviderNameIncubatingValues.GCP_GEMINI;
      case MOCK -> "sluice.mock";
    };
  }
}
