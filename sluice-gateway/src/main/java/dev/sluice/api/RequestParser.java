package dev.sluice.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads an OpenAI-shaped request body once, with Jackson's streaming parser: the fields the
 * pipeline needs are picked out and every other value is skipped (skipping still tokenizes, so
 * malformed JSON anywhere in the body is caught here, before anything reaches a provider).
 */
public final class RequestParser {
  private static final JsonFactory JSON = new JsonFactory();

  private RequestParser() {}

  /** Thrown with the 400 to answer; no stack trace, it is a normal rejection path. */
  public static final class InvalidRequestException extends Exception {
    private final GatewayError.InvalidRequest error;

    InvalidRequestException(String code, String message, String param) {
      super(message, null, false, false);
      this.error = new GatewayError.InvalidRequest(code, message, param);
    }

    public GatewayError.InvalidRequest error() {
      return error;
    }
  }

  public static ClientRequest parse(Endpoint endpoint, byte[] body) throws InvalidRequestException {
    return parse(endpoint, body, null);
  }

  /** A request, and its prompt's token estimate taken in the same pass. */
  public record Estimated(ClientRequest request, long promptTokens) {}

  /**
   * {@link #parse}, counting the prompt while it is walked instead of skipped: the estimate is
   * the one {@link TokenCounter#estimatePrompt} gives, without a second pass over the body. For
   * pipelines whose limits, budgets or routes use it (the walk costs more than a skip).
   */
  public static Estimated parseEstimating(Endpoint endpoint, byte[] body)
      throws InvalidRequestException {
    TokenCounter.PromptTally tally = new TokenCounter.PromptTally();
    ClientRequest request = parse(endpoint, body, tally);
    return new Estimated(request,
        endpoint == Endpoint.EMBEDDINGS ? tally.inputTokens() : tally.tokens());
  }

  private static ClientRequest parse(Endpoint endpoint, byte[] body, TokenCounter.PromptTally tally)
      throws InvalidRequestException {
    try (JsonParser json = JSON.createParser(body)) {
      return read(endpoint, body, json, tally);
    } catch (JsonParseException e) {
      throw invalidJson(e.getOriginalMessage());
    } catch (IOException e) {
      throw invalidJson(e.getMessage());
    }
  }

  private static ClientRequest read(Endpoint endpoint, byte[] body, JsonParser json,
      TokenCounter.PromptTally tally) throws IOException, InvalidRequestException {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      throw new InvalidRequestException(
          "invalid_json", "The request body must be a JSON object.", null);
    }
    String model = null;
    boolean stream = false;
    boolean includeUsage = false;
    long maxOutputTokens = -1;
    boolean sawPayload = false; // messages (chat) or input (embeddings)
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "model" -> model = expectString(json, value, "model");
        case "stream" -> stream = expectBoolean(value, "stream");
        case "stream_options" -> includeUsage = readIncludeUsage(json, value);
        case "max_tokens", "max_completion_tokens" -> {
          long n = expectCount(json, value, field);
          // max_completion_tokens supersedes the deprecated max_tokens when both are given.
          if (n >= 0 && (maxOutputTokens < 0 || field.equals("max_completion_tokens"))) {
            maxOutputTokens = n;
          }
        }
        case "messages" -> {
          if (endpoint == Endpoint.CHAT) {
            if (value != JsonToken.START_ARRAY) {
              throw wrongType("messages", "an array");
            }
            sawPayload = true;
            if (tally != null) {
              tally.messages(json); // to the array's end, as skipChildren would
            }
          }
          json.skipChildren(); // no-op after the tally: it stops on the array's end
        }
        case "input" -> {
          if (endpoint == Endpoint.EMBEDDINGS) {
            if (value != JsonToken.VALUE_STRING && value != JsonToken.START_ARRAY) {
              throw wrongType("input", "a string or an array");
            }
            sawPayload = true;
            if (tally != null) {
              tally.input(json);
            }
          }
          json.skipChildren();
        }
        default -> json.skipChildren();
      }
    }
    if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
      throw invalidJson("unexpected content after the JSON object");
    }
    if (model == null || model.isEmpty()) {
      throw new InvalidRequestException(
          "missing_model", "You must provide a model parameter.", "model");
    }
    if (!sawPayload) {
      String param = endpoint == Endpoint.EMBEDDINGS ? "input" : "messages";
      throw new InvalidRequestException(
          "missing_required_parameter", "Missing required parameter: '" + param + "'.", param);
    }
    if (endpoint == Endpoint.EMBEDDINGS && stream) {
      throw new InvalidRequestException(
          "invalid_value", "Embeddings cannot be streamed.", "stream");
    }
    return new ClientRequest(endpoint, body, model, stream, includeUsage, maxOutputTokens);
  }

  private static boolean readIncludeUsage(JsonParser json, JsonToken value)
      throws IOException, InvalidRequestException {
    if (value == JsonToken.VALUE_NULL) {
      return false;
    }
    if (value != JsonToken.START_OBJECT) {
      throw wrongType("stream_options", "an object");
    }
    boolean includeUsage = false;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken inner = json.nextToken();
      if (field.equals("include_usage")) {
        includeUsage = expectBoolean(inner, "stream_options.include_usage");
      } else {
        json.skipChildren();
      }
    }
    return includeUsage;
  }

  private static String expectString(JsonParser json, JsonToken value, String param)
      throws IOException, InvalidRequestException {
    if (value != JsonToken.VALUE_STRING) {
      throw wrongType(param, "a string");
    }
    return json.getText();
  }

  private static boolean expectBoolean(JsonToken value, String param)
      throws InvalidRequestException {
    return switch (value) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      default -> throw wrongType(param, "a boolean");
    };
  }

  private static long expectCount(JsonParser json, JsonToken value, String param)
      throws IOException, InvalidRequestException {
    if (value == JsonToken.VALUE_NULL) {
      return -1;
    }
    if (value == JsonToken.VALUE_NUMBER_INT
        && json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      // past a long: getLongValue would throw, and the client would read a JSON syntax error
      throw new InvalidRequestException("invalid_value",
          "Invalid '" + param + "': expected an integer from 1 to " + Long.MAX_VALUE + ".", param);
    }
    if (value != JsonToken.VALUE_NUMBER_INT || json.getLongValue() < 1) {
      throw new InvalidRequestException(
          "invalid_type", "Invalid '" + param + "': expected an integer >= 1.", param);
    }
    return json.getLongValue();
  }

  private static InvalidRequestException wrongType(String param, String expected) {
    return new InvalidRequestException(
        "invalid_type", "Invalid type for '" + param + "': expected " + expected + ".", param);
  }

  private static InvalidRequestException invalidJson(String detail) {
    return new InvalidRequestException(
        "invalid_json",
        "We could not parse the JSON body of your request (" + detail + ").",
        null);
  }
}
