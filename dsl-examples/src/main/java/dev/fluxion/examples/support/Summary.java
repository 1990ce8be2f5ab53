package dev.fluxion.examples.support;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** The final line every example prints: {@code key=value} pairs that scripts can read. */
public final class Summary {
  private Summary() {}

  /** {@code key=value key=value ...}; doubles with 4 significant digits, integers as they are, in the map's order. */
  public static String line(Map<String, ?> values) {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(k).append('=').append(v instanceof Double d ? format(d) : String.valueOf(v));
    });
    return sb.toString();
  }

  /** Prints {@link #line} to {@code out}. */
  public static void print(PrintWriter out, Map<String, ?> values) {
    out.println(line(values));
    out.flush();
  }

  private static String format(double d) {
    return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4g", d) : Double.toString(d);
  }
}
