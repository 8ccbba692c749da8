package dev.sluice.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The model label: client input, so bounded to routed models and to a fixed number of them. */
class ModelLabelsTest {

  @Test
  void aModelNoRouteServesIsOther() {
    ModelLabels labels = new ModelLabels(model -> model.startsWith("gpt-"));

    assertThat(labels.of("gpt-4o")).isEqualTo("gpt-4o");
    assertThat(labels.of("random-12345")).isEqualTo("_OTHER");
    assertThat(labels.of(null)).isEmpty();
  }

  @Test
  void atMostMaxModelsBecomeLabelsAndThoseKeepTheirs() {
    ModelLabels labels = new ModelLabels(model -> true); // a catch-all route matches anything

    for (int i = 0; i < ModelLabels.MAX_MODELS; i++) {
      assertThat(labels.of("model-" + i)).isEqualTo("model-" + i);
    }
    assertThat(labels.of("one-too-many")).isEqualTo("_OTHER");
    assertThat(labels.of("model-7")).isEqualTo("model-7");
  }
}
