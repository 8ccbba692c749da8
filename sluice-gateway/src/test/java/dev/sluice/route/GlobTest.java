package dev.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {
  @Test
  void exactNamesMatchOnlyThemselves() {
    assertThat(Glob.of("gpt-4o").matches("gpt-4o")).isTrue();
    assertThat(Glob.of("gpt-4o").matches("gpt-4o-mini")).isFalse();
    assertThat(Glob.of("gpt-4o").prefix()).isNull();
    assertThat(Glob.of("gpt").prefix()).isNull();
  }

  @Test
  void aTrailingStarMatchesItsPrefixAndNothingElse() {
    assertThat(Glob.of("*").matches("anything at all\n")).isTrue();
    assertThat(Glob.of("*").matches("")).isTrue();
    assertThat(Glob.of("*").prefix()).isEmpty();
    Glob family = Glob.of("gpt-4o-*");
    assertThat(family.prefix()).isEqualTo("gpt-4o-");
    assertThat(family.matches("gpt-4o-mini")).isTrue();
    assertThat(family.matches("gpt-4o-")).isTrue();
    assertThat(family.matches("gpt-4o")).isFalse();
    assertThat(family.matches("xgpt-4o-mini")).isFalse();
    assertThat(Glob.of("gpt-4o*").matches("gpt-4o-mini")).isTrue();
    assertThat(Glob.of("gpt-*").prefix()).isEqualTo("gpt-");
    // Regex characters in the literal are literal.
    assertThat(Glob.of("gpt.4*").matches("gpt.4o")).isTrue();
    assertThat(Glob.of("gpt.4*").matches("gptx4o")).isFalse();
    assertThat(Glob.of("a.b*").matches("aXb")).isFalse();
    assertThat(Glob.of("a.b*").matches("a.bc")).isTrue();
  }

  @Test
  void otherWildcardsMatchAnywhere() {
    assertThat(Glob.of("*-mini").matches("gpt-4o-mini")).isTrue();
    assertThat(Glob.of("*-mini").matches("gpt-4o-mini-2024")).isFalse();
    assertThat(Glob.of("gpt-?o").matches("gpt-4o")).isTrue();
    assertThat(Glob.of("gpt-?o").matches("gpt-40o")).isFalse();
    assertThat(Glob.of("m?").matches("m12")).isFalse();
    assertThat(Glob.of("claude-*-sonnet*").matches("claude-3-5-sonnet-latest")).isTrue();
    assertThat(Glob.of("claude-*-sonnet*").prefix()).isNull();
    assertThat(Glob.of("a?*").prefix()).isNull();
    assertThat(Glob.of("*-mini").prefix()).isNull();
    assertThat(Glob.of("o?-*").prefix()).isNull();
    assertThat(Glob.of("a?*").matches("ab")).isTrue();
    assertThat(Glob.of("a?*").matches("a")).isFalse();
  }
}
