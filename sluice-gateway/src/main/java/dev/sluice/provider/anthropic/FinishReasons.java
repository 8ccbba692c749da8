package dev.sluice.provider.anthropic;

/** Anthropic's {@code stop_reason} as OpenAI's {@code finish_reason}. */
final class FinishReasons {
  private FinishReasons() {}

  static String of(String stopReason) {
    if (stopReason == null) {
      return "stop";
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "refusal" -> "content_filter"; // the model declined for safety reasons
      // end_turn, stop_sequence; pause_turn only follows server tools, which Sluice never sends.
      default -> "stop";
    };
  }
}
