package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueFormatsTest {

  @ParameterizedTest
  @CsvSource({"250ms, PT0.25S", "2s, PT2S", "1m, PT1M", "1h, PT1H", "1d, PT24H", "0s, PT0S"})
  void parsesDurationsInEachUnit(String text, Duration expected) {
    assertThat(ValueFormats.parseDuration(text)).isEqualTo(expected);
  }

  @Test
  void durationWithUnknownUnitNamesTheNotation() {
    assertThatThrownBy(() -> ValueFormats.parseDuration("2x"))
        .hasMessage("invalid duration '2x' (expected e.g. 250ms, 2s, 1m, 1h, 1d)");
  }

  @Test
  void durationWithoutUnitSaysTheUnitIsMissing() {
    assertThatThrownBy(() -> ValueFormats.parseDuration("30"))
        .hasMessage("invalid duration '30': missing unit (expected e.g. 250ms, 2s, 1m, 1h, 1d)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1s", "1.5s", "2 s", "2S", "PT2S", ""})
  void durationsOutsideTheNotationAreRejected(String text) {
    assertThatThrownBy(() -> ValueFormats.parseDuration(text))
        .hasMessageStartingWith("invalid duration '" + text + "'");
  }

  @Test
  void hugeDurationIsTooLarge() {
    assertThatThrownBy(() -> ValueFormats.parseDuration("99999999999999999999d"))
        .hasMessage("invalid duration '99999999999999999999d': too large");
  }

  @ParameterizedTest
  @CsvSource({
      "512, 512", "5B, 5", "64KiB, 65536", "10MiB, 10485760", "1GiB, 1073741824",
      "10KB, 10000", "10MB, 10000000", "1GB, 1000000000", "10 MiB, 10485760", "2mib, 2097152"})
  void parsesSizesInDecimalAndBinaryUnits(String text, long bytes) {
    assertThat(ValueFormats.parseSize(text)).isEqualTo(new ByteSize(bytes));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10XB", "-1", "1.5MiB", "MiB"})
  void sizesOutsideTheNotationAreRejected(String text) {
    assertThatThrownBy(() -> ValueFormats.parseSize(text))
        .hasMessage("invalid size '" + text + "' (expected e.g. 512, 64KiB, 10MiB, 1GiB, 10MB)");
  }

  @Test
  void hugeSizeIsTooLarge() {
    assertThatThrownBy(() -> ValueFormats.parseSize("99999999999GiB"))
        .hasMessage("invalid size '99999999999GiB': too large");
  }

  @ParameterizedTest
  @CsvSource({"50%, 0.5", "12.5%, 0.125", "50, 0.5", "0%, 0", "100%, 1"})
  void parsesPercentagesWithOrWithoutSign(String text, double ratio) {
    assertThat(ValueFormats.parsePercent(text).ratio()).isEqualTo(ratio);
  }

  @ParameterizedTest
  @ValueSource(strings = {"150%", "-5%", "half", "0.5.1"})
  void percentagesOutsideZeroToHundredAreRejected(String text) {
    assertThatThrownBy(() -> ValueFormats.parsePercent(text))
        .hasMessage("invalid percentage '" + text + "' (expected 0% to 100%, e.g. 50%)");
  }

  @Test
  void formatsDurationsInTheLargestExactUnit() {
    assertThat(ValueFormats.format(Duration.ofMillis(100))).isEqualTo("100ms");
    assertThat(ValueFormats.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(ValueFormats.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(ValueFormats.format(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(ValueFormats.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(ValueFormats.format(Duration.ofSeconds(-1))).isEqualTo("-1s");
    assertThat(ValueFormats.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
  }

  @Test
  void formatsNumbersAndPercentagesAsWritten() {
    assertThat(ValueFormats.format(2.0)).isEqualTo("2");
    assertThat(ValueFormats.format(0.5)).isEqualTo("0.5");
    assertThat(ValueFormats.format(new Percent(0.125))).isEqualTo("12.5%");
  }
}
