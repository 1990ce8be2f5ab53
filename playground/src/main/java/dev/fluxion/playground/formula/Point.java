package dev.fluxion.playground.formula;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.playground.formula.LabException.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A point written as the CLI's {@code --at} takes it, {@code x1=2, x2=5}: comma-separated
 * {@code NAME=VALUE} pairs, spaces allowed. Errors point at the offending character.
 */
final class Point {
  /** A decimal number as the formula grammar writes one, with an optional sign: {@code -2}, {@code .5}, {@code 1e-3}. */
  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private Point() {}

  /**
   * {@return the bindings written in {@code text}: exactly one finite value for each of {@code names}}
   *
   * @param text {@code NAME=VALUE} pairs separated by commas
   * @param names the formula's variables, in order of appearance
   * @throws LabException pointing into the text at a malformed pair, a value that is not a finite
   *     number, a repeated or unknown name, or at its end for a variable without a value
   */
  static Bindings parse(String text, List<String> names) {
    Map<String, Double> values = new LinkedHashMap<>();
    int start = 0;
    while (start <= text.length() && !text.isBlank()) {
      int comma = text.indexOf(',', start);
      int end = comma < 0 ? text.length() : comma;
      pair(text, start, end, names, values);
      start = end + 1;
    }
    for (String name : names) {
      if (!values.containsKey(name)) {
        throw error("no value for " + name + " (the formula has " + String.join(", ", names) + ")", text.length());
      }
    }
    Bindings b = Bindings.of();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      b = b.with(e.getKey(), e.getValue());
    }
    return b;
  }

  /** Reads the pair in {@code text[start, end)} into {@code values}. */
  private static void pair(String text, int start, int end, List<String> names, Map<String, Double> values) {
    int from = skipSpaces(text, start, end);
    int eq = text.indexOf('=', from);
    if (eq < 0 || eq >= end) {
      throw error("expected NAME=VALUE but found '" + text.substring(from, end).strip() + "'", from);
    }
    String name = text.substring(from, eq).strip();
    if (name.isEmpty()) {
      throw error("a name is missing before '='", eq);
    }
    if (!names.contains(name)) {
      throw error("unknown variable " + name + " (the formula has " + String.join(", ", names) + ")", from);
    }
    int at = skipSpaces(text, eq + 1, end);
    String number = text.substring(at, end).strip();
    if (!NUMBER.matcher(number).matches()) {
      throw error("the value of " + name + " is not a number: '" + number + "'", at);
    }
    double v = Double.parseDouble(number);
    if (!Double.isFinite(v)) {
      throw error("the value of " + name + " is too large for a double: " + number, at);
    }
    if (values.put(name, v) != null) {
      throw error(name + " is given twice", from);
    }
  }

  private static int skipSpaces(String text, int i, int end) {
    while (i < end && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static LabException error(String message, int position) {
    return new LabException(message, Field.POINT, position);
  }
}
