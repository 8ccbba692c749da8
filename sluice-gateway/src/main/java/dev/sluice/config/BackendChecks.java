package dev.sluice.config;

import static dev.sluice.config.BackendType.ANTHROPIC;
import static dev.sluice.config.BackendType.AZURE_OPENAI;
import static dev.sluice.config.BackendType.BEDROCK;
import static dev.sluice.config.BackendType.GEMINI;
import static dev.sluice.config.BackendType.MOCK;
import static dev.sluice.config.BackendType.OPENAI;
import static dev.sluice.config.BackendType.OPENAI_COMPATIBLE;
import static dev.sluice.config.BackendType.VERTEX;

import dev.sluice.config.BackendConfig.AwsCredentials;
import dev.sluice.config.BackendConfig.CircuitBreakerConfig;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code backends[]}: names, the fields each provider type needs or ignores, URLs, limits. */
final class BackendChecks {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");
  private static final String TYPES = Arrays.stream(BackendType.values())
      .map(BackendType::wireName).collect(Collectors.joining(", "));

  /**
   * A provider-specific field: the types that use it and those that cannot work without it.
   * A mock backend accepts every field, so that it can stand in for any provider in tests.
   */
  private record FieldRule(
      String field,
      Function<BackendConfig, Object> value,
      Set<BackendType> usedBy,
      Set<BackendType> requiredBy) {}

  private static final List<FieldRule> RULES = List.of(
      // An absent url already holds the type's default (BackendConfig), so only types without
      // a public endpoint can lack one.
      new FieldRule("url", BackendConfig::url,
          EnumSet.allOf(BackendType.class), EnumSet.of(AZURE_OPENAI, OPENAI_COMPATIBLE)),
      new FieldRule("apiKey", BackendConfig::apiKey,
          EnumSet.of(OPENAI, AZURE_OPENAI, ANTHROPIC, GEMINI, OPENAI_COMPATIBLE),
          EnumSet.of(OPENAI, AZURE_OPENAI, ANTHROPIC, GEMINI)),
      new FieldRule("apiVersion", BackendConfig::apiVersion,
          EnumSet.of(AZURE_OPENAI), EnumSet.of(AZURE_OPENAI)),
      new FieldRule("deployments", BackendConfig::deployments,
          EnumSet.of(AZURE_OPENAI), EnumSet.noneOf(BackendType.class)),
      new FieldRule("region", BackendConfig::region,
          EnumSet.of(BEDROCK, VERTEX), EnumSet.of(BEDROCK, VERTEX)),
      new FieldRule("aws", BackendConfig::aws, EnumSet.of(BEDROCK), EnumSet.of(BEDROCK)),
      new FieldRule("project", BackendConfig::project, EnumSet.of(VERTEX), EnumSet.of(VERTEX)),
      new FieldRule("credentialsFile", BackendConfig::credentialsFile,
          EnumSet.of(VERTEX), EnumSet.of(VERTEX)));

  private BackendChecks() {}

  static void check(List<BackendConfig> backends, Findings findings) {
    Map<String, String> names = new HashMap<>();
    findings.eachItem("backends", backends, (path, backend) -> {
      findings.uniqueName(path, "name", backend.name(), NAME, names);
      if (backend.type() == null) {
        findings.problem(path + ".type", "required (expected one of: " + TYPES + ")");
      } else {
        checkFieldsOfType(path, backend, findings);
        checkProviderValues(path, backend, findings);
      }
      findings.positive(path + ".timeouts.connect", backend.timeouts().connect());
      findings.positive(path + ".timeouts.firstByte", backend.timeouts().firstByte());
      findings.positive(path + ".timeouts.idle", backend.timeouts().idle());
      findings.atLeast(path + ".maxConcurrent", backend.maxConcurrent(), 1);
      if (backend.circuitBreaker() != null) {
        checkCircuitBreaker(path + ".circuitBreaker", backend.circuitBreaker(), findings);
      }
    });
  }

  private static void checkFieldsOfType(String path, BackendConfig backend, Findings findings) {
    BackendType type = backend.type();
    for (FieldRule rule : RULES) {
      Object value = rule.value().apply(backend);
      boolean present = value != null
          && !(value instanceof String text && text.isBlank())
          && !(value instanceof Map<?, ?> map && map.isEmpty());
      if (present && type != MOCK && !rule.usedBy().contains(type)) {
        findings.problem(path + "." + rule.field(), "not used by backends of type " + type.wireName());
      } else if (!present && rule.requiredBy().contains(type)) {
        findings.problem(path + "." + rule.field(), "required for backends of type " + type.wireName());
      }
    }
  }

  private static void checkProviderValues(String path, BackendConfig backend, Findings findings) {
    BackendType type = backend.type();
    String url = backend.url();
    // A url derived from the region is checked through the region, not reported as a url.
    if (url != null && !url.equals(type.defaultUrl(backend.region()))) {
      findings.httpUrl(path + ".url", url);
      warnAboutApiPrefix(path + ".url", type, url, findings);
    }
    String region = backend.region();
    if (!Findings.isBlank(region) && !REGION.matcher(region).matches()) {
      findings.problem(path + ".region", "invalid region '" + region + "' (expected e.g. us-east-1)");
    }
    AwsCredentials aws = backend.aws();
    if (aws != null && (type == BEDROCK || type == MOCK)) {
      findings.required(path + ".aws.accessKeyId", aws.accessKeyId());
      findings.required(path + ".aws.secretAccessKey", aws.secretAccessKey());
    }
    findings.eachEntry(path + ".deployments", backend.deployments(), (deploymentPath, deployment) ->
        findings.required(deploymentPath, deployment, "empty (expected: a deployment name)"));
  }

  /** "http://localhost:11434/v1" is the usual slip: Sluice appends /v1/chat/completions itself. */
  private static void warnAboutApiPrefix(String path, BackendType type, String url, Findings findings) {
    String appended = switch (type) {
      case OPENAI, OPENAI_COMPATIBLE -> "/v1/chat/completions";
      case ANTHROPIC -> "/v1/messages";
      case GEMINI -> "/v1beta/models/{model}:generateContent";
      default -> null;
    };
    if (appended == null) {
      return;
    }
    String prefix = appended.substring(0, appended.indexOf('/', 1));
    if (url.endsWith(prefix)) {
      findings.warning(path, "ends with " + prefix + ", but Sluice appends " + appended
          + " itself; use the base URL without " + prefix);
    }
  }

  private static void checkCircuitBreaker(
      String path, CircuitBreakerConfig breaker, Findings findings) {
    findings.positive(path + ".consecutiveFailures", breaker.consecutiveFailures());
    if (breaker.failureRate() != null && breaker.failureRate().ratio() <= 0) {
      findings.problem(path + ".failureRate",
          ValueFormats.format(breaker.failureRate()) + " (expected: > 0%)");
    }
    findings.positive(path + ".minRequests", breaker.minRequests());
    findings.positive(path + ".window", breaker.window());
    findings.positive(path + ".openFor", breaker.openFor());
    findings.positive(path + ".halfOpenProbes", breaker.halfOpenProbes());
  }
}
