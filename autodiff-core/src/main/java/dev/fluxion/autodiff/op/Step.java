package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Heaviside step {@code x > 0 ? 1 : 0}, NaN for NaN; piecewise constant, so its derivative is zero. */
public final class Step extends Unary {
  /** The op. */
  public static final Step OP = new Step();

  private Step() {
    super("step");
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).step();
  }

  @Override
  protected double value(double x) {
    return x > 0 ? 1.0 : x != x ? x : 0.0;
  }

  @Override
  protected @Nullable Expr derivative(Expr x, Expr y) {
    return null;
  }

  @Override
  protected boolean isMask() {
    return true;
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return Interval.UNIT;
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).whyNotAwayFromZero();
  }
}
