package dev.fluxion.nn.io;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A streaming writer of one JSON value (RFC 8259) on one line: the one JSON writer of Fluxion
 * (safetensors headers, the CLI's {@code --json} output, benchmark summaries).
 *
 * <pre>{@code
 * String s = JsonWriter.spaced().beginObject().name("loss").value(0.25)
 *     .name("shape").array(2, 3).endObject().toJson();   // {"loss": 0.25, "shape": [2, 3]}
 * }</pre>
 *
 * <p>Format: {@link #compact()} writes no whitespace, {@link #spaced()} one space after each
 * {@code ,} and {@code :}. Strings are escaped like serde_json (the reference safetensors
 * implementation): {@code \" \\ \b \f \n \r \t}, other control characters as
 * <code>&#92;u00xx</code>, everything else verbatim (the caller encodes the text as UTF-8). A
 * finite {@code double} is written as {@link Double#toString(double)} writes it (the shortest text
 * that reads back to the same double, e.g. {@code 1.0}, {@code 1.0E-5}); a {@code long} as its
 * decimal digits. JSON has no NaN or infinities: a non-finite {@code double} is written as the
 * <em>string</em> {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}, so the output stays
 * valid JSON and a reader sees which one it was.
 *
 * <p>Misuse of the structure (a value in an object without a name, a name outside an object, an
 * unbalanced end, a second top-level value, reading an incomplete document) throws
 * {@link IllegalStateException} saying what was expected. A writer is not thread-safe.
 */
public final class JsonWriter {
  private static final byte TOP = 0;
  private static final byte TOP_DONE = 1;
  private static final byte OBJECT_EMPTY = 2;
  private static final byte OBJECT = 3;
  private static final byte OBJECT_NAMED = 4;
  private static final byte ARRAY_EMPTY = 5;
  private static final byte ARRAY = 6;

  private final StringBuilder out = new StringBuilder();
  private final String comma;
  private final String colon;
  private byte[] stack = new byte[8];
  private int depth = 1;

  private JsonWriter(String comma, String colon) {
    this.comma = comma;
    this.colon = colon;
    stack[0] = TOP;
  }

  /** {@return a writer with no whitespace: <code>{"a":[1,2]}</code>} */
  public static JsonWriter compact() {
    return new JsonWriter(",", ":");
  }

  /** {@return a writer with a space after each comma and colon: <code>{"a": [1, 2]}</code>} */
  public static JsonWriter spaced() {
    return new JsonWriter(", ", ": ");
  }

  /** {@return this writer, after opening an object} */
  public JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    push(OBJECT_EMPTY);
    return this;
  }

  /**
   * {@return this writer, after closing the innermost object}
   *
   * @throws IllegalStateException if the innermost open value is not an object awaiting a name
   */
  public JsonWriter endObject() {
    byte top = stack[depth - 1];
    if (top != OBJECT_EMPTY && top != OBJECT) {
      throw new IllegalStateException("endObject: " + (top == OBJECT_NAMED ? "the name has no value" : "no open object"));
    }
    depth--;
    out.append('}');
    return this;
  }

  /** {@return this writer, after opening an array} */
  public JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    push(ARRAY_EMPTY);
    return this;
  }

  /**
   * {@return this writer, after closing the innermost array}
   *
   * @throws IllegalStateException if the innermost open value is not an array
   */
  public JsonWriter endArray() {
    byte top = stack[depth - 1];
    if (top != ARRAY_EMPTY && top != ARRAY) {
      throw new IllegalStateException("endArray: no open array");
    }
    depth--;
    out.append(']');
    return this;
  }

  /**
   * {@return this writer, after the member name {@code key} of the innermost object}
   *
   * @param key any string; escaped as described above
   * @throws IllegalArgumentException if {@code key} is null
   * @throws IllegalStateException if the innermost open value is not an object awaiting a name
   */
  public JsonWriter name(String key) {
    requireNonNull(key, "name");
    byte top = stack[depth - 1];
    if (top == OBJECT) {
      out.append(comma);
    } else if (top != OBJECT_EMPTY) {
      throw new IllegalStateException("name(\"" + key + "\"): " + (top == OBJECT_NAMED
          ? "the previous name has no value" : "not inside an object"));
    }
    stack[depth - 1] = OBJECT_NAMED;
    quote(key);
    out.append(colon);
    return this;
  }

  /**
   * {@return this writer, after the string {@code s}}
   *
   * @param s any string; escaped as described above
   * @throws IllegalArgumentException if {@code s} is null (write {@link #nullValue()} instead)
   */
  public JsonWriter value(String s) {
    requireNonNull(s, "value");
    beforeValue();
    quote(s);
    return this;
  }

  /**
   * {@return this writer, after the number {@code v}; a non-finite {@code v} as the string
   * {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}}
   *
   * @param v any double
   */
  public JsonWriter value(double v) {
    beforeValue();
    if (Double.isFinite(v)) {
      out.append(v);
    } else {
      quote(Double.toString(v));
    }
    return this;
  }

  /**
   * {@return this writer, after the integer {@code n} in decimal digits}
   *
   * @param n any long
   */
  public JsonWriter value(long n) {
    beforeValue();
    out.append(n);
    return this;
  }

  /**
   * {@return this writer, after {@code true} or {@code false}}
   *
   * @param b any boolean
   */
  public JsonWriter value(boolean b) {
    beforeValue();
    out.append(b);
    return this;
  }

  /** {@return this writer, after {@code null}} */
  public JsonWriter nullValue() {
    beforeValue();
    out.append("null");
    return this;
  }

  /**
   * {@return this writer, after an array of the numbers {@code values}, each written as
   * {@link #value(double)} writes it}
   *
   * @param values any doubles (copied as they are written)
   * @throws IllegalArgumentException if {@code values} is null
   */
  public JsonWriter array(double... values) {
    requireNonNull(values, "array");
    beginArray();
    for (double v : values) {
      value(v);
    }
    return endArray();
  }

  /**
   * {@return this writer, after an array of the integers {@code values}}
   *
   * @param values any longs
   * @throws IllegalArgumentException if {@code values} is null
   */
  public JsonWriter array(long... values) {
    requireNonNull(values, "array");
    beginArray();
    for (long v : values) {
      value(v);
    }
    return endArray();
  }

  /**
   * {@return the JSON text written}
   *
   * @throws IllegalStateException if no value was written or an object or array is still open
   */
  public String toJson() {
    if (depth != 1 || stack[0] != TOP_DONE) {
      throw new IllegalStateException("toJson: the JSON value is incomplete (" + (depth - 1) + " open, "
          + (stack[0] == TOP ? "nothing written" : "unclosed") + "): " + out);
    }
    return out.toString();
  }

  /** {@return the text written so far, complete or not (for debugging; {@link #toJson()} checks completeness)} */
  @Override
  public String toString() {
    return out.toString();
  }

  private void beforeValue() {
    switch (stack[depth - 1]) {
      case TOP -> stack[depth - 1] = TOP_DONE;
      case OBJECT_NAMED -> stack[depth - 1] = OBJECT;
      case ARRAY_EMPTY -> stack[depth - 1] = ARRAY;
      case ARRAY -> out.append(comma);
      case TOP_DONE -> throw new IllegalStateException("a JSON text holds one top-level value; one was written: " + out);
      default -> throw new IllegalStateException("a value inside an object needs a name first: " + out);
    }
  }

  private void push(byte state) {
    if (depth == stack.length) {
      stack = Arrays.copyOf(stack, 2 * depth);
    }
    stack[depth++] = state;
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void requireNonNull(@Nullable Object o, String what) {
    if (o == null) {
      throw new IllegalArgumentException("JsonWriter." + what + ": null (write nullValue() for a JSON null)");
    }
  }
}
