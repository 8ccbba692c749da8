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

  @Test
  void thePromptIsCountedInTheParseWhenAStageSaysItWillUseIt() {
    byte[] body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}"
        .getBytes(StandardCharsets.UTF_8);
    long[] seen = new long[2];
    for (boolean uses : new boolean[] {false, true}) {
      Stage authorize = new Stage() {
        @Override
        public Decision apply(Exchange exchange) {
          seen[uses ? 1 : 0] = exchange.promptTokenEstimate();
          return new Decision.Answer(new GatewayError.Internal("stop here"));
        }

        @Override
        public boolean usesPromptTokens(Exchange exchange) {
          return uses;
        }
      };
      Stage pass = exchange -> Decision.PROCEED;
      Terminal never = exchange -> {
        throw new AssertionError("not reached");
      };
      Pipeline pipeline = Pipeline.standard(pass, authorize, pass, pass, never, never, new Observer() {
        @Override
        public void begin(Exchange exchange) {}

        @Override
        public void accept(Exchange exchange) {}
      });

      pipeline.handle(new Exchange("r", Endpoint.CHAT, name -> null, new RecordingChannel(),
          System.nanoTime(), 0), body);
    }

    assertThat(seen[0]).as("not counted: left to a stage that wants it").isEqualTo(-1);
    assertThat(seen[1]).isEqualTo(dev.sluice.api.TokenCounter.estimatePrompt(
        new dev.sluice.api.ClientRequest(Endpoint.CHAT, body, "m", false, false, -1)));
  }
}
