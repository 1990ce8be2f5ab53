package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.op.Syntax;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Infix printing with few parentheses; output is capped so deep or shared DAGs cannot explode.
 *
 * <p>Scalar expressions of the formula grammar print as text that {@code text.Formula} parses
 * back to the same structure: right operands of {@code +} and {@code *} keep their parentheses
 * (floating-point addition is not associative), negative and non-finite constants are
 * parenthesized, and each op's {@link Syntax} gives its operator symbol and precedence and its
 * {@code formulaAttributes} what follows the arguments (none for full reductions, leaky ReLU's slope).
 *
 * <p>The text is written top-down from an explicit stack into a buffer that stops at
 * {@value #CAP} characters, followed by {@code …} when cut: memory and time are bounded by the
 * cap plus the depth of the expression, never by the (possibly exponential) length of its full text.
 */
final class Infix {
  /** The most characters printed before the text is cut and ends in {@code …}. */
  static final int CAP = 20_000;
  /** The precedence of a prefix minus; operators binding tighter (powers) print without spaces. */
  private static final int PREFIX = 3;

  /** Signals that the buffer is full; carries no stack trace. */
  private static final class Full extends RuntimeException {
    Full() {
      super(null, null, false, false);
    }
  }

  private Infix() {}

  static String print(Expr root) {
    return print(root, CAP);
  }

  /** {@code root} as text, cut after {@code cap} characters and then ending in {@code …}. */
  static String print(Expr root, int cap) {
    StringBuilder out = new StringBuilder();
    ArrayDeque<Object> work = new ArrayDeque<>();
    work.push(root);
    try {
      while (!work.isEmpty()) {
        Object item = work.pop();
        if (item instanceof String s) {
          append(out, s, cap);
        } else {
          expand((Expr) item, work, out, cap);
        }
      }
    } catch (Full full) {
      return out.append('…').toString();
    }
    return out.toString();
  }

  private static void append(StringBuilder out, String s, int cap) {
    if (out.length() + s.length() > cap) {
      out.append(s, 0, cap - out.length());
      throw new Full();
    }
    out.append(s);
  }

  /** Prints a leaf, or pushes the pieces of an application (last piece first). */
  private static void expand(Expr n, ArrayDeque<Object> work, StringBuilder out, int cap) {
    switch (n) {
      case Var v -> append(out, v.name(), cap);
      case Const c -> append(out, constant(c.value()), cap);
      case Apply a -> {
        List<Object> pieces = pieces(a);
        for (int i = pieces.size() - 1; i >= 0; i--) {
          work.push(pieces.get(i));
        }
      }
    }
  }

  /** The text of {@code a} as literal strings and argument expressions, in order. */
  private static List<Object> pieces(Apply a) {
    Syntax syntax = a.op().syntax();
    int prec = syntax.precedence();
    return switch (syntax.form()) {
      case INFIX -> {
        boolean right = syntax.associativity() == Syntax.Associativity.RIGHT;
        List<Object> pieces = wrapped(new ArrayList<>(), a.arg(0), right ? prec + 1 : prec);
        String op = prec > PREFIX ? syntax.symbol() : " " + syntax.symbol() + " ";
        yield wrapped(pieces, op, a.arg(1), right ? prec : prec + 1);
      }
      case PREFIX -> wrapped(new ArrayList<>(List.of(syntax.symbol())), a.arg(0), prec);
      case FUNCTION -> call(a);
    };
  }

  private static List<Object> wrapped(List<Object> pieces, String before, Expr e, int prec) {
    pieces.add(before);
    return wrapped(pieces, e, prec);
  }

  /** Appends {@code e}, in parentheses if it binds less tightly than {@code prec}. */
  private static List<Object> wrapped(List<Object> pieces, Expr e, int prec) {
    boolean parens = precedence(e) < prec;
    if (parens) {
      pieces.add("(");
    }
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
      if (i > 0) {
        pieces.add(", ");
      }
      pieces.add(a.arg(i));
    }
    String attrs = a.op().formulaAttributes(a);
    pieces.add(attrs.isEmpty() ? ")" : ", " + attrs + ")");
    return pieces;
  }

  /** How tightly the text of {@code e} binds: the op's precedence, 0 for a negative number, 9 for atoms. */
  private static int precedence(Expr e) {
    return switch (e) {
      case Var v -> Syntax.ATOM;
      case Const c -> c.value().rank() == 0 && Double.compare(c.value().item(), 0.0) < 0
          && Double.isFinite(c.value().item()) ? 0 : Syntax.ATOM;
      case Apply a -> a.op().syntax().precedence();
    };
  }

  /** A number as printed: integers without a fraction, others in shortest round-trip form. */
  static String number(double v) {
    return Syntax.number(v);
  }

  private static String constant(Tensor t) {
    if (t.rank() == 0) {
      double v = t.item();
      if (!Double.isFinite(v)) {
        return Double.isNaN(v) ? "(0/0)" : v > 0 ? "(1/0)" : "(-1/0)";
      }
      return number(v);
    }
    double[] d = t.toArray();
    boolean uniform = true;
    for (double v : d) {
      uniform &= Double.compare(v, d[0]) == 0;
    }
    if (uniform && d.length > 0) {
      return "full(" + t.shape() + ", " + number(d[0]) + ")";
    }
    return d.length <= 8 ? t.toString().replace("\n", "") : "const" + t.shape();
  }
}
