package dev.sluice.route;

import java.util.regex.Pattern;

/**
 * A model name pattern: exact, or with {@code *} (any run of characters) and {@code ?} (one
 * character). Compiled once, at configuration load.
 */
public final class Glob {
  private final String text;
  private final Pattern pattern; // null for an exact name: a string compare is cheaper
  // The literal before a single trailing '*' ("" for "*"), else null: the common kind of glob,
  // matched with startsWith instead of a regex Matcher allocated and run per call.
  private final String prefix;

  private Glob(String text, Pattern pattern) {
    this.text = text;
    this.pattern = pattern;
    int star = text.indexOf('*');
    this.prefix = pattern != null && star == text.length() - 1 && text.indexOf('?') < 0
        ? text.substring(0, star) : null;
  }

  public static Glob of(String text) {
    if (!isPattern(text)) {
      return new Glob(text, null);
    }
    StringBuilder regex = new StringBuilder(text.length() + 8);
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?') {
        if (!literal.isEmpty()) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (!literal.isEmpty()) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return new Glob(text, Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  public static boolean isPattern(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
  }

  public boolean matches(String name) {
    if (pattern == null) {
      return text.equals(name);
    }
    return prefix != null ? name.startsWith(prefix) : pattern.matcher(name).matches();
  }

  /**
   * The literal before a single trailing {@code *} ({@code "gpt-4o-"} for {@code "gpt-4o-*"},
   * {@code ""} for {@code "*"}), or null when the glob is exact or has another wildcard: prefix
   * globs are the common kind, and routing indexes them in a trie.
   */
  public String prefix() {
    return prefix;
  }

  /** True for a plain name (no wildcard). */
  public boolean exact() {
    return pattern == null;
  }

  @Override
  public String toString() {
    return text;
  }
}
