package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Sign: -1, 0 or 1; piecewise constant, so its derivative is zero. */
public final class Sign extends Unary {
  /** The op. */
  public static final Sign OP = new Sign();

  private Sign() {
    super("sign");
  }

  @Override
  protected double value(double x) {
    return Math.signum(x);
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
    return Interval.SYMMETRIC_UNIT;
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).whyNotAwayFromZero();
  }
}
