package dev.sluice.provider.gemini;

/** Gemini's {@code finishReason} to OpenAI's {@code finish_reason}. */
final class FinishReasons {
  private FinishReasons() {}

  /**
   * STOP is {@code stop}, or {@code tool_calls} when the candidate called functions (Gemini says
   * STOP either way); MAX_TOKENS is {@code length}; every safety, recitation and blocklist stop
   * is {@code content_filter}. The rest (OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL and reasons
   * added later) have no OpenAI counterpart and read as a plain stop, the way OpenAI clients
   * treat an answer that simply ended. Null (not finished yet) stays null.
   */
  static String of(String gemini, boolean calledFunctions) {
    if (gemini == null) {
      return null;
    }
    return switch (gemini) {
      case "MAX_TOKENS" -> "length";
      case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
          "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> "content_filter";
      default -> calledFunctions ? "tool_calls" : "stop";
    };
  }
}
