package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/** {@code max(x, 0)}; derivative {@code 1} for {@code x > 0}, else {@code 0} ({@code relu'(0) = 0} by convention). */
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
    return x > 0 ? x : 0.0;
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return step(x);
  }
}
