package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code e^x - 1}, accurate for tiny {@code x} ({@code expm1(1e-17) = 1e-17} where
 * {@code exp(x) - 1} gives 0); derivative {@code y + 1}.
 */
public final class Expm1 extends Unary {
  /** The op. */
  public static final Expm1 OP = new Expm1();

  private Expm1() {
    super("expm1");
  }

  @Override
  protected double value(double x) {
    return Math.expm1(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return y.plus(1.0);
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("expm1", Fx::expm1));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).monotone(this::value);
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).whyNotAtMost(20);
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("expm1", TestDomain.BOUNDED, Fx::expm1));
  }
}
