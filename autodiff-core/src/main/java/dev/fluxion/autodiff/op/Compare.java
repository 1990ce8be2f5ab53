package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Elementwise comparison giving 1.0 (true) or 0.0 (false); piecewise constant, zero derivative. */
public final class Compare extends Binary {
  /** {@code a > b}. */
  public static final Compare GT = new Compare("gt");
  /** {@code a >= b}. */
  public static final Compare GE = new Compare("ge");
  /** {@code a < b}. */
  public static final Compare LT = new Compare("lt");
  /** {@code a <= b}. */
  public static final Compare LE = new Compare("le");
  /** {@code a == b}. */
  public static final Compare EQ = new Compare("eq");

  private Compare(String name) {
    super(name);
  }

  @Override
  public double scalar(double a, double b) {
    boolean holds = this == GT ? a > b : this == GE ? a >= b : this == LT ? a < b : this == LE ? a <= b : a == b;
    return holds ? 1 : 0;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor a = args.get(0);
    Tensor b = args.get(1);
    return switch (name()) {
      case "gt" -> a.gt(b);
      case "ge" -> a.ge(b);
      case "lt" -> a.lt(b);
      case "le" -> a.le(b);
      default -> a.eq(b);
    };
  }

  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return null;
  }

  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return null;
  }

  /** Equal arguments are a kink (a tie, or a comparison at its boundary). */
  @Override
  public int kinkAt(List<Expr> x, List<Tensor> values) {
    return Kinks.firstTie(x, values);
  }
}
