package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Sum over axes; linear, its adjoint broadcasts the cotangent back over the summed axes. */
public final class Sum implements Op {
  private final int[] axes;
  private final boolean keepDims;

  /**
   * Sum over {@code axes} (non-negative, sorted, distinct; see {@code Fx.sum} for the checked
   * entry point).
   */
  public Sum(int[] axes, boolean keepDims) {
    this.axes = axes.clone();
    this.keepDims = keepDims;
  }

  @Override
  public String name() {
    return "sum";
  }

  @Override
  public String attributes() {
    return "axes=" + Arrays.toString(axes) + (keepDims ? ", keepDims=true" : "");
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    try {
      return args.get(0).reduce(axes, keepDims);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sum: " + e.getMessage(), e);
    }
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).sum(axes, keepDims);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return sum(xDot, axes, keepDims);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Shape xs = x.get(0).shape();
    return broadcastTo(reshape(yBar, xs.reduce(axes, true)), xs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sum s && s.keepDims == keepDims && Arrays.equals(s.axes, axes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(axes) * 2 + (keepDims ? 1 : 0);
  }
}
