package dev.sluice.provider.gemini;

/**
 * OpenAI tool-call ids for Gemini function calls, which usually carry none. An id is the
 * call's own {@code id} when Gemini gave one, else {@code call_<response>_<n>}: stable for a
 * given answer (so a stream gives the same ids however it was split) and unique across turns
 * (agents key tool results by id over a whole conversation).
 *
 * <p>Gemini 3 models attach a {@code thoughtSignature} to function calls and refuse the next turn
 * (HTTP 400) unless it comes back with the call. OpenAI clients keep nothing of a tool call but
 * its id, name and arguments, so the signature rides in the id, after {@link #SEPARATOR} — the
 * same convention LiteLLM uses, so conversations moved between the two keep working.
 */
final class ToolCallIds {
  static final String SEPARATOR = "__thought__";

  private ToolCallIds() {}

  /**
   * @param callId Gemini's id for the call, or null
   * @param responseKey the answer's {@code responseId}, or a random key when it has none
   * @param candidate the candidate's index; it joins the id only when not 0
   * @param n the call's position among the candidate's calls
   */
  static String of(String callId, String responseKey, int candidate, int n, String thoughtSignature) {
    String base = callId != null && !callId.isEmpty() ? callId
        : "call_" + responseKey + (candidate == 0 ? "" : "_" + candidate) + "_" + n;
    return thoughtSignature == null || thoughtSignature.isEmpty() ? base : base + SEPARATOR + thoughtSignature;
  }

  /** The thought signature an id carries, or null. */
  static String thoughtSignature(String id) {
    int at = id.indexOf(SEPARATOR);
    return at < 0 ? null : id.substring(at + SEPARATOR.length());
  }
}
