package dev.fluxion.autodiff.check;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * A deliberately wrong test-only op: {@code sin}, with correct rules, whose float32 kernel is off by
 * a relative {@code 1e-2} (float64 is exact), as a float32 kernel that lost precision would be.
 */
public final class SloppySin implements Op {
  /** The op. */
  public static final SloppySin OP = new SloppySin();

  private SloppySin() {}

  /** {@code sloppySin(x)}. */
  public static Expr sloppySin(Expr x) {
    return dev.fluxion.autodiff.expr.Fx.apply(OP, x);
  }

  @Override
  public String name() {
    return "sloppySin";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    return args.get(0);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor y = args.get(0).sin();
    return y.dtype() == DType.FLOAT32 ? y.times(1.01) : y;
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return maskedMul(xDot, cos(x.get(0)));
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return maskedMul(yBar, cos(x.get(0)));
  }
}
