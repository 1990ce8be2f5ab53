package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The inclusive cumulative sum along one axis, {@code y_j = Σ_(i <= j) x_i} (reverse:
 * {@code y_j = Σ_(i >= j) x_i}), output shape equal to the input's; linear, its JVP is the cumulative
 * sum of the tangent and its VJP the cumulative sum of the cotangent in the other direction, so every
 * order of derivative stays a {@code cumsum}.
 *
 * <p>Each line along the axis is summed in one fixed sequential order, from its first element (last,
 * reversed), in float64; float32 rounds each running sum once. A line of {@code -0.0} sums to
 * {@code -0.0}.
 *
 * @param axis the non-negative axis (see {@code Fx.cumsum} for the checked entry point, which also takes
 *     negative axes)
 * @param reverse whether the sum runs from the end of the axis
 */
public record Cumsum(int axis, boolean reverse) implements Op {
  /**
   * {@return the cumulative sum along {@code axis} of an argument of shape {@code x}}
   *
   * @param x the argument's shape, rank at least 1
   * @param axis in {@code [-rank, rank)}; negative axes count from the end
   * @param reverse whether the sum runs from the end of the axis
   * @throws IllegalArgumentException naming the axis and the rank if the axis is out of range
   */
  public static Cumsum along(Shape x, int axis, boolean reverse) {
    int r = x.rank();
    if (axis < -r || axis >= r) {
      throw new IllegalArgumentException("cumsum: axis " + axis + " is out of range for rank " + r + " (shape " + x
          + (r == 0 ? "): a scalar has no axis" : "); expected " + -r + " to " + (r - 1)));
    }
    return new Cumsum(axis < 0 ? axis + r : axis, reverse);
  }

  @Override
  public String name() {
    return "cumsum";
  }

  @Override
  public String attributes() {
    return "axis=" + axis + (reverse ? ", reverse=true" : "");
  }

  @Override
  public int arity() {
    return 1;
  }

  /** Along the shifted axis. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return Fx.apply(new Cumsum(axis + 1, reverse), x.get(0));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape s = args.get(0);
    if (axis < 0 || axis >= s.rank()) {
      throw new IllegalArgumentException("cumsum: axis " + axis + " is out of range for rank " + s.rank()
          + " (shape " + s + ")");
    }
    return s;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor x = args.get(0);
    Shape s = x.shape();
    double[] d = x.toArray();
    int n = s.dim(axis);
    int inner = 1;
    for (int k = axis + 1; k < s.rank(); k++) {
      inner *= s.dim(k);
    }
    int line = n * inner;
    for (int start = 0; start < d.length; start += line) {
      for (int i = 0; i < inner; i++) {
        double run = -0.0;
        for (int j = 0; j < n; j++) {
          int at = start + i + (reverse ? n - 1 - j : j) * inner;
          run += d[at];
          d[at] = run;
        }
      }
    }
    return Tensor.of(d, s).cast(x.dtype());
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return Fx.apply(this, xDot);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return Fx.apply(new Cumsum(axis, !reverse), yBar);
  }

  /** {@code x_j}'s cotangent is a structural zero where every cotangent it sums is one. */
  @Override
  public @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    if (zerosOfY == null) {
      return null;
    }
    Expr live = vjp(i, x, y, scalar(1).minus(zerosOfY));
    return eq(live, zerosLike(live));
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  /** Printed {@code cumsum(x, axis=0)}; formulas cannot write it (the axis has no spelling), as softmax. */
  @Override
  public Syntax syntax() {
    return Syntax.function();
  }

  /** Each element sums between 1 and the axis length of the argument's elements. */
  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).times(Interval.of(1, Math.max(1, node.shape().dim(axis))));
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.random("cumsum", 1,
        (a, rng) -> cumsum(a.get(0), Sample.axis(a.get(0), rng), rng.nextBoolean())));
  }
}
