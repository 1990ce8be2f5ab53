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
 * Maximum over axes. The derivative flows to the maximal elements; tied maxima share it equally
 * (as in JAX and PyTorch's {@code amax}).
 */
public final class ReduceMax extends AxesReduction {
  /**
   * Maximum over {@code axes} (non-negative, sorted, distinct).
   *
   * @param axes each in {@code [0, rank)}, sorted, no repeats
   * @param keepDims whether reduced axes stay, with size 1
   */
  public ReduceMax(int[] axes, boolean keepDims) {
    super("max", axes, keepDims);
  }

  @Override
  AxesReduction over(int[] axes) {
    return new ReduceMax(axes, keepDims);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape s = args.get(0);
    for (int a : axes) {
      if (a < s.rank() && s.dim(a) == 0) {
        throw new IllegalArgumentException("max: axis " + a + " of shape " + s + " is empty");
      }
    }
    return super.inferShape(args);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).max(axes, keepDims);
  }

  /** 1/k at each of the k maximal elements of its group, 0 elsewhere. */
  private Expr weights(Expr x, Expr y) {
    Shape xs = x.shape();
    Expr mask = eq(x, broadcastTo(reshape(y, kept(xs)), xs));
    return mask.div(broadcastTo(sum(mask, axes, true), xs));
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return sum(maskedMul(xDot, weights(x.get(0), y)), axes, keepDims);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Shape xs = x.get(0).shape();
    return maskedMul(broadcastTo(reshape(yBar, kept(xs)), xs), weights(x.get(0), y));
  }

  /** Elements below their group's maximum get a structural zero. */
  @Override
  public @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    Shape xs = x.get(0).shape();
    Expr below = lt(x.get(0), broadcastTo(reshape(y, kept(xs)), xs));
    return StrongZeros.or(zerosOfY == null ? null : broadcastTo(reshape(zerosOfY, kept(xs)), xs), below);
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  /** Two or more maximal elements in one group are a kink (a tie). */
  @Override
  public int kinkAt(List<Expr> x, List<Tensor> values) {
    Tensor v = values.get(0);
    Shape xs = v.shape();
    Tensor top = v.max(axes, true).broadcastTo(xs);
    Tensor isMax = v.eq(top);
    Tensor count = isMax.sum(axes, true).broadcastTo(xs);
    double[] m = isMax.toArray();
    double[] c = count.toArray();
    for (int i = 0; i < m.length; i++) {
      if (m[i] == 1 && c[i] > 1) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("max", Fx::max), Spelling.unary("min", Fx::min));
  }

  /** A full reduction to a scalar is written without its axes: {@code max(x)}. */
  @Override
  public String formulaAttributes(Apply node) {
    return node.shape().rank() == 0 ? "" : attributes();
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0);
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return Interval.reducedCount(node) == 1 ? null : "may tie";
  }
}
