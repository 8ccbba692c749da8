package dev.sluice.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseSplitterTest {
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void eventsCutAnywhereComeOutWholeWithTheirNameAndData() throws Refused {
    String stream = "event: error\r\ndata: {\"a\":1}\r\n\r\n: keep-alive\n\nevent: x\nevent: y\n"
        + "data: one\ndata:two\n\n";
    for (int cut = 0; cut <= stream.length(); cut++) {
      SseSplitter<Refused> splitter = new SseSplitter<>(1024, Refused::new);
      List<String> seen = new ArrayList<>();
      SseSplitter.EventHandler<Refused> handler = (buffer, from, to) -> seen.add(
          SseSplitter.eventName(buffer, from, to) + "|" + SseSplitter.data(buffer, from, to));
      splitter.feed(bytes(stream.substring(0, cut)), handler);
      splitter.feed(bytes(stream.substring(cut)), handler);

      assertThat(seen).as("cut at %d", cut)
          .containsExactly("error|{\"a\":1}", "null|null", "y|one\ntwo");
      assertThat(splitter.hasPending()).isFalse();
    }
  }

  @Test
  void anEventOverTheBoundFailsInTheCallersExceptionType() {
    SseSplitter<Refused> splitter = new SseSplitter<>(16, Refused::new);
    assertThatThrownBy(() -> splitter.feed(bytes("data: " + "x".repeat(40)), (b, f, t) -> { }))
        .isInstanceOf(Refused.class).hasMessageContaining("larger than 16 bytes");
  }
}
