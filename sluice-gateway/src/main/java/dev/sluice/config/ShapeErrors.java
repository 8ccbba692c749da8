package dev.sluice.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns Jackson's exceptions into {@code path: reason} lines in the user's vocabulary (YAML
 * names, "a mapping", "a whole number"), not Java's. Text values are never echoed: a secret
 * written into the wrong field must not reach a terminal or a CI log.
 */
final class ShapeErrors {
  private ShapeErrors() {}

  static Problem toProblem(JsonProcessingException e) {
    MarkedYAMLException syntax = cause(e, MarkedYAMLException.class);
    if (syntax != null) {
      Mark mark = syntax.getProblemMark();
      String where = mark == null
          ? ConfigYaml.TOP_LEVEL
          : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
      return new Problem(where, "invalid YAML: " + syntax.getProblem());
    }
    String path = pathOf(e);
    return new Problem(path.isEmpty() ? ConfigYaml.TOP_LEVEL : path, reasonOf(e));
  }

  private static String pathOf(JsonProcessingException e) {
    // Errors raised while reading (duplicate keys, number overflow) are best located by the
    // parser itself: databind only knows the enclosing object.
    StreamReadException read = cause(e, StreamReadException.class);
    if (read != null && read.getProcessor() instanceof JsonParser parser) {
      List<Object> segments = new ArrayList<>();
      JsonStreamContext context = parser.getParsingContext();
      for (; context != null && !context.inRoot(); context = context.getParent()) {
        Object segment = context.inArray() ? context.getCurrentIndex() : context.getCurrentName();
        segments.addFirst(segment);
      }
      return join(segments);
    }
    if (e instanceof JsonMappingException mapping) {
      List<Object> segments = new ArrayList<>();
      for (JsonMappingException.Reference reference : mapping.getPath()) {
        String field = reference.getFieldName();
        segments.add(field != null ? field : (Object) reference.getIndex());
      }
      return join(segments);
    }
    return "";
  }

  /** {@code ["routes", 0, "targets"]} -> {@code routes[0].targets}. */
  private static String join(List<Object> segments) {
    StringBuilder path = new StringBuilder();
    for (Object segment : segments) {
      if (segment instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else if (segment != null) {
        path.append(path.isEmpty() ? "" : ".").append(segment);
      }
    }
    return path.toString();
  }

  private static String reasonOf(JsonProcessingException e) {
    StreamReadException read = cause(e, StreamReadException.class);
    if (read != null && read.getOriginalMessage().startsWith("Duplicate field")) {
      return "duplicate key (each key may appear once per mapping)";
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field (expected one of: " + knownFields(unknown) + ")";
    }
    if (e instanceof ValueNotationModule.NotationException) {
      return e.getOriginalMessage();
    }
    InputCoercionException range = cause(e, InputCoercionException.class);
    if (range != null) {
      return "number out of range (expected: at most " + maximum(range.getTargetType()) + ")";
    }
    // Checks in constructors and @JsonCreator methods, e.g. "unknown backend type 'foo' (...)".
    IllegalArgumentException rejected = cause(e, IllegalArgumentException.class);
    if (rejected != null && rejected.getMessage() != null) {
      return rejected.getMessage();
    }
    if (e instanceof InvalidFormatException format) {
      Class<?> type = format.getTargetType();
      return "expected " + describe(type) + found(type, format.getValue());
    }
    if (e instanceof MismatchedInputException mismatch) {
      return "expected " + describe(mismatch.getTargetType()) + found(mismatch.getCurrentToken());
    }
    return e.getOriginalMessage();
  }

  /** In the order the record declares them, which is the order the SPEC documents them in. */
  private static String knownFields(UnrecognizedPropertyException unknown) {
    Class<?> type = unknown.getReferringClass();
    Stream<String> names = type != null && type.isRecord()
        ? Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
        : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted();
    return names.collect(Collectors.joining(", "));
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "a different value";
    } else if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    } else if (Number.class.isAssignableFrom(type) || type == double.class) {
      return "a number";
    } else if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    } else if (type == Instant.class) {
      return "an ISO-8601 instant such as 2027-01-01T00:00:00Z";
    } else if (type == String.class || type.isEnum()) {
      return "text";
    } else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    } else if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping";
    }
    return "a " + type.getSimpleName();
  }

  /** What stood where a number or boolean belonged: numbers are echoed, text only named. */
  private static String found(Class<?> type, Object value) {
    boolean scalarExpected = type != null && (Number.class.isAssignableFrom(type)
        || type.isPrimitive() || type == Boolean.class);
    if (!scalarExpected || value == null) {
      return "";
    }
    return value instanceof String ? ", found text" : ", found " + value;
  }

  private static String found(JsonToken token) {
    if (token == null) {
      return "";
    }
    return switch (token) {
      case START_OBJECT -> ", found a mapping";
      case START_ARRAY -> ", found a list";
      case VALUE_STRING -> ", found text";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ", found a number";
      case VALUE_TRUE, VALUE_FALSE -> ", found true/false";
      default -> "";
    };
  }

  private static String maximum(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return String.valueOf(Integer.MAX_VALUE);
    }
    return String.valueOf(Long.MAX_VALUE);
  }

  /** The exception itself or its nearest cause of the given type, else null. */
  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
