package dev.fluxion.nn.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON value model and parser for safetensors headers (RFC 8259: objects, arrays,
 * strings with escapes, numbers, literals); {@link JsonWriter} writes them.
 *
 * <p>The parser works on the UTF-8 bytes so that every error names a byte offset; it rejects
 * invalid UTF-8, duplicate object keys, trailing content other than whitespace and nesting deeper
 * than {@value #MAX_DEPTH}.
 */
final class Json {
  /** The deepest nesting the parser accepts; a safetensors header needs 3. */
  static final int MAX_DEPTH = 64;

  private Json() {}

  /** A parsed JSON value; {@code pos} is the byte offset of its first byte in the parsed text. */
  sealed interface Value permits Obj, Arr, Str, Num, Lit {
    int pos();

    /** A noun phrase for error messages: "an object", "a string", ... */
    default String kind() {
      return switch (this) {
        case Obj o -> "an object";
        case Arr a -> "an array";
        case Str s -> "a string";
        case Num n -> "a number";
        case Lit l -> l.text();
      };
    }
  }

  /** An object; members in document order. */
  record Obj(Map<String, Value> members, int pos) implements Value {}

  /** An array. */
  record Arr(List<Value> items, int pos) implements Value {}

  /** A string, unescaped. */
  record Str(String value, int pos) implements Value {}

  /** A number, kept as its exact source text. */
  record Num(String text, int pos) implements Value {
    /** True if the text is a plain non-negative integer (no sign, fraction or exponent). */
    boolean isNaturalNumber() {
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) < '0' || text.charAt(i) > '9') {
          return false;
        }
      }
      return true;
    }
  }

  /** {@code true}, {@code false} or {@code null}. */
  record Lit(String text, int pos) implements Value {}

  /** A parse failure at byte {@code offset} of the parsed text. */
  static final class ParseException extends Exception {
    private final int offset;

    ParseException(String message, int offset) {
      super(message);
      this.offset = offset;
    }

    int offset() {
      return offset;
    }
  }

  // ---------------------------------------------------------------- parsing

  /**
   * Parses one JSON value from UTF-8 bytes, allowing surrounding whitespace.
   *
   * @throws ParseException naming the byte offset of the first problem
   */
  static Value parse(byte[] utf8) throws ParseException {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8));
    } catch (CharacterCodingException e) {
      throw new ParseException("the header is not valid UTF-8", firstInvalidUtf8(utf8));
    }
    Parser p = new Parser(utf8);
    p.skipWhitespace();
    Value v = p.value(0);
    p.skipWhitespace();
    if (p.pos < utf8.length) {
      throw new ParseException("unexpected content after the JSON value", p.pos);
    }
    return v;
  }

  private static int firstInvalidUtf8(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      int lead = b[i] & 0xff;
      int n = lead < 0x80 ? 0 : lead >= 0xc2 && lead < 0xe0 ? 1 : lead >= 0xe0 && lead < 0xf0 ? 2
          : lead >= 0xf0 && lead < 0xf5 ? 3 : -1;
      if (n < 0) {
        return i;
      }
      for (int k = 1; k <= n; k++) {
        if (i + k >= b.length || (b[i + k] & 0xc0) != 0x80) {
          return i;
        }
      }
      i += n;
    }
    return 0;
  }

  private static final class Parser {
    private final byte[] b;
    private int pos;

    Parser(byte[] b) {
      this.b = b;
    }

    Value value(int depth) throws ParseException {
      if (depth > MAX_DEPTH) {
        throw new ParseException("JSON nested deeper than " + MAX_DEPTH + " levels", pos);
      }
      if (pos >= b.length) {
        throw new ParseException("unexpected end of JSON, expected a value", pos);
      }
      return switch (b[pos]) {
        case '{' -> object(depth);
        case '[' -> array(depth);
        case '"' -> {
          int start = pos;
          yield new Str(string(), start);
        }
        case 't' -> literal("true");
        case 'f' -> literal("false");
        case 'n' -> literal("null");
        default -> number();
      };
    }

    private Obj object(int depth) throws ParseException {
      int start = pos++;
      Map<String, Value> members = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return new Obj(Collections.unmodifiableMap(members), start);
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw new ParseException("expected a string key in the object", pos);
        }
        int keyPos = pos;
        String key = string();
        if (members.containsKey(key)) {
          throw new ParseException("duplicate key \"" + key + "\"", keyPos);
        }
        skipWhitespace();
        expect(':');
        skipWhitespace();
        members.put(key, value(depth + 1));
        skipWhitespace();
        if (peek() == '}') {
          pos++;
          return new Obj(Collections.unmodifiableMap(members), start);
        }
        expect(',');
      }
    }

    private Arr array(int depth) throws ParseException {
      int start = pos++;
      List<Value> items = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return new Arr(Collections.unmodifiableList(items), start);
      }
      while (true) {
        skipWhitespace();
        items.add(value(depth + 1));
        skipWhitespace();
        if (peek() == ']') {
          pos++;
          return new Arr(Collections.unmodifiableList(items), start);
        }
        expect(',');
      }
    }

    /** Reads a string literal starting at the opening quote; leaves {@code pos} after the closing quote. */
    private String string() throws ParseException {
      int start = pos++;
      StringBuilder sb = new StringBuilder();
      int runStart = pos;
      while (true) {
        if (pos >= b.length) {
          throw new ParseException("unterminated string", pos);
        }
        int c = b[pos] & 0xff;
        if (c == '"' || c == '\\') {
          sb.append(new String(b, runStart, pos - runStart, StandardCharsets.UTF_8));
          if (c == '"') {
            pos++;
            return checkSurrogates(sb.toString(), start);
          }
          escape(sb);
          runStart = pos;
        } else if (c < 0x20) {
          throw new ParseException("unescaped control character in a string", pos);
        } else {
          pos++;
        }
      }
    }

    /** Rejects a string holding an unpaired surrogate (only <code>&#92;u</code> escapes can produce one; UTF-8 was validated). */
    private static String checkSurrogates(String s, int at) throws ParseException {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw new ParseException("unpaired surrogate escape in a string", at);
        }
      }
      return s;
    }

    private void escape(StringBuilder sb) throws ParseException {
      int at = pos;
      pos++;
      if (pos >= b.length) {
        throw new ParseException("unterminated escape sequence", at);
      }
      char e = (char) b[pos++];
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> sb.append(hex4(at));
        default -> throw new ParseException("invalid escape sequence \\" + e, at);
      }
    }

    private char hex4(int at) throws ParseException {
      if (pos + 4 > b.length) {
        throw new ParseException("truncated \\u escape", at);
      }
      int v = 0;
      for (int i = 0; i < 4; i++) {
        int d = Character.digit(b[pos++], 16);
        if (d < 0) {
          throw new ParseException("invalid hex digit in \\u escape", pos - 1);
        }
        v = v * 16 + d;
      }
      return (char) v;
    }

    private Num number() throws ParseException {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else if (!digits()) {
        throw new ParseException(start < b.length ? "unexpected character '" + (char) b[start] + "'"
            : "unexpected end of JSON", start);
      }
      if (peek() == '.') {
        pos++;
        if (!digits()) {
          throw new ParseException("expected digits after the decimal point", pos);
        }
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (!digits()) {
          throw new ParseException("expected digits in the exponent", pos);
        }
      }
      return new Num(new String(b, start, pos - start, StandardCharsets.US_ASCII), start);
    }

    private boolean digits() {
      int start = pos;
      while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
        pos++;
      }
      return pos > start;
    }

    private Lit literal(String word) throws ParseException {
      int start = pos;
      for (int i = 0; i < word.length(); i++) {
        if (pos >= b.length || b[pos] != word.charAt(i)) {
          throw new ParseException("invalid literal, expected " + word, start);
        }
        pos++;
      }
      return new Lit(word, start);
    }

    private void expect(char c) throws ParseException {
      if (peek() != c) {
        throw new ParseException(pos >= b.length ? "unexpected end of JSON, expected '" + c + "'"
            : "expected '" + c + "' but found '" + (char) b[pos] + "'", pos);
      }
      pos++;
    }

    private int peek() {
      return pos < b.length ? b[pos] : -1;
    }

    void skipWhitespace() {
      while (pos < b.length && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) {
        pos++;
      }
    }
  }
}
