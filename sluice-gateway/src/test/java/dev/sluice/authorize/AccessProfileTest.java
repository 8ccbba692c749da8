package dev.sluice.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessProfileTest {
  @Test
  void absentListsAllowEveryModel() {
    assertThat(AccessProfile.of(null, null).allows("anything")).isTrue();
  }

  @Test
  void aKeyNarrowsItsTeamButCannotWidenIt() {
    AccessProfile profile = AccessProfile.of(List.of("gpt-4o*", "claude-*"), List.of("gpt-4o", "o3"));

    assertThat(profile.allows("gpt-4o")).isTrue();
    assertThat(profile.allows("gpt-4o-mini")).isFalse(); // the team allows it, the key does not
    assertThat(profile.allows("o3")).isFalse(); // the key names it, the team does not
    assertThat(profile.allows("claude-3-opus")).isFalse();
  }

  @Test
  void anEmptyListAllowsNothing() {
    assertThat(AccessProfile.of(List.of(), null).allows("gpt-4o")).isFalse();
  }
}
