package dev.fluxion.playground;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request body: one JSON object whose members are all strings, e.g.
 * {@code {"formula": "x^2", "point": "x=3"}}. Anything else — other value types, nesting, unknown
 * or repeated names, trailing text — is refused with an {@link IllegalArgumentException} naming the
 * character offset.
 */
final class JsonBody {
  private final String text;
  private int at;

  private JsonBody(String text) {
    this.text = text;
  }

  /**
   * {@return the members of the object in {@code text}, by name}
   *
   * @param names the names allowed
   * @throws IllegalArgumentException if the text is not such an object
   */
  static Map<String, String> parse(String text, Set<String> names) {
    JsonBody p = new JsonBody(text);
    Map<String, String> members = new LinkedHashMap<>();
    p.expect('{');
    if (!p.accept('}')) {
      do {
        int start = p.skipSpaces();
        String name = p.string();
        if (!names.contains(name)) {
          throw p.error("unknown member \"" + name + "\" (expected " + String.join(", ", new TreeSet<>(names)) + ")", start);
        }
        p.expect(':');
        p.skipSpaces();
        if (members.put(name, p.string()) != null) {
          throw p.error("member \"" + name + "\" appears twice", start);
        }
      } while (p.accept(','));
      p.expect('}');
    }
    if (p.skipSpaces() < text.length()) {
      throw p.error("unexpected text after the object", p.at);
    }
    return members;
  }

  private String string() {
    if (at >= text.length() || text.charAt(at) != '"') {
      throw error("expected a string", at);
    }
    StringBuilder s = new StringBuilder();
    for (at++; at < text.length(); at++) {
      char c = text.charAt(at);
      if (c == '"') {
        at++;
        return s.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string", at);
      }
      if (c == '\\') {
        s.append(escape());
      } else {
        s.append(c);
      }
    }
    throw error("unterminated string", at);
  }

  /** The character of the escape at {@code at} (the backslash); leaves {@code at} on its last character. */
  private char escape() {
    char e = ++at < text.length() ? text.charAt(at) : '?';
    return switch (e) {
      case '"', '\\', '/' -> e;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> {
        if (at + 4 >= text.length() || !text.substring(at + 1, at + 5).matches("[0-9a-fA-F]{4}")) {
          throw error("bad \\u escape", at);
        }
        at += 4;
        yield (char) Integer.parseInt(text.substring(at - 3, at + 1), 16);
      }
      default -> throw error("bad escape \\" + e, at);
    };
  }

  private int skipSpaces() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    return at;
  }

  private boolean accept(char c) {
    skipSpaces();
    if (at < text.length() && text.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!accept(c)) {
      throw error("expected '" + c + "'", at);
    }
  }

  private IllegalArgumentException error(String message, int offset) {
    return new IllegalArgumentException("request body is not the expected JSON object: " + message
        + " at character " + offset);
  }
}
