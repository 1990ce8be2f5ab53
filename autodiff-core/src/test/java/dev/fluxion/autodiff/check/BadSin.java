package dev.fluxion.autodiff.check;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/** A deliberately wrong test-only op: {@code sin} with a correct JVP but a VJP off by a factor 1.5. */
public final class BadSin implements Op {
  /** The op. */
  public static final BadSin OP = new BadSin();

  private BadSin() {}

  /** {@code badSin(x)}. */
  public static Expr badSin(Expr x) {
    return dev.fluxion.autodiff.expr.Fx.apply(OP, x);
  }

  @Override
  public String name() {
    return "badSin";
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
    return args.get(0).sin();
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return maskedMul(xDot, cos(x.get(0)));
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return maskedMul(yBar, cos(x.get(0)).times(1.5));
  }
}
