package dev.sluice.provider.openai;

import static dev.sluice.provider.Bytes.ascii;

import dev.sluice.provider.Bytes;
import dev.sluice.provider.TokenUsage;
import java.util.Arrays;

/**
 * OpenAI's {@code usage} object read by a byte scan when it has the shape OpenAI and the
 * compatible servers send: names without escapes, integer or null values, the two
 * {@code *_details} objects one level down. Anything else (a fraction, a string, an array, an
 * escape, a syntax error) gives null, and {@link OpenAiUsage} reads the object with Jackson, which
 * stays the reference: the fuzz target checks that the two agree wherever the scan answers.
 *
 * <p>Why: every JSON answer's usage is read on the event loop, and through a Jackson parser that
 * read cost about as much as parsing the client's request (in a profile of the request path, most
 * of it the parser's creation), for four integers.
 */
final class OpenAiUsageScan {
  private static final byte[] PROMPT_TOKENS = ascii("prompt_tokens");
  private static final byte[] COMPLETION_TOKENS = ascii("completion_tokens");
  private static final byte[] PROMPT_DETAILS = ascii("prompt_tokens_details");
  private static final byte[] COMPLETION_DETAILS = ascii("completion_tokens_details");
  private static final byte[] CACHED_TOKENS = ascii("cached_tokens");
  private static final byte[] REASONING_TOKENS = ascii("reasoning_tokens");
  private static final byte[] NULL = ascii("null");
  /** A value the scan does not read: the caller falls back to the parser. */
  private static final long UNREAD = Long.MIN_VALUE;
  private static final int MAX_DIGITS = 18; // fits a long: larger ones go to the parser
  // What follows a member: another one, the end of the object, or something else.
  private static final int MORE = 1;
  private static final int CLOSED = 2;
  private static final int MALFORMED = 3;

  private final byte[] json;
  private int at;
  // Where the last name read starts and ends (exclusive), without its quotes.
  private int nameStart;
  private int nameEnd;
  private int last; // what the last call of next() found

  private OpenAiUsageScan(byte[] json, int start) {
    this.json = json;
    this.at = start;
  }

  /**
   * The usage object starting at {@code start}, or null when it is not of the plain shape (or
   * is JSON {@code null}): then read it with {@link OpenAiUsage#read}.
   */
  static TokenUsage read(byte[] json, int start) {
    return new OpenAiUsageScan(json, start).usage();
  }

  private TokenUsage usage() {
    if (!take('{')) {
      return null;
    }
    long input = 0;
    long output = 0;
    long cached = 0;
    long reasoning = 0;
    if (take('}')) {
      return new TokenUsage(0, 0, 0, 0, 0);
    }
    do {
      if (!name()) {
        return null;
      }
      long value;
      if (isName(PROMPT_TOKENS)) {
        value = input = count();
      } else if (isName(COMPLETION_TOKENS)) {
        value = output = count();
      } else if (isName(PROMPT_DETAILS)) {
        value = cached = detail(CACHED_TOKENS);
      } else if (isName(COMPLETION_DETAILS)) {
        value = reasoning = detail(REASONING_TOKENS);
      } else {
        value = at < json.length && json[at] == '{' ? detail(null) : count();
      }
      if (value == UNREAD) {
        return null;
      }
    } while (next() == MORE);
    return last == CLOSED ? new TokenUsage(input, output, cached, 0, reasoning) : null;
  }

  /**
   * A details object's field {@code wanted} (null: none is wanted, the object is only passed),
   * or 0 for a JSON null or an object without it.
   */
  private long detail(byte[] wanted) {
    if (literal(NULL)) {
      return 0;
    }
    if (!take('{')) {
      return UNREAD;
    }
    if (take('}')) {
      return 0;
    }
    long result = 0;
    do {
      if (!name()) {
        return UNREAD;
      }
      boolean isWanted = wanted != null && isName(wanted);
      long value = count();
      if (value == UNREAD) {
        return UNREAD;
      }
      if (isWanted) {
        result = value;
      }
    } while (next() == MORE);
    return last == CLOSED ? result : UNREAD;
  }

  /** An integer (negative ones count 0, as the parser's path has it) or null (0); else UNREAD. */
  private long count() {
    if (literal(NULL)) {
      return 0;
    }
    int i = at;
    boolean negative = i < json.length && json[i] == '-';
    if (negative) {
      i++;
    }
    int digits = i;
    long value = 0;
    while (i < json.length && json[i] >= '0' && json[i] <= '9') {
      value = value * 10 + (json[i] - '0');
      i++;
    }
    int count = i - digits;
    if (count == 0 || count > MAX_DIGITS || (count > 1 && json[digits] == '0') || !endsValue(i)) {
      return UNREAD; // no digits, too many, a leading zero, or a fraction or exponent follows
    }
    at = i;
    return negative ? 0 : value;
  }

  /** Reads {@code "name"} and the colon after it; false if the name has an escape or control byte. */
  private boolean name() {
    skipSpace();
    if (at >= json.length || json[at] != '"') {
      return false;
    }
    int i = at + 1;
    while (i < json.length && json[i] != '"') {
      byte b = json[i];
      if (b == '\\' || b < 0x20) { // bytes are signed: below 0x20 also holds all non-ASCII
        return false; // escapes, control bytes and non-ASCII names: the parser's business
      }
      i++;
    }
    if (i >= json.length) {
      return false;
    }
    nameStart = at + 1;
    nameEnd = i;
    at = i + 1;
    skipSpace();
    if (at >= json.length || json[at] != ':') {
      return false;
    }
    at++;
    skipSpace();
    return true;
  }

  private boolean isName(byte[] expected) {
    return Arrays.equals(json, nameStart, nameEnd, expected, 0, expected.length);
  }

  /** After a member's value: {@link #MORE} at a comma, {@link #CLOSED} at the brace, else bad. */
  private int next() {
    skipSpace();
    last = MALFORMED;
    if (at < json.length && (json[at] == ',' || json[at] == '}')) {
      last = json[at] == ',' ? MORE : CLOSED;
      at++;
    }
    return last;
  }

  /** Skips whitespace, then takes {@code b} if it comes next. */
  private boolean take(char b) {
    skipSpace();
    if (at < json.length && json[at] == b) {
      at++;
      return true;
    }
    return false;
  }

  private boolean literal(byte[] word) {
    int end = at + word.length;
    if (end > json.length || !Arrays.equals(json, at, end, word, 0, word.length)
        || !endsValue(end)) {
      return false;
    }
    at = end;
    return true;
  }

  /** Whether a value may end before index {@code i}: whitespace, a comma or a closing brace. */
  private boolean endsValue(int i) {
    if (i >= json.length) {
      return false;
    }
    byte b = json[i];
    return b == ',' || b == '}' || Bytes.isJsonSpace(b);
  }

  private void skipSpace() {
    at = Bytes.skipJsonSpace(json, at);
  }
}
