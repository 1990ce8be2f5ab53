package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.op.LeakyRelu;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Infix printing with few parentheses; output is capped so shared DAGs cannot explode.
 *
 * <p>Scalar expressions of the formula grammar print as text that {@code text.Formula} parses
 * back to the same structure: right operands of {@code +} and {@code *} keep their parentheses
 * (floating-point addition is not associative), negative and non-finite constants are
 * parenthesized, full reductions omit their axes and leaky ReLU prints its slope as an argument.
 */
final class Infix {
  private static final int CAP = 20_000;
  /** Reductions printed without attributes when they reduce to a scalar, as formulas write them. */
  private static final Set<String> REDUCTIONS = Set.of("sum", "max");

  private record Text(String s, int prec) {}

  private Infix() {}

  static String print(Expr root) {
    Map<Expr, Text> memo = new IdentityHashMap<>();
    for (Expr n : Exprs.topologicalOrder(root)) {
      memo.put(n, text(n, memo));
    }
    return memo.get(root).s();
  }

  /** A number as printed: integers without a fraction, others in shortest round-trip form. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static Text text(Expr n, Map<Expr, Text> memo) {
    return switch (n) {
      case Var v -> new Text(v.name(), 9);
      case Const c -> constant(c.value());
      case Apply a -> apply(a, memo);
    };
  }

  private static Text constant(Tensor t) {
    if (t.rank() == 0) {
      double v = t.item();
      if (!Double.isFinite(v)) {
        return new Text(Double.isNaN(v) ? "(0/0)" : v > 0 ? "(1/0)" : "(-1/0)", 9);
      }
      return new Text(number(v), Double.compare(v, 0.0) < 0 ? 0 : 9);
    }
    double[] d = t.toArray();
    boolean uniform = true;
    for (double v : d) {
      uniform &= Double.compare(v, d[0]) == 0;
    }
    if (uniform && d.length > 0) {
      return new Text("full(" + t.shape() + ", " + number(d[0]) + ")", 9);
    }
    if (d.length <= 8) {
      return new Text(t.toString().replace("\n", ""), 9);
    }
    return new Text("const" + t.shape(), 9);
  }

  private static Text apply(Apply a, Map<Expr, Text> memo) {
    List<Expr> args = a.args();
    String name = a.op().name();
    switch (name) {
      case "add":
        return binary(memo.get(args.get(0)), " + ", memo.get(args.get(1)), 1, true);
      case "sub":
        return binary(memo.get(args.get(0)), " - ", memo.get(args.get(1)), 1, true);
      case "mul":
      case "maskedMul":
        return binary(memo.get(args.get(0)), " * ", memo.get(args.get(1)), 2, true);
      case "div":
        return binary(memo.get(args.get(0)), " / ", memo.get(args.get(1)), 2, true);
      case "pow":
        return pow(memo.get(args.get(0)), memo.get(args.get(1)));
      case "neg":
        return new Text("-" + wrap(memo.get(args.get(0)), 3), 3);
      case "broadcast":
        return broadcast(memo.get(args.get(0)), a.shape());
      default:
        return call(a, memo);
    }
  }

  private static Text broadcast(Text inner, Shape target) {
    return new Text("broadcast(" + inner.s() + ", " + target + ")", 9);
  }

  private static Text binary(Text l, String op, Text r, int prec, boolean strictRight) {
    String left = wrap(l, prec);
    String right = strictRight ? wrap(r, prec + 1) : wrap(r, prec);
    return new Text(cap(left + op + right), prec);
  }

  private static Text pow(Text l, Text r) {
    return new Text(cap(wrap(l, 5) + "^" + wrap(r, 4)), 4);
  }

  private static Text call(Apply a, Map<Expr, Text> memo) {
    StringBuilder sb = new StringBuilder(a.op().name()).append('(');
    for (int i = 0; i < a.args().size(); i++) {
      sb.append(i > 0 ? ", " : "").append(memo.get(a.arg(i)).s());
    }
    String attrs = a.op() instanceof LeakyRelu l ? number(l.alpha())
        : a.shape().rank() == 0 && REDUCTIONS.contains(a.op().name()) ? "" : a.op().attributes();
    if (!attrs.isEmpty()) {
      sb.append(", ").append(attrs);
    }
    return new Text(cap(sb.append(')').toString()), 9);
  }

  private static String wrap(Text t, int prec) {
    return t.prec() < prec ? "(" + t.s() + ")" : t.s();
  }

  private static String cap(String s) {
    return s.length() <= CAP ? s : s.substring(0, CAP) + "…";
  }
}
