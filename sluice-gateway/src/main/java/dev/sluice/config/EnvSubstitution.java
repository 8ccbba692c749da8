package dev.sluice.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in the raw config text, before YAML
 * parsing, so a variable may stand for a number or a whole flow value as well as a string.
 * {@code $${} writes a literal {@code ${}. As in the shell, the default applies when the
 * variable is unset or empty; an unset variable without default is a problem, not "".
 *
 * <p>Values are inserted as they are: a value that may hold YAML syntax ({@code ": "},
 * {@code " #"}, a leading {@code *}) belongs in quotes, {@code apiKey: "${KEY}"}.
 */
final class EnvSubstitution {

  /** The substituted text, or the problems that prevented it. */
  record Substituted(String text, List<Problem> problems) {
    Substituted {
      problems = List.copyOf(problems);
    }
  }

  // Alternatives, leftmost first: the escape, a closed reference, an unclosed "${".
  private static final Pattern TOKEN = Pattern.compile("\\$\\$\\{|\\$\\{([^}\\r\\n]*)}|\\$\\{");
  private static final Pattern REFERENCE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?", Pattern.DOTALL);
  private static final Pattern LINE = Pattern.compile("(?<=\\n)");

  private EnvSubstitution() {}

  static Substituted apply(String text, Map<String, String> env) {
    StringBuilder out = new StringBuilder(text.length());
    List<Problem> problems = new ArrayList<>();
    String[] lines = LINE.split(text, -1);
    for (int i = 0; i < lines.length; i++) {
      // Whole-line comments are left alone: a commented-out "# apiKey: ${OLD_KEY}" must not fail.
      if (lines[i].stripLeading().startsWith("#")) {
        out.append(lines[i]);
      } else {
        substituteLine(lines[i], i + 1, env, out, problems);
      }
    }
    return new Substituted(out.toString(), problems);
  }

  private static void substituteLine(
      String line, int lineNumber, Map<String, String> env, StringBuilder out, List<Problem> problems) {
    Matcher token = TOKEN.matcher(line);
    int copiedUpTo = 0;
    while (token.find()) {
      out.append(line, copiedUpTo, token.start());
      copiedUpTo = token.end();
      String found = token.group();
      if (found.equals("$${")) {
        out.append("${");
      } else if (found.equals("${")) {
        problems.add(new Problem("${", "unclosed reference (expected ${NAME} or ${NAME:-default};"
            + " write $${ for a literal ${) (line " + lineNumber + ")"));
      } else {
        out.append(resolve(found, token.group(1), lineNumber, env, problems));
      }
    }
    out.append(line, copiedUpTo, line.length());
  }

  private static String resolve(
      String found, String inside, int lineNumber, Map<String, String> env, List<Problem> problems) {
    Matcher reference = REFERENCE.matcher(inside);
    if (!reference.matches()) {
      problems.add(new Problem(found, "invalid reference (expected ${NAME} or ${NAME:-default})"
          + " (line " + lineNumber + ")"));
      return "";
    }
    String value = env.get(reference.group(1));
    String fallback = reference.group(2);
    if (fallback != null) {
      return value == null || value.isEmpty() ? fallback : value;
    }
    if (value == null) {
      problems.add(new Problem(found, "environment variable is not set (line " + lineNumber + ")"));
      return "";
    }
    return value;
  }
}
