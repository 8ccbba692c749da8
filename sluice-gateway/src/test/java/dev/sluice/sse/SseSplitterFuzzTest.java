package dev.sluice.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Provider streams are untrusted bytes. Whatever arrives, the splitter either yields events or
 * refuses with its own exception, and where a stream is cut between reads never changes the
 * events it yields. See docs/testing.md for the fuzzing runs.
 */
class SseSplitterFuzzTest {
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anySplitOfAnyBytesYieldsTheSameEvents(FuzzedDataProvider data) {
    int cut = data.consumeInt(0, 4096);
    byte[] stream = data.consumeRemainingAsBytes();
    List<String> whole = events(List.of(stream));
    List<String> split = events(List.of(
        Arrays.copyOfRange(stream, 0, Math.min(cut, stream.length)),
        Arrays.copyOfRange(stream, Math.min(cut, stream.length), stream.length)));

    if (whole != null && split != null) {
      assertThat(split).isEqualTo(whole);
    }
  }

  /** The events (name and data of each), or null when the splitter refused the stream. */
  private static List<String> events(List<byte[]> chunks) {
    SseSplitter<Refused> splitter = new SseSplitter<>(1024, Refused::new);
    List<String> events = new ArrayList<>();
    try {
      for (byte[] chunk : chunks) {
        splitter.feed(chunk, (buffer, from, to) -> events.add(
            SseSplitter.eventName(buffer, from, to) + "|" + SseSplitter.data(buffer, from, to)));
      }
      return events;
    } catch (Refused refused) {
      return null;
    }
  }
}
