package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The adjoint of {@link Slice}: zeros of a target shape with the argument written at
 * {@code start + j * step}; linear, its adjoint is the slice.
 */
public final class Unslice implements Op {
  private final Shape target;
  private final int[] start;
  private final int[] step;

  /**
   * Embeds the argument into zeros of shape {@code target}.
   *
   * @param target the unsliced shape, same rank as the argument
   * @param start the first index along each axis
   * @param step the step along each axis
   */
  public Unslice(Shape target, int[] start, int[] step) {
    this.target = target;
    this.start = start.clone();
    this.step = step.clone();
  }

  @Override
  public String name() {
    return "unslice";
  }

  @Override
  public String attributes() {
    return "shape=" + target + ", start=" + Arrays.toString(start) + ", step=" + Arrays.toString(step);
  }

  @Override
  public int arity() {
    return 1;
  }

  private int[] stop(Shape in) {
    int[] stop = new int[target.rank()];
    for (int i = 0; i < stop.length; i++) {
      stop[i] = start[i] + Math.max(0, in.dim(i) - 1) * step[i] + (in.dim(i) > 0 ? 1 : 0);
    }
    return stop;
  }

  /** The whole batch axis, then the same placement. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return unslice(x.get(0), b.withBatch(target), Batch.prepend(0, start), Batch.prepend(1, step));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape in = args.get(0);
    if (in.rank() != target.rank() || start.length != in.rank() || step.length != in.rank()) {
      throw new IllegalArgumentException("unslice: shape " + in + " cannot be placed into " + target);
    }
    Shape back = new Slice(start, stop(in), step).inferShape(List.of(target));
    if (!back.equals(in)) {
      throw new IllegalArgumentException("unslice: shape " + in + " does not fit into " + target);
    }
    return target;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).unslice(target, start, step);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return unslice(xDot, target, start, step);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return slice(yBar, start, stop(x.get(0).shape()), step);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Unslice u && u.target.equals(target) && Arrays.equals(u.start, start)
        && Arrays.equals(u.step, step);
  }

  @Override
  public int hashCode() {
    return target.hashCode() + 31 * Arrays.hashCode(start) + 961 * Arrays.hashCode(step);
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).hull(Interval.ZERO);
  }
}
