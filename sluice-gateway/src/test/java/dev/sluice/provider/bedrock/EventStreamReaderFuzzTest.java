package dev.sluice.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.provider.ProviderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bedrock's binary event stream is untrusted: any bytes decode to messages or fail with a
 * {@link ProviderException} (a broken answer, failed over like a 502), never anything else, and
 * where the stream is cut between reads never changes the messages.
 */
class EventStreamReaderFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void anySplitOfAnyBytesYieldsTheSameMessages(FuzzedDataProvider data) {
    int cut = data.consumeInt(0, 4096);
    byte[] stream = data.consumeRemainingAsBytes();
    List<String> whole = messages(List.of(stream));
    List<String> split = messages(List.of(
        Arrays.copyOfRange(stream, 0, Math.min(cut, stream.length)),
        Arrays.copyOfRange(stream, Math.min(cut, stream.length), stream.length)));

    if (whole != null && split != null) {
      assertThat(split).isEqualTo(whole);
    }
  }

  private static List<String> messages(List<byte[]> chunks) {
    EventStreamReader reader = new EventStreamReader(64 * 1024);
    List<String> messages = new ArrayList<>();
    try {
      for (byte[] chunk : chunks) {
        reader.feed(chunk, message -> messages.add(
            message.getHeaders() + Arrays.toString(message.getPayload())));
      }
      return messages;
    } catch (ProviderException refused) {
      return null;
    }
  }
}
