package dev.sluice.api.anthropic;

/**
 * What an Anthropic answer says the same way streamed or not: its id and its stop reason.
 *
 * <p>OpenAI {@code finish_reason} to Anthropic {@code stop_reason}: OpenAI's "stop" covers both
 * a natural end and a stop sequence without saying which, so it is always {@code end_turn} (and
 * {@code stop_sequence} is null). A refusal ({@code message.refusal}, or a content filter) is
 * Anthropic's {@code refusal}.
 */
final class Answers {
  private Answers() {}

  static String stopReason(String finishReason, boolean refused) {
    if (refused) {
      return "refusal";
    }
    if (finishReason == null) {
      return "end_turn"; // a backend that ended without saying why ended its turn
    }
    return switch (finishReason) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> "end_turn";
    };
  }

  /** Anthropic message ids start with {@code msg_}; an id that already does is kept. */
  static String messageId(String openAiId) {
    String id = openAiId == null ? "" : openAiId;
    return id.startsWith("msg_") ? id : "msg_" + id;
  }
}
