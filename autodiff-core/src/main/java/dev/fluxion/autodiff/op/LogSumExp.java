package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * {@code y = ln Σ_axis e^x}, computed as {@code m + ln Σ e^(x-m)} with {@code m = max x}, so it
 * is finite for inputs of magnitude 1e4 and beyond. Derivative: {@code softmax(x)} along the axis.
 */
public final class LogSumExp extends AxisOp {
  /**
   * Log-sum-exp over {@code axis} (non-negative).
   *
   * @param axis in {@code [0, rank)}
   * @param keepDims whether reduced axes stay, with size 1
   */
  public LogSumExp(int axis, boolean keepDims) {
    super("logSumExp", axis, keepDims);
  }

  @Override
  AxisOp along(int axis) {
    return new LogSumExp(axis, keepDims);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape s = super.inferShape(args);
    return keepDims ? kept(s) : s;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).logSumExp(axis, keepDims);
  }

  private Expr softmaxOf(Expr x, Expr y) {
    return exp(x.minus(broadcastTo(reshape(y, kept(x.shape())), x.shape())));
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return sum(mul(xDot, softmaxOf(x.get(0), y)), new int[] {axis}, keepDims);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Expr xs = x.get(0);
    Expr g = broadcastTo(reshape(yBar, kept(xs.shape())), xs.shape());
    return mul(g, softmaxOf(xs, y));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return Interval.of(x.get(0).lo(), x.get(0).hi() + Math.log(Interval.reducedCount(node)));
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.random("logSumExp", 1, (a, rng) -> logSumExp(a.get(0), Sample.axis(a.get(0), rng), false)));
  }
}
