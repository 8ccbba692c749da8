package dev.sluice.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.provider.TokenUsage;
import java.io.IOException;

/**
 * Answers are untrusted bytes, and the usage scan stands in for the Jackson reader: whatever the
 * bytes, a usage the scan reads must be the one the reader reads (the reader must not refuse it
 * either). The seeds are OpenAI's shapes, so mutations start from objects the scan accepts.
 */
class OpenAiUsageScanFuzzTest {
  /** Whatever the bytes, a usage the scan reads is the one the reader reads. */
  @FuzzTest(maxDuration = "10s")
  void theScanAgreesWithTheReader(FuzzedDataProvider data) throws IOException {
    byte[] json = data.consumeRemainingAsBytes();
    TokenUsage scanned = OpenAiUsageScan.read(json, 0);
    if (scanned != null) {
      assertThat(OpenAiUsageScanTest.parsed(json, 0)).isEqualTo(scanned);
    }
  }
}
