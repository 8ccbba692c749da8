package dev.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Endpoint;
import dev.sluice.api.GatewayError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PipelineTest {
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

    assertThat(channel.failures()).singleElement().satisfies(error -> {
      assertThat(error).isInstanceOf(GatewayError.Internal.class);
      assertThat(error.status()).isEqualTo(500);
      assertThat(error.message()).doesNotContain("a bug"); // internals stay in the diagnostic log
    });
  }
}
