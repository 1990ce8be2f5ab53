package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Absolute value; derivative {@code sign(x)}, with {@code |x|'(0) = 0} by convention. */
public final class Abs extends Unary {
  /** The op. */
  public static final Abs OP = new Abs();

  private Abs() {
    super("abs");
  }

  @Override
  protected double value(double x) {
    return Math.abs(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return sign(x);
  }

  @Override
  protected boolean isMask() {
    return true;
  }

  @Override
  protected Expr cutOff(Expr x) {
    return eq(x, zerosLike(x));
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("abs", Fx::abs));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).lo() >= 0 ? x.get(0) : x.get(0).hi() <= 0 ? x.get(0).negate()
        : Interval.of(0, x.get(0).magnitude());
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).whyNotAwayFromZero();
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("abs", TestDomain.AWAY_FROM_ZERO, Fx::abs));
  }
}
