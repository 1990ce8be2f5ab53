package dev.fluxion.examples.cli;

import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Map;

/** A minimal JSON writer for the CLI's results (numbers, nested objects, flat arrays). */
final class Json {
  private Json() {}

  /** A number; NaN and infinities, which JSON lacks, become strings. */
  static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "\"" + v + "\"";
  }

  /** A scalar tensor as a number, any other as a flat array in row-major order. */
  static String tensor(Tensor t) {
    if (t.rank() == 0) {
      return number(t.item());
    }
    StringBuilder sb = new StringBuilder("[");
    double[] d = t.toArray();
    for (int i = 0; i < d.length; i++) {
      sb.append(i > 0 ? ", " : "").append(number(d[i]));
    }
    return sb.append(']').toString();
  }

  /** An object whose values are already JSON text. */
  static String object(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder("{");
    int i = 0;
    for (Map.Entry<String, String> e : fields.entrySet()) {
      sb.append(i++ > 0 ? ", " : "").append(string(e.getKey())).append(": ").append(e.getValue());
    }
    return sb.append('}').toString();
  }

  /** A quoted, escaped string. */
  static String string(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
