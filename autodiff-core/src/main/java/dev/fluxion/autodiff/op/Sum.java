package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Sum over axes; linear, its adjoint broadcasts the cotangent back over the summed axes. */
public final class Sum extends AxesReduction {
  /**
   * Sum over {@code axes} (non-negative, sorted, distinct; see {@code Fx.sum} for the checked
   * entry point).
   *
   * @param axes each in {@code [0, rank)}, sorted, no repeats
   * @param keepDims whether reduced axes stay, with size 1
   */
  public Sum(int[] axes, boolean keepDims) {
    super("sum", axes, keepDims);
  }

  @Override
  AxesReduction over(int[] axes) {
    return new Sum(axes, keepDims);
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
    return broadcastTo(reshape(yBar, kept(xs)), xs);
  }

  @Override
  public @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    Shape xs = x.get(0).shape();
    return zerosOfY == null ? null : broadcastTo(reshape(zerosOfY, kept(xs)), xs);
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("sum", Fx::sum), Spelling.unary("mean", Fx::mean));
  }

  /** A full reduction to a scalar is written without its axes: {@code sum(x)}. */
  @Override
  public String formulaAttributes(Apply node) {
    return node.shape().rank() == 0 ? "" : attributes();
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).times(Interval.reducedCount(node));
  }

  @Override
  public List<Sample> samples() {
    return List.of(
        Sample.random("sum", 1, (a, rng) -> sum(a.get(0), new int[] {Sample.axis(a.get(0), rng)}, rng.nextBoolean())),
        Sample.random("mean", 1, (a, rng) -> mean(a.get(0), new int[] {Sample.axis(a.get(0), rng)}, false)));
  }
}
