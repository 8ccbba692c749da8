package dev.sluice.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * Reads durations, byte sizes and percentages in the notations of {@link ValueFormats}. Replaces
 * the ISO-8601 {@code Duration} reading of jackson-datatype-jsr310 ({@code PT2S}), so it must be
 * registered after that module: Jackson consults the most recently added deserializers first.
 */
final class ValueNotationModule extends SimpleModule {

  ValueNotationModule() {
    super("sluice-value-notations");
    addDeserializer(Duration.class, new NotationDeserializer<>(
        Duration.class, "a duration (" + ValueFormats.DURATION_EXAMPLES + ")",
        ValueFormats::parseDuration));
    addDeserializer(ByteSize.class, new NotationDeserializer<>(
        ByteSize.class, "a size (" + ValueFormats.SIZE_EXAMPLES + ")", ValueFormats::parseSize));
    addDeserializer(Percent.class, new NotationDeserializer<>(
        Percent.class, "a percentage (" + ValueFormats.PERCENT_EXAMPLES + ")",
        ValueFormats::parsePercent));
  }

  /**
   * A value the config's own notations reject. Its message is already the reason a user reads,
   * so {@link ShapeErrors} prints it unchanged after the path.
   */
  static final class NotationException extends InvalidFormatException {
    NotationException(JsonParser parser, String reason, Object value, Class<?> targetType) {
      super(parser, reason, value, targetType);
    }
  }

  private static final class NotationDeserializer<T> extends StdDeserializer<T> {
    private final String expected;
    private final Function<String, T> parse;

    NotationDeserializer(Class<T> type, String expected, Function<String, T> parse) {
      super(type);
      this.expected = expected;
      this.parse = parse;
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      JsonToken token = parser.currentToken();
      if (token != JsonToken.VALUE_STRING && !token.isNumeric()) {
        throw new NotationException(parser, "expected " + expected, null, handledType());
      }
      String text = parser.getText();
      try {
        return parse.apply(text);
      } catch (IllegalArgumentException e) {
        throw new NotationException(parser, e.getMessage(), text, handledType());
      }
    }
  }
}
