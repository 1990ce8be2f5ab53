package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/** Base of reductions over a set of axes ({@code sum}, {@code max}): the attribute handling they share. */
abstract class AxesReduction implements Op {
  final int[] axes;
  final boolean keepDims;
  private final String name;

  AxesReduction(String name, int[] axes, boolean keepDims) {
    this.name = name;
    this.axes = axes.clone();
    this.keepDims = keepDims;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String attributes() {
    return "axes=" + Arrays.toString(axes) + (keepDims ? ", keepDims=true" : "");
  }

  @Override
  public final int arity() {
    return 1;
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    try {
      return args.get(0).reduce(axes, keepDims);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /** {@return this reduction over {@code axes} instead} */
  abstract AxesReduction over(int[] axes);

  /** The same reduction over the shifted axes. */
  @Override
  public final Expr batch(List<Expr> x, Batch b) {
    return Fx.apply(over(Batch.shift(axes)), x.get(0));
  }

  /** The argument's shape with the reduced axes kept as size 1. */
  final Shape kept(Shape x) {
    return x.reduce(axes, true);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((AxesReduction) o).keepDims == keepDims
        && Arrays.equals(((AxesReduction) o).axes, axes);
  }

  @Override
  public final int hashCode() {
    return getClass().hashCode() * 31 + Arrays.hashCode(axes) * 2 + (keepDims ? 1 : 0);
  }
}
