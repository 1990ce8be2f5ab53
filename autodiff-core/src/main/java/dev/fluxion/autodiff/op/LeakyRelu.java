package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.tensor.Checks;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Leaky ReLU {@code x > 0 ? x : alpha x}; derivative {@code 1} for {@code x > 0}, else
 * {@code alpha} (at 0 too, matching {@code relu'(0) = 0} when alpha is 0).
 */
public final class LeakyRelu extends Unary {
  private final double alpha;

  /**
   * Leaky ReLU with negative-side slope {@code alpha}.
   *
   * @param alpha the slope for negative inputs
   * @throws IllegalArgumentException if alpha is not finite
   */
  public LeakyRelu(double alpha) {
    super("leakyRelu");
    this.alpha = Checks.finite(alpha, "leakyRelu: alpha");
  }

  /** {@return the negative-side slope} */
  public double alpha() {
    return alpha;
  }

  @Override
  protected double value(double x) {
    return x > 0 ? x : alpha * x;
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    Expr s = step(x);
    return alpha == 0 ? s : s.plus(Fx.scalar(1.0).minus(s).times(alpha));
  }

  @Override
  protected boolean isMask() {
    return true;
  }

  @Override
  protected @Nullable Expr cutOff(Expr x) {
    return alpha == 0 ? le(x, zerosLike(x)) : null;
  }

  @Override
  public String attributes() {
    return "alpha=" + alpha;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LeakyRelu l && Double.compare(l.alpha, alpha) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(alpha);
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.withConstant("leakyRelu", "alpha", Fx::leakyRelu));
  }

  /** Formulas write the slope as a second argument: {@code leakyRelu(x, 0.1)}. */
  @Override
  public String formulaAttributes(Apply node) {
    return Syntax.number(alpha);
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return Interval.of(Math.min(value(x.get(0).lo()), value(x.get(0).hi())),
        Math.max(value(x.get(0).lo()), value(x.get(0).hi())));
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).whyNotAwayFromZero();
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("leakyRelu", TestDomain.AWAY_FROM_ZERO, x -> Fx.leakyRelu(x, 0.1)));
  }
}
