package dev.sluice.provider.anthropic;

import dev.sluice.provider.ProviderException;
import java.util.Set;

/** What is done with content block types other than text and tool_use. */
final class Content {
  /**
   * Extended thinking, which Sluice never asks for: should a model think anyway, the thinking is
   * not part of the answer, and OpenAI's chat schema has no place for it (its tokens are still
   * counted in output_tokens).
   */
  private static final Set<String> SKIPPED = Set.of("thinking", "redacted_thinking");

  private Content() {}

  static boolean skipped(String type) {
    return type != null && SKIPPED.contains(type);
  }

  /**
   * Any other block type would be answer content Sluice cannot translate; dropping it would give
   * the client part of an answer as if it were all of it.
   */
  static ProviderException unexpected(String type) {
    return new ProviderException("the provider answered with a content block of type '" + type
        + "', which Sluice cannot translate to OpenAI's schema");
  }
}
