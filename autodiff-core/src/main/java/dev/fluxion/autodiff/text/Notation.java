package dev.fluxion.autodiff.text;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Add;
import dev.fluxion.autodiff.op.Neg;
import dev.fluxion.autodiff.op.Sub;
import dev.fluxion.autodiff.op.Syntax;
import dev.fluxion.autodiff.op.Unary;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The survey's notation for trace formulas and numbers: {@code ln v-1}, {@code v-1 × v0},
 * {@code v4 − v3}, {@code v̄3 × cos v0}.
 *
 * <p>{@code ×} is the op {@code mul}; {@code ·} is the strong-zero product {@code maskedMul}
 * that mask rules (relu, abs, where, max ties) use ({@code 0 · ∞ = 0}); {@code a + (−b)} prints as {@code a − b}.
 * Variables print as their names, so trace placeholders ({@code v1}, {@code v̇1}, {@code v̄1})
 * print as themselves. A constant filled with one number prints as that number (it enters
 * elementwise ops by broadcasting; as {@code full(2×3, 1)} in other ops), other small
 * constants as their elements.
 */
final class Notation {
  private static final int MAX_ELEMENTS = 6;
  private static final int HEAD = 3;
  private static final int TAIL = 2;
  /** The longest formula printed; longer ones are cut and end in {@code …}. */
  static final int CAP = 10_000;
  /** Values from here on are written with an exponent. */
  private static final double LARGE = 1e15;

  private record Text(String s, int prec) {}

  private Notation() {}

  /**
   * {@code e} in survey notation, with minimal parentheses, cut after {@value #CAP} characters
   * and then ending in {@code …}. Written top-down from an explicit stack, so memory is bounded
   * by the cap plus the depth of {@code e}, whatever the length of its full text.
   */
  static String print(Expr e) {
    StringBuilder out = new StringBuilder();
    ArrayDeque<Object> work = new ArrayDeque<>();
    work.push(e);
    while (!work.isEmpty()) {
      Object item = work.pop();
      String text = switch (item) {
        case String s -> s;
        case Var v -> v.name();
        case Const c -> constant(c.value()).s();
        case Apply a -> {
          List<Object> pieces = pieces(a);
          for (int i = pieces.size() - 1; i >= 0; i--) {
            work.push(pieces.get(i));
          }
          yield "";
        }
        default -> throw new IllegalStateException("unexpected " + item);
      };
      if (out.length() + text.length() > CAP) {
        return out.append(text, 0, CAP - out.length()).append('…').toString();
      }
      out.append(text);
    }
    return out.toString();
  }

  /** The text of {@code a} as literal strings and argument expressions, in order. */
  private static List<Object> pieces(Apply a) {
    Syntax syntax = a.op().syntax();
    return switch (syntax.form()) {
      case INFIX -> a.op() == Add.OP && a.arg(1) instanceof Apply n && n.op() == Neg.OP
          ? infix(a.arg(0), Sub.OP.syntax(), n.arg(0))
          : infix(a.arg(0), syntax, a.arg(1));
      case PREFIX -> wrap(new ArrayList<>(), math(syntax, a), a.arg(0), syntax.precedence());
      case FUNCTION -> isPrefixFunction(a)
          ? wrap(new ArrayList<>(), math(syntax, a) + " ", a.arg(0), Syntax.ATOM)
          : call(a);
    };
  }

  /** An elementwise function without attributes prints as a prefix: {@code sin v0}, {@code ln v1}. */
  private static boolean isPrefixFunction(Apply a) {
    return a.op() instanceof Unary && a.op().attributes().isEmpty();
  }

  private static String math(Syntax syntax, Apply a) {
    return syntax.mathName(a.op());
  }

  /** {@code l op r}: an associative op keeps no parentheses at equal precedence, a left one on its right. */
  private static List<Object> infix(Expr l, Syntax op, Expr r) {
    int prec = op.precedence();
    String symbol = op.mathSymbol().isEmpty() ? op.symbol() : op.mathSymbol();
    return switch (op.associativity()) {
      case ASSOCIATIVE -> binary(l, " " + symbol + " ", r, prec, false);
      case LEFT -> binary(l, " " + symbol + " ", r, prec, true);
      case RIGHT -> wrap(wrap(new ArrayList<>(), "", l, prec + 1), symbol, r, prec);
    };
  }

  /** How tightly the text of {@code e} binds: the op's precedence; 3 for prefix functions, 9 for atoms. */
  private static int precedence(Expr e) {
    return switch (e) {
      case Var v -> Syntax.ATOM;
      case Const c -> constant(c.value()).prec();
      case Apply a -> isPrefixFunction(a) ? Neg.OP.syntax().precedence() : a.op().syntax().precedence();
    };
  }

  private static List<Object> binary(Expr l, String op, Expr r, int prec, boolean strictRight) {
    return wrap(wrap(new ArrayList<>(), "", l, prec), op, r, strictRight ? prec + 1 : prec);
  }

