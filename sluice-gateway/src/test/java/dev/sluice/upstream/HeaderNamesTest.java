package dev.sluice.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.authorize.RateLimitHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderNamesTest {
  @Test
  void theConstantsSluiceWritesAreFoundPreEncoded() {
    // Constants of other packages: renaming one there must not silently lose its encoding here.
    for (String name : List.of(RateLimitHeaders.LIMIT_REQUESTS, RateLimitHeaders.REMAINING_REQUESTS,
        RateLimitHeaders.RESET_REQUESTS, RateLimitHeaders.LIMIT_TOKENS,
        RateLimitHeaders.REMAINING_TOKENS, RateLimitHeaders.RESET_TOKENS, "traceparent",
        "authorization", "x-sluice-backend")) {
      CharSequence optimized = HeaderNames.optimized(name);
      assertThat(optimized).as(name).isNotInstanceOf(String.class);
      assertThat(optimized.toString()).isEqualTo(name);
    }
    assertThat(HeaderNames.optimizedValue("application/json")).isNotInstanceOf(String.class);
    assertThat(HeaderNames.optimized("x-request-id")).isNotInstanceOf(String.class);
    assertThat(HeaderNames.optimizedValue("text/event-stream")).isNotInstanceOf(String.class);
  }

  @Test
  void anyOtherNameIsWrittenAsItIs() {
    String built = new String("authorization"); // equal, but not the constant: unencoded, still right
    assertThat(HeaderNames.optimized(built)).isSameAs(built);
    assertThat(HeaderNames.optimized("x-custom")).isEqualTo("x-custom");
    assertThat(HeaderNames.optimizedValue("text/plain")).isEqualTo("text/plain");
  }
}
