package dev.fluxion.autodiff.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A lexical token of a formula: its kind, its text and where it starts.
 *
 * @param kind what the token is
 * @param text the characters (empty at the end of input)
 * @param start the 0-based index of its first character
 */
record Token(Kind kind, String text, int start) {
  /** Token kinds. */
  enum Kind {
    NUMBER,
    NAME,
    SYMBOL,
    END
  }

  private static final String SYMBOLS = "+-*/^(),";

  /** True if this is the symbol {@code s}. */
  boolean is(String s) {
    return kind != Kind.END && text.equals(s);
  }

  /** The token as named in error messages. */
  String describe() {
    return kind == Kind.END ? "end of input" : "'" + text + "'";
  }

  /**
   * The tokens of {@code src}, ending with one {@link Kind#END} token.
   *
   * @throws FormulaException at an unexpected character or a malformed number
   */
  static List<Token> scan(String src) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (true) {
      while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
        i++;
      }
      if (i == src.length()) {
        out.add(new Token(Kind.END, "", i));
        return out;
      }
      char c = src.charAt(i);
      int start = i;
      if (isDigit(c) || c == '.') {
        i = number(src, i);
        out.add(new Token(Kind.NUMBER, src.substring(start, i), start));
      } else if (isNameChar(c) && !isDigit(c)) {
        while (i < src.length() && isNameChar(src.charAt(i))) {
          i++;
        }
        out.add(new Token(Kind.NAME, src.substring(start, i), start));
      } else if (SYMBOLS.indexOf(c) >= 0) {
        out.add(new Token(Kind.SYMBOL, String.valueOf(c), start));
        i++;
      } else {
        String ch = new String(Character.toChars(src.codePointAt(i)));
        throw new FormulaException(src, i, "unexpected character '" + ch + "'", null);
      }
    }
  }

  /** The end of the number starting at {@code i}: digits, an optional fraction and exponent. */
  private static int number(String src, int i) {
    int start = i;
    i = skipDigits(src, i);
    int digits = i - start;
    if (i < src.length() && src.charAt(i) == '.') {
      int from = ++i;
      i = skipDigits(src, i);
      digits += i - from;
    }
    if (digits == 0) {
      throw new FormulaException(src, i, "expected a digit but found " + found(src, i), null);
    }
    if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
      i++;
      if (i < src.length() && (src.charAt(i) == '+' || src.charAt(i) == '-')) {
        i++;
      }
      int from = i;
      i = skipDigits(src, i);
      if (i == from) {
        throw new FormulaException(src, i, "expected exponent digits but found " + found(src, i), null);
      }
    }
    return i;
  }

  private static int skipDigits(String src, int i) {
    while (i < src.length() && isDigit(src.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String found(String src, int i) {
    return i < src.length() ? "'" + src.charAt(i) + "'" : "end of input";
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNameChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || isDigit(c);
  }
}
