package dev.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TargetPickerTest {
  static Target t(String backend, int weight, int priority) {
    return new Target(backend, null, weight, priority);
  }

  @Test
  void visitsEveryTargetOfATierBeforeTheNextTier() {
    List<List<Target>> tiers = List.of(List.of(t("a", 1, 0), t("b", 1, 0)), List.of(t("c", 1, 1)));

    for (int seed = 0; seed < 50; seed++) {
      List<Target> order = TargetPicker.order(tiers, new SplittableRandom(seed));
      assertThat(order).hasSize(3);
      assertThat(order.getLast().backend()).isEqualTo("c");
    }
  }

  @Test
  void firstChoiceFollowsTheWeights() {
    List<List<Target>> tiers = List.of(List.of(t("heavy", 9, 0), t("light", 1, 0)));
    SplittableRandom random = new SplittableRandom(42);
    int heavy = 0;
    for (int i = 0; i < 10_000; i++) {
      if (TargetPicker.order(tiers, random).getFirst().backend().equals("heavy")) {
        heavy++;
      }
    }
    assertThat(heavy).isBetween(8_800, 9_200);
  }

  @Test
  void zeroWeightIsNeverChosen() {
    assertThat(TargetPicker.order(List.of(List.of(t("off", 0, 0), t("on", 1, 0))), new SplittableRandom(1)))
        .extracting(Target::backend).containsExactly("on");
  }
}
