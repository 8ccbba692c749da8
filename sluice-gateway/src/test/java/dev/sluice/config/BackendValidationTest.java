package dev.sluice.config;

import static dev.sluice.config.ConfigTesting.problems;
import static dev.sluice.config.ConfigTesting.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackendValidationTest {

  @Test
  void backendNamesAreRequiredUniqueAndPlain() {
    assertThat(problems("""
        backends:
          - { type: mock }
          - { name: "my backend", type: mock }
          - { name: m, type: mock }
          - { name: m, type: mock }
        """)).containsExactly(
            "backends[0].name: required",
            "backends[1].name: invalid name 'my backend' (expected: letters, digits, '.', '_', '-')",
            "backends[3].name: duplicate name 'm' (already used by backends[2])");
  }

  @Test
  void typeIsRequired() {
    assertThat(problems("backends: [ { name: x } ]\n")).containsExactly(
        "backends[0].type: required (expected one of: openai, azure-openai, anthropic, bedrock,"
            + " vertex, gemini, openai-compatible, mock)");
  }

  @Test
  void fieldOfAnotherProviderIsRejected() {
    assertThat(problems("""
        backends:
          - { name: openai, type: openai, apiKey: k, deployments: { gpt-4o: prod }, region: us-east-1 }
        """)).containsExactly(
            "backends[0].deployments: not used by backends of type openai",
            "backends[0].region: not used by backends of type openai");
  }

  @Test
  void providerFieldsAreRequiredPerType() {
    assertThat(problems("""
        backends:
          - { name: openai, type: openai }
          - { name: azure, type: azure-openai, apiKey: k }
          - { name: local, type: openai-compatible }
          - { name: bedrock, type: bedrock }
          - { name: vertex, type: vertex }
        """)).containsExactly(
            "backends[0].apiKey: required for backends of type openai",
            "backends[1].url: required for backends of type azure-openai",
            "backends[1].apiVersion: required for backends of type azure-openai",
            "backends[2].url: required for backends of type openai-compatible",
            "backends[3].region: required for backends of type bedrock",
            "backends[3].aws: required for backends of type bedrock",
            "backends[4].region: required for backends of type vertex",
            "backends[4].project: required for backends of type vertex",
            "backends[4].credentialsFile: required for backends of type vertex");
  }

  @Test
  void awsCredentialsNeedKeyIdAndSecret() {
    assertThat(problems("""
        backends:
          - { name: b, type: bedrock, region: us-east-1, aws: { accessKeyId: AKIA } }
        """)).containsExactly("backends[0].aws.secretAccessKey: required");
  }

  @Test
  void regionMustLookLikeARegion() {
    assertThat(problems("""
        backends:
          - { name: v, type: vertex, region: "US Central", project: p, credentialsFile: /gcp.json }
        """)).containsExactly("backends[0].region: invalid region 'US Central' (expected e.g. us-east-1)");
  }

  @Test
  void urlMustBeAnAbsoluteHttpBaseUrl() {
    assertThat(problems("""
        backends:
          - { name: a, type: openai-compatible, url: "localhost:11434" }
          - { name: b, type: openai-compatible, url: "ftp://example.com" }
          - { name: c, type: openai-compatible, url: "http://example.com/x?token=1" }
          - { name: d, type: openai-compatible, url: "http://example.com/#top" }
          - { name: e, type: openai-compatible, url: "https://user:secret@example.com" }
          - { name: f, type: openai-compatible, url: "http://exa mple.com" }
          - { name: g, type: openai-compatible, url: "http://ollama_server:11434" }
        """)).containsExactly(
            "backends[0].url: invalid URL (expected: an absolute http:// or https:// URL)",
            "backends[1].url: invalid URL (expected: an absolute http:// or https:// URL)",
            "backends[2].url: must not have a query (?...): Sluice appends paths and parameters itself",
            "backends[3].url: must not have a fragment (#...)",
            "backends[4].url: must not contain user:password@ (credentials have their own fields)",
            "backends[5].url: invalid URL (Illegal character in authority)");
  }

  @Test
  void urlEndingInTheApiPrefixIsAWarning() {
    assertThat(warnings("""
        admin: { token: 0123456789abcdef0123 }
        backends:
          - { name: local, type: openai-compatible, url: "http://127.0.0.1:11434/v1/" }
        routes:
          - { name: all, targets: [ { backend: local } ] }
        """)).containsExactly("backends[0].url: ends with /v1, but Sluice appends /v1/chat/completions"
            + " itself; use the base URL without /v1");
  }

  @Test
  void timeoutsConcurrencyAndBreakerSettingsMustBePositive() {
    assertThat(problems("""
        backends:
          - name: m
            type: mock
            timeouts: { connect: 0s, firstByte: 0ms, idle: 1s }
            maxConcurrent: 0
            circuitBreaker:
              consecutiveFailures: 0
              failureRate: 0%
              minRequests: 0
              window: 0s
              openFor: 0s
              halfOpenProbes: 0
        """)).containsExactly(
            "backends[0].timeouts.connect: 0s (expected: > 0)",
            "backends[0].timeouts.firstByte: 0s (expected: > 0)",
            "backends[0].maxConcurrent: 0 (expected: >= 1)",
            "backends[0].circuitBreaker.consecutiveFailures: 0 (expected: > 0)",
            "backends[0].circuitBreaker.failureRate: 0% (expected: > 0%)",
            "backends[0].circuitBreaker.minRequests: 0 (expected: > 0)",
            "backends[0].circuitBreaker.window: 0s (expected: > 0)",
            "backends[0].circuitBreaker.openFor: 0s (expected: > 0)",
            "backends[0].circuitBreaker.halfOpenProbes: 0 (expected: > 0)");
  }

  @Test
  void mockBackendAcceptsEveryProviderField() {
    assertThat(problems("""
        backends:
          - name: m
            type: mock
            url: http://127.0.0.1:1
            apiKey: k
            apiVersion: "2024-10-21"
            deployments: { gpt-4o: d }
            region: us-east-1
            aws: { accessKeyId: a, secretAccessKey: s }
            project: p
            credentialsFile: /gcp.json
        """)).isEmpty();
  }

  @Test
  void deploymentWithoutNameIsReported() {
    assertThat(problems("""
        backends:
          - { name: az, type: azure-openai, url: "https://x.openai.azure.com", apiKey: k,
              apiVersion: "2024-10-21", deployments: { gpt-4o: "" } }
        """)).containsExactly("backends[0].deployments.gpt-4o: empty (expected: a deployment name)");
  }

  @Test
  void emptyBackendEntryIsReported() {
    assertThat(problems("backends:\n  -\n  - { name: m, type: mock }\n"))
        .containsExactly("backends[0]: empty item");
  }
}
