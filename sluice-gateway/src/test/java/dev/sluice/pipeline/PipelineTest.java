package dev.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Endpoint;
import dev.sluice.api.GatewayError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {
  /** Records what the pipeline answered. */
  static final class RecordingChannel implements ClientChannel {
    final List<GatewayError> failures = new ArrayList<>();

    public void header(String name, String value) {}

    public void respond(int status, String contentType, byte[] body) {}

    public void fail(GatewayError error) {
      failures.add(error);
    }

    public void startStream() {}

    public boolean write(byte[] bytes) {
      return true;
    }

    public void onWritable(Runnable drained) {}

    public void endStream(byte[] lastBytes) {}

    public boolean committed() {
      return !failures.isEmpty();
    }

    public void onClientGone(Runnable gone) {}
  }

  @Test
  void aDefectInAStageStillAnswersTheClient() {
    Stage pass = exchange -> Decision.PROCEED;
    Stage broken = exchange -> {
      throw new IllegalStateException("a bug");
    };
    Terminal never = exchange -> {
      throw new AssertionError("not reached");
    };
    Observer observeNothing = new Observer() {
      @Override
      public void begin(Exchange exchange) {}

      @Override
      public void accept(Exchange exchange) {}
    };
    Pipeline pipeline = Pipeline.standard(pass, pass, broken, pass, never, never, observeNothing);
    RecordingChannel channel = new RecordingChannel();
    Exchange exchange = new Exchange("r", Endpoint.CHAT, name -> null, channel, System.nanoTime(), 0);

    pipeline.handle(exchange, "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8));

    assertThat(channel.failures).singleElement().satisfies(error -> {
      assertThat(error).isInstanceOf(GatewayError.Internal.class);
      assertThat(error.status()).isEqualTo(500);
      assertThat(error.message()).doesNotContain("a bug"); // internals stay in the diagnostic log
    });
  }
}
