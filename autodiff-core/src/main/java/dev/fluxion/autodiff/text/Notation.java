package dev.fluxion.autodiff.text;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Unary;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The survey's notation for trace formulas and numbers: {@code ln v-1}, {@code v-1 × v0},
 * {@code v4 − v3}, {@code v̄3 · cos v0}.
 *
 * <p>{@code ×} is the op {@code mul}; {@code ·} is the strong-zero product {@code maskedMul}
 * that derivative rules use ({@code 0 · ∞ = 0}); {@code a + (−b)} prints as {@code a − b}.
 * Variables print as their names, so trace placeholders ({@code v1}, {@code v̇1}, {@code v̄1})
 * print as themselves. A constant filled with one number prints as that number (it enters
 * elementwise ops by broadcasting; as {@code full(2×3, 1)} in other ops), other small
 * constants as their elements.
 */
final class Notation {
  private static final int MAX_ELEMENTS = 6;
  private static final int HEAD = 3;
  private static final int TAIL = 2;
  /** Values from here on are written with an exponent. */
  private static final double LARGE = 1e15;

  private record Text(String s, int prec) {}

  private Notation() {}

  /** {@code e} in survey notation, with minimal parentheses. */
  static String print(Expr e) {
    Map<Expr, Text> memo = new IdentityHashMap<>();
    for (Expr n : Exprs.topologicalOrder(e)) {
      memo.put(n, switch (n) {
        case Var v -> new Text(v.name(), 9);
        case Const c -> constant(c.value());
        case Apply a -> apply(a, memo);
      });
    }
    return memo.get(e).s();
  }

  private static Text apply(Apply a, Map<Expr, Text> memo) {
    List<Expr> args = a.args();
    return switch (a.op().name()) {
      case "add" -> args.get(1) instanceof Apply n && n.op().name().equals("neg")
          ? binary(memo.get(args.get(0)), " − ", memo.get(n.arg(0)), 1, true)
          : binary(memo.get(args.get(0)), " + ", memo.get(args.get(1)), 1, false);
      case "sub" -> binary(memo.get(args.get(0)), " − ", memo.get(args.get(1)), 1, true);
      case "mul" -> binary(memo.get(args.get(0)), " × ", memo.get(args.get(1)), 2, false);
      case "maskedMul" -> binary(memo.get(args.get(0)), " · ", memo.get(args.get(1)), 2, false);
      case "div" -> binary(memo.get(args.get(0)), " / ", memo.get(args.get(1)), 2, true);
      case "pow" -> new Text(wrap(memo.get(args.get(0)), 5) + "^" + wrap(memo.get(args.get(1)), 4), 4);
      case "neg" -> new Text("−" + wrap(memo.get(args.get(0)), 3), 3);
      default -> a.op() instanceof Unary && a.op().attributes().isEmpty()
          ? new Text(function(a.op().name()) + " " + wrap(memo.get(args.get(0)), 9), 3)
          : call(a, memo);
    };
  }

  private static String function(String name) {
    return name.equals("log") ? "ln" : name;
  }

  private static Text binary(Text l, String op, Text r, int prec, boolean strictRight) {
    return new Text(wrap(l, prec) + op + wrap(r, strictRight ? prec + 1 : prec), prec);
  }

  private static Text call(Apply a, Map<Expr, Text> memo) {
    StringJoiner sj = new StringJoiner(", ", a.op().name() + "(", ")");
    for (Expr arg : a.args()) {
      String text = memo.get(arg).s();
      if (arg instanceof Const c && c.value().rank() > 0 && isUniform(c.value().toArray())) {
        text = "full(" + dims(c.shape()) + ", " + text + ")";
      }
      sj.add(text);
    }
    if (!a.op().attributes().isEmpty()) {
      sj.add(a.op().attributes());
    }
    return new Text(sj.toString(), 9);
  }

  private static String wrap(Text t, int prec) {
    return t.prec() < prec ? "(" + t.s() + ")" : t.s();
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
