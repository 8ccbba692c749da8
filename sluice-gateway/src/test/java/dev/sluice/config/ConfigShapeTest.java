package dev.sluice.config;

import static dev.sluice.config.ConfigTesting.config;
import static dev.sluice.config.ConfigTesting.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Errors in the file's shape: names, types and notations, found while reading the YAML. */
class ConfigShapeTest {

  @Test
  void unknownFieldIsReportedWithItsPathAndTheKnownFields() {
    assertThat(problems("""
        routes:
          - name: gpt
            match:
              modles: [gpt-4o]
        """)).containsExactly(
            "routes[0].match.modles: unknown field (expected one of: models, teams, projects, headers, promptTokens)");
  }

  @Test
  void unknownTopLevelSectionIsReported() {
    assertThat(problems("backend: []\n")).containsExactly(
        "backend: unknown field (expected one of: server, admin, backends, routes, teams, keys, pricing,"
            + " store, observability, estimates)");
  }

  @Test
  void duplicateKeyIsReportedWithItsPath() {
    assertThat(problems("""
        server:
          port: 8080
          port: 9090
        """)).containsExactly("server.port: duplicate key (each key may appear once per mapping)");
  }

  @Test
  void invalidDurationIsReportedWithItsPath() {
    assertThat(problems("""
        backends:
          - { name: a, type: mock }
          - { name: b, type: mock }
          - { name: c, type: mock, timeouts: { connect: 2x } }
        """)).containsExactly(
            "backends[2].timeouts.connect: invalid duration '2x' (expected e.g. 250ms, 2s, 1m, 1h, 1d)");
  }

  @Test
  void plainNumberIsNotADuration() {
    assertThat(problems("server: { drainTimeout: 30 }\n")).containsExactly(
        "server.drainTimeout: invalid duration '30': missing unit (expected e.g. 250ms, 2s, 1m, 1h, 1d)");
  }

  @Test
  void mappingWhereADurationBelongsIsReported() {
    assertThat(problems("server: { drainTimeout: { seconds: 30 } }\n")).containsExactly(
        "server.drainTimeout: expected a duration (expected e.g. 250ms, 2s, 1m, 1h, 1d)");
  }

  @Test
  void invalidSizeAndPercentageAreReportedWithTheirPaths() {
    assertThat(problems("server: { maxRequestBytes: 10XB }\n")).containsExactly(
        "server.maxRequestBytes: invalid size '10XB' (expected e.g. 512, 64KiB, 10MiB, 1GiB, 10MB)");
    assertThat(problems("backends: [ { name: m, type: mock, circuitBreaker: { failureRate: 150% } } ]\n"))
        .containsExactly("backends[0].circuitBreaker.failureRate: invalid percentage '150%'"
            + " (expected 0% to 100%, e.g. 50%)");
  }

  @Test
  void sizesAndPercentagesAcceptNumbers() {
    SluiceConfig config = config("""
        server: { maxRequestBytes: 512 }
        backends: [ { name: m, type: mock, circuitBreaker: { failureRate: 25 } } ]
        """);

    assertThat(config.server().maxRequestBytes()).isEqualTo(new ByteSize(512));
    assertThat(config.backends().getFirst().circuitBreaker().failureRate()).isEqualTo(new Percent(0.25));
  }

  @Test
  void wrongTypeNamesWhatWasExpected() {
    assertThat(problems("server: { port: abc }\n"))
        .containsExactly("server.port: expected a whole number, found text");
    assertThat(problems("routes: [ { name: r, targets: [ { backend: m, weight: 1.5 } ] } ]\n"))
        .containsExactly("routes[0].targets[0].weight: expected a whole number, found 1.5");
    assertThat(problems("server: [ 8080 ]\n")).containsExactly("server: expected a mapping, found a list");
    assertThat(problems("server: { host: { name: x } }\n"))
        .containsExactly("server.host: expected text, found a mapping");
    assertThat(problems("- server\n")).containsExactly("(top level): expected a mapping, found a list");
  }

  @Test
  void numberTooLargeIsReportedWithTheLimit() {
    assertThat(problems("server: { port: 99999999999 }\n"))
        .containsExactly("server.port: number out of range (expected: at most 2147483647)");
  }

  @Test
  void unknownBackendTypeListsTheTypes() {
    assertThat(problems("backends: [ { name: x, type: openia } ]\n")).containsExactly(
        "backends[0].type: unknown backend type 'openia' (expected one of: openai, azure-openai,"
            + " anthropic, bedrock, vertex, gemini, openai-compatible, mock)");
  }

  @Test
  void invalidInstantShowsTheExpectedForm() {
    assertThat(problems("keys: [ { id: k, key: sk-test, expiresAt: tomorrow } ]\n")).containsExactly(
        "keys[0].expiresAt: expected an ISO-8601 instant such as 2027-01-01T00:00:00Z");
  }

  @Test
  void textInTheWrongPlaceIsNotEchoed() {
    List<String> problems = problems("""
        backends:
          - { name: b, type: bedrock, region: us-east-1, aws: AKIAVERYSECRET }
        """);

    assertThat(problems).containsExactly("backends[0].aws: expected a mapping, found text");
    assertThat(String.join("\n", problems)).doesNotContain("AKIAVERYSECRET");
  }

  @Test
  void yamlSyntaxErrorIsReportedWithLineAndColumn() {
    assertThat(problems("""
        server:
          port: 8080
         host: x
        """)).containsExactly(
            "line 3, column 2: invalid YAML: expected <block end>, but found '<block mapping start>'");
  }

  @Test
  void emptyFileIsAProblem() {
    assertThat(problems("# nothing here\n")).containsExactly(
        "(top level): empty (expected a mapping with sections such as backends and routes)");
  }

  @Test
  void secondYamlDocumentIsAProblem() {
    assertThat(problems("server: { port: 1 }\n---\nserver: { port: 2 }\n")).containsExactly(
        "(top level): more than one YAML document (expected one; remove the extra '---')");
  }

  @Test
  void singleValueIsAcceptedWhereAListBelongs() {
    SluiceConfig config = config("""
        backends: [ { name: m, type: mock } ]
        teams: [ { name: research, projects: [ { name: search } ] } ]
        routes:
          - name: gpt
            match:
              models: gpt-4o
              teams: research
              projects: search
              headers: { x-env: prod, x-tier: [gold, silver] }
            targets: { backend: m }
            retry: { on: 429 }
        """);

    RouteConfig.Match match = config.routes().getFirst().match();
    assertThat(match.models()).containsExactly("gpt-4o");
    assertThat(match.teams()).containsExactly("research");
    assertThat(match.projects()).containsExactly("search");
    assertThat(match.headers()).containsEntry("x-env", List.of("prod"))
        .containsEntry("x-tier", List.of("gold", "silver"));
    assertThat(config.routes().getFirst().targets()).hasSize(1);
    assertThat(config.routes().getFirst().retry().on()).containsExactly("429");
  }
}
