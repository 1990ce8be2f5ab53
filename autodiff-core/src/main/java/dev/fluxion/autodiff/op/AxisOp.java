package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.List;

/** Base of ops acting along one axis ({@code softmax}, {@code logSoftmax}, {@code logSumExp}). */
abstract class AxisOp implements Op {
  final int axis;
  final boolean keepDims;
  private final String name;

  AxisOp(String name, int axis, boolean keepDims) {
    this.name = name;
    this.axis = axis;
    this.keepDims = keepDims;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public String attributes() {
    return "axis=" + axis;
  }

  @Override
  public final int arity() {
    return 1;
  }

  /** {@return this op along {@code axis} instead} */
  abstract AxisOp along(int axis);

  /** The same op along the shifted axis. */
  @Override
  public final Expr batch(List<Expr> x, Batch b) {
    return Fx.apply(along(axis + 1), x.get(0));
  }

  /** The argument's shape with the axis kept as size 1. */
  Shape kept(Shape x) {
    return x.reduce(new int[] {axis}, true);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape s = args.get(0);
    if (axis < 0 || axis >= s.rank()) {
      throw new IllegalArgumentException(name + ": axis " + axis + " is out of range for shape " + s);
    }
    if (s.dim(axis) == 0) {
      throw new IllegalArgumentException(name + ": axis " + axis + " of shape " + s + " is empty");
    }
    return keepDims ? s : s.reduce(new int[] {axis}, false);
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((AxisOp) o).axis == axis && ((AxisOp) o).keepDims == keepDims;
  }

  @Override
  public int hashCode() {
    return getClass().hashCode() * 31 + axis * 2 + (keepDims ? 1 : 0);
  }
}
