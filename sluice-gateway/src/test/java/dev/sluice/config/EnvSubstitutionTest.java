package dev.sluice.config;

import static dev.sluice.config.ConfigTesting.config;
import static dev.sluice.config.ConfigTesting.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

  @Test
  void variablesAreReplacedBeforeParsingSoTheyMayHoldNumbers() {
    SluiceConfig config = config("""
        server: { port: ${PORT} }
        admin: { token: "${ADMIN_TOKEN}" }
        """, Map.of("PORT", "9090", "ADMIN_TOKEN", "0123456789abcdef0123"));

    assertThat(config.server().port()).isEqualTo(9090);
    assertThat(config.admin().token()).isEqualTo("0123456789abcdef0123");
  }

  @Test
  void defaultAppliesWhenTheVariableIsUnsetOrEmpty() {
    String yaml = "server: { host: \"${HOST:-0.0.0.0}\" }\n";

    assertThat(config(yaml, Map.of()).server().host()).isEqualTo("0.0.0.0");
    assertThat(config(yaml, Map.of("HOST", "")).server().host()).isEqualTo("0.0.0.0");
    assertThat(config(yaml, Map.of("HOST", "10.0.0.1")).server().host()).isEqualTo("10.0.0.1");
  }

  @Test
  void emptyDefaultGivesEmptyText() {
    SluiceConfig config = config("""
        backends:
          - name: bedrock-us
            type: bedrock
            region: us-east-1
            aws: { accessKeyId: AKIA, secretAccessKey: secret, sessionToken: "${AWS_SESSION_TOKEN:-}" }
        """);

    assertThat(config.backends().getFirst().aws().sessionToken()).isEmpty();
  }

  @Test
  void variableSetToEmptyIsNotAnError() {
    SluiceConfig config = config("admin: { token: \"${TOKEN}\" }\n", Map.of("TOKEN", ""));

    assertThat(config.admin().token()).isEmpty();
  }

  @Test
  void unsetVariableWithoutDefaultIsReportedWithItsLine() {
    assertThat(problems("""
        backends:
          - name: openai
            type: openai
            apiKey: ${OPENAI_API_KEY}
        admin: { token: "${SLUICE_ADMIN_TOKEN}" }
        """)).containsExactly(
            "${OPENAI_API_KEY}: environment variable is not set (line 4)",
            "${SLUICE_ADMIN_TOKEN}: environment variable is not set (line 5)");
  }

  @Test
  void doubleDollarWritesALiteralReference() {
    SluiceConfig config = config("admin: { token: \"pa$${ss}word-0123456789\" }\n");

    assertThat(config.admin().token()).isEqualTo("pa${ss}word-0123456789");
  }

  @Test
  void wholeLineCommentsAreLeftAlone() {
    SluiceConfig config = config("""
        server:
          # adminPort: ${RETIRED_ADMIN_PORT}
          port: 0
        """);

    assertThat(config.server().port()).isZero();
  }

  @Test
  void malformedReferencesAreReported() {
    assertThat(problems("""
        admin: { token: "${not a name}" }
        server:
          host: ${HOST
        """)).containsExactly(
            "${not a name}: invalid reference (expected ${NAME} or ${NAME:-default}) (line 1)",
            "${: unclosed reference (expected ${NAME} or ${NAME:-default}; write $${ for a literal ${) (line 3)");
  }

  @Test
  void textWithoutReferencesIsUnchanged() {
    String text = "a: $HOME and $ and {x} and $$ end\r\nb: 1";

    assertThat(EnvSubstitution.apply(text, Map.of()).text()).isEqualTo(text);
  }
}