  /** Appends {@code before} and then {@code e}, in parentheses if it binds less tightly than {@code prec}. */
  private static List<Object> wrap(List<Object> pieces, String before, Expr e, int prec) {
    boolean parens = precedence(e) < prec;
    pieces.add(parens ? before + "(" : before);
    pieces.add(e);
    if (parens) {
      pieces.add(")");
    }
    return pieces;
  }

  private static List<Object> call(Apply a) {
    List<Object> pieces = new ArrayList<>();
    pieces.add(a.op().name() + "(");
    for (int i = 0; i < a.args().size(); i++) {
      Expr arg = a.arg(i);
      String sep = i > 0 ? ", " : "";
      if (arg instanceof Const c && c.value().rank() > 0 && isUniform(c.value().toArray())) {
        pieces.add(sep + "full(" + dims(c.shape()) + ", " + constant(c.value()).s() + ")");
      } else {
        pieces.add(sep);
        pieces.add(arg);
      }
    }
    String attributes = a.op().attributes();
    pieces.add(attributes.isEmpty() ? ")" : (a.args().isEmpty() ? "" : ", ") + attributes + ")");
    return pieces;
  }

  private static Text constant(Tensor t) {
    if (t.rank() == 0) {
      double v = t.item();
      return new Text(constantNumber(v), v < 0 ? 0 : 9);
    }
    double[] d = t.toArray();
    if (isUniform(d)) {
      return constant(Tensor.scalar(d[0]));
    }
    return new Text(d.length <= MAX_ELEMENTS ? elements(d, Notation::constantNumber) : "const(" + dims(t.shape()) + ")", 9);
  }

  private static boolean isUniform(double[] d) {
    boolean uniform = d.length > 0;
    for (double v : d) {
      uniform &= Double.compare(v, d[0]) == 0;
    }
    return uniform;
  }

  /** A constant as written in a formula: at most 6 significant digits, no trailing zeros. */
  private static String constantNumber(double v) {
    if (!Double.isFinite(v)) {
      return nonFinite(v);
    }
    BigDecimal b = new BigDecimal(v).round(new MathContext(6, RoundingMode.HALF_EVEN));
    return plain(b);
  }

  /**
   * {@code v} rounded half-up to {@code decimals} places, trailing zeros dropped, ASCII minus,
   * {@code -0} written as {@code 0}: {@code 10.0 -> "10"}, {@code -0.95892 -> "-0.959"}; from
   * {@code 1e15} on, {@code decimals + 1} significant digits and an exponent, so that no value
   * is longer than about 25 characters: {@code 1.23456e20 -> "1.235e20"}.
   */
  static String number(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return nonFinite(v);
    }
    if (Math.abs(v) >= LARGE) {
      BigDecimal b = new BigDecimal(v).round(new MathContext(decimals + 1, RoundingMode.HALF_UP));
      int exponent = b.precision() - b.scale() - 1;
      return plain(b.movePointLeft(exponent)) + "e" + exponent;
    }
    return plain(BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP));
  }

  private static String plain(BigDecimal b) {
    return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
  }

  private static String nonFinite(double v) {
    return Double.isNaN(v) ? "NaN" : v > 0 ? "inf" : "-inf";
  }

  /**
   * A tensor value: a number for rank 0, else its elements (the first three and last two if
   * there are more than six) followed by its dimensions, e.g. {@code [1, 2, …, 9] (3×3)}.
   */
  static String value(Tensor t, int decimals) {
    if (t.rank() == 0) {
      return number(t.item(), decimals);
    }
    return elements(t.toArray(), v -> number(v, decimals)) + " (" + dims(t.shape()) + ")";
  }

  private static String elements(double[] d, java.util.function.DoubleFunction<String> fmt) {
    StringJoiner sj = new StringJoiner(", ", "[", "]");
    boolean abbreviate = d.length > MAX_ELEMENTS;
    for (int i = 0; i < d.length; i++) {
      if (abbreviate && i == HEAD) {
        sj.add("…");
        i = d.length - TAIL;
      }
      sj.add(fmt.apply(d[i]));
    }
    return sj.toString();
  }

  /** Dimensions joined by {@code ×}, e.g. {@code 2×3}; {@code scalar} for rank 0. */
  static String dims(Shape s) {
    if (s.rank() == 0) {
      return "scalar";
    }
    StringJoiner sj = new StringJoiner("×");
    for (int d : s.toArray()) {
      sj.add(Integer.toString(d));
    }
    return sj.toString();
  }

  /**
   * {@code name} with a combining mark after its first character, NFC-normalized:
   * {@code v1 -> v̇1}, {@code x1 -> ẋ1} (one precomposed character where Unicode has one).
   */
  static String decorate(String name, char mark) {
    int first = name.offsetByCodePoints(0, 1);
    return Normalizer.normalize(name.substring(0, first) + mark + name.substring(first), Normalizer.Form.NFC);
  }

  /** The display width of {@code s}: code points, combining marks not counted. */
  static int width(String s) {
    return (int) s.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).count();
  }
}
