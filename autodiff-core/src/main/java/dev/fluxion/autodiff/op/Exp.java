package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.tensor.internal.Exponential;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code e^x}, within 1 ulp ({@code Exponential}: the same bits in every kernel); derivative {@code y}. */
public final class Exp extends Unary {
  /** The op. */
  public static final Exp OP = new Exp();

  private Exp() {
    super("exp");
  }

  @Override
  protected double value(double x) {
    return Exponential.exp(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return y;
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("exp", Fx::exp));
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
    return List.of(Sample.unary("exp", TestDomain.BOUNDED, Fx::exp));
  }
}
