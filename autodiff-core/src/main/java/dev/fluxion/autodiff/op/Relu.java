package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.tensor.internal.Scalars;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code max(x, 0)}, NaN for NaN (like {@code max}); derivative {@code step(x)}: {@code 1} for
 * {@code x > 0}, {@code 0} for {@code x <= 0} ({@code relu'(0) = 0} by convention), NaN for NaN.
 */
public final class Relu extends Unary {
  /** The op. */
  public static final Relu OP = new Relu();

  private Relu() {
    super("relu");
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).relu();
  }

  @Override
  protected double value(double x) {
    return Scalars.relu(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return step(x);
  }

  @Override
  protected boolean isMask() {
    return true;
  }

  @Override
  protected Expr cutOff(Expr x) {
    return le(x, zerosLike(x));
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("relu", Fx::relu));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return Interval.of(Math.max(0, x.get(0).lo()), Math.max(0, x.get(0).hi()));
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).whyNotAwayFromZero();
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("relu", TestDomain.AWAY_FROM_ZERO, Fx::relu));
  }
}
