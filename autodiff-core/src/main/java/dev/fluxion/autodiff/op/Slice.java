package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * A strided slice {@code x[start:stop:step]} per axis; linear, its adjoint {@link Unslice}
 * writes the cotangent back into zeros.
 */
public final class Slice implements Op {
  private final int[] start;
  private final int[] stop;
  private final int[] step;

  /**
   * A slice with per-axis bounds (validated against the argument's shape when applied).
   *
   * @param start the first index along each axis
   * @param stop the end (exclusive) along each axis
   * @param step the step along each axis
   */
  public Slice(int[] start, int[] stop, int[] step) {
    this.start = start.clone();
    this.stop = stop.clone();
    this.step = step.clone();
  }

  @Override
  public String name() {
    return "slice";
  }

  @Override
  public String attributes() {
    return "start=" + Arrays.toString(start) + ", stop=" + Arrays.toString(stop) + ", step=" + Arrays.toString(step);
  }

  @Override
  public int arity() {
    return 1;
  }

  /** The whole batch axis, then the same slice. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return slice(x.get(0), Batch.prepend(0, start), Batch.prepend(b.size(), stop), Batch.prepend(1, step));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape s = args.get(0);
    int r = s.rank();
    if (start.length != r || stop.length != r || step.length != r) {
      throw new IllegalArgumentException("slice: bounds for " + start.length + " axes given for shape " + s);
    }
    int[] d = new int[r];
    for (int i = 0; i < r; i++) {
      if (step[i] <= 0 || start[i] < 0 || stop[i] > s.dim(i) || start[i] > stop[i]) {
        throw new IllegalArgumentException("slice: axis " + i + " range [" + start[i] + ":" + stop[i] + ":"
            + step[i] + "] is invalid for shape " + s);
      }
      d[i] = (stop[i] - start[i] + step[i] - 1) / step[i];
    }
    return Shape.of(d);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).slice(start, stop, step);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return slice(xDot, start, stop, step);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return unslice(yBar, x.get(0).shape(), start, step);
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Slice s && Arrays.equals(s.start, start) && Arrays.equals(s.stop, stop)
        && Arrays.equals(s.step, step);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(start) + 31 * Arrays.hashCode(stop) + 961 * Arrays.hashCode(step);
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0);
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("slice", TestDomain.REAL, Slice::firstHalf),
        Sample.unary("index", TestDomain.REAL, a -> index(Sample.atLeast(a, 1), 0)));
  }

  /** The first half (rounded up) of {@code x} along axis 0. */
  private static Expr firstHalf(Expr x) {
    Shape s = Sample.atLeast(x, 1).shape();
    int[] start = new int[s.rank()];
    int[] stop = s.toArray();
    int[] step = new int[s.rank()];
    java.util.Arrays.fill(step, 1);
    stop[0] = (stop[0] + 1) / 2;
    return slice(x, start, stop, step);
  }
}
