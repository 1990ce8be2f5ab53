package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Arguments joined along an existing axis; linear, argument {@code i}'s cotangent is its slice
 * of {@code yBar}.
 *
 * @param axis the non-negative join axis
 * @param arity the number of arguments, {@code >= 1}
 */
public record Concat(int axis, int arity) implements Op {
  @Override
  public String name() {
    return "concat";
  }

  @Override
  public String attributes() {
    return "axis=" + axis;
  }

  /** Along the shifted axis, every part with the batch axis. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return Fx.apply(new Concat(axis + 1, arity), b.leadAll(x));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape first = args.get(0);
    if (axis < 0 || axis >= first.rank()) {
      throw new IllegalArgumentException("concat: axis " + axis + " is out of range for shape " + first);
    }
    int total = 0;
    for (Shape s : args) {
      boolean ok = s.rank() == first.rank();
      for (int d = 0; ok && d < s.rank(); d++) {
        ok = d == axis || s.dim(d) == first.dim(d);
      }
      if (!ok) {
        throw new IllegalArgumentException("concat: shapes " + first + " and " + s + " differ outside axis " + axis);
      }
      total += s.dim(axis);
    }
    int[] d = first.toArray();
    d[axis] = total;
    return Shape.of(d);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return Tensor.concat(axis, args.toArray(new Tensor[0]));
  }

  private int[] offset(List<Expr> x, int i) {
    int[] start = new int[x.get(i).shape().rank()];
    for (int k = 0; k < i; k++) {
      start[axis] += x.get(k).shape().dim(axis);
    }
    return start;
  }

  private static int[] ones(int n) {
    int[] a = new int[n];
    Arrays.fill(a, 1);
    return a;
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return unslice(xDot, y.shape(), offset(x, i), ones(y.shape().rank()));
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    int[] start = offset(x, i);
    int[] stop = yBar.shape().toArray();
    stop[axis] = start[axis] + x.get(i).shape().dim(axis);
    return slice(yBar, start, stop, ones(stop.length));
  }

  /** A selection: the structural zeros move as the cotangent does. */
  @Override
  public @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    return zerosOfY == null ? null : vjp(i, x, y, zerosOfY);
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    Interval h = x.get(0);
    for (Interval b : x) {
      h = h.hull(b);
    }
    return h;
  }

  @Override
  public List<Sample> samples() {
    return List.of(
        Sample.binary("concat", TestDomain.REAL, TestDomain.REAL, (a, b) -> concat(0, Sample.atLeast(a, 1), b)),
        Sample.binary("stack", TestDomain.REAL, TestDomain.REAL, (a, b) -> stack(0, a, b)));
  }
}
