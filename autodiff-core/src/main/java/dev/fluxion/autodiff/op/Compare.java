package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.function.BinaryOperator;
import org.jspecify.annotations.Nullable;

/** Elementwise comparison giving 1.0 (true) or 0.0 (false); piecewise constant, zero derivative. */
public final class Compare extends Binary {
  /** {@code a > b}. */
  public static final Compare GT = new Compare("gt", ">", Tensor::gt);
  /** {@code a >= b}. */
  public static final Compare GE = new Compare("ge", "≥", Tensor::ge);
  /** {@code a < b}. */
  public static final Compare LT = new Compare("lt", "<", Tensor::lt);
  /** {@code a <= b}. */
  public static final Compare LE = new Compare("le", "≤", Tensor::le);
  /** {@code a == b}. */
  public static final Compare EQ = new Compare("eq", "=", Tensor::eq);

  private final String label;
  private final BinaryOperator<Tensor> kernel;

  private Compare(String name, String label, BinaryOperator<Tensor> kernel) {
    super(name);
    this.label = label;
    this.kernel = kernel;
  }

  @Override
  public double scalar(double a, double b) {
    boolean holds = this == GT ? a > b : this == GE ? a >= b : this == LT ? a < b : this == LE ? a <= b : a == b;
    return holds ? 1 : 0;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return kernel.apply(args.get(0), args.get(1));
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

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return Interval.UNIT;
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).whyNotApart(x.get(1));
  }

  @Override
  public boolean commutative() {
    return this == EQ;
  }

  @Override
  public Syntax syntax() {
    return Syntax.function().withLabel(label);
  }
}
