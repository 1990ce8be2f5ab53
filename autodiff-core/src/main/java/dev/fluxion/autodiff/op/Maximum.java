package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Elementwise maximum (or minimum) of two tensors. On ties each argument gets half the
 * derivative (as in JAX), so {@code max(x, x)} has derivative 1.
 */
public final class Maximum extends Binary {
  /** Elementwise maximum. */
  public static final Maximum MAX = new Maximum("maximum", true);
  /** Elementwise minimum. */
  public static final Maximum MIN = new Maximum("minimum", false);
  private final boolean isMax;

  private Maximum(String name, boolean isMax) {
    super(name);
    this.isMax = isMax;
  }

  @Override
  public double scalar(double a, double b) {
    return isMax ? Math.max(a, b) : Math.min(a, b);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return isMax ? args.get(0).maximum(args.get(1)) : args.get(0).minimum(args.get(1));
  }

  /** The weight of argument {@code i}: 1 where it wins, 1/2 on ties, 0 where it loses. */
  private Expr weight(int i, List<Expr> x) {
    Expr mine = x.get(i);
    Expr other = x.get(1 - i);
    Expr wins = isMax ? gt(mine, other) : lt(mine, other);
    return wins.plus(eq(mine, other).times(0.5));
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return maskedMul(xDot, weight(i, x));
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return maskedMul(yBar, weight(i, x));
  }

  /** The losing argument's cotangent is a structural zero. */
  @Override
  public @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    Expr mine = x.get(i);
    Expr other = x.get(1 - i);
    return StrongZeros.or(zerosOfY, isMax ? lt(mine, other) : gt(mine, other));
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  /** Equal arguments are a kink (a tie, or a comparison at its boundary). */
  @Override
  public int kinkAt(List<Expr> x, List<Tensor> values) {
    return Kinks.firstTie(x, values);
  }

  @Override
  public Syntax syntax() {
    return isMax ? Syntax.function(Spelling.binary("max", Fx::maximum), Spelling.binary("maximum", Fx::maximum))
        : Syntax.function(Spelling.binary("min", Fx::minimum), Spelling.binary("minimum", Fx::minimum));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return isMax ? Interval.of(Math.max(x.get(0).lo(), x.get(1).lo()), Math.max(x.get(0).hi(), x.get(1).hi()))
        : Interval.of(Math.min(x.get(0).lo(), x.get(1).lo()), Math.min(x.get(0).hi(), x.get(1).hi()));
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).whyNotApart(x.get(1));
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.binary(name(), TestDomain.REAL, TestDomain.ABOVE_FIRST, isMax ? Fx::maximum : Fx::minimum));
  }

  @Override
  public boolean commutative() {
    return true;
  }
}
