package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * {@code y = x - logsumexp(x)} along an axis, stable. Rules: {@code xDot -> xDot - Σ e^y xDot},
 * {@code yBar -> yBar - e^y Σ yBar}.
 */
public final class LogSoftmax extends AxisOp {
  /**
   * Log-softmax along {@code axis} (non-negative).
   *
   * @param axis in {@code [0, rank)}
   */
  public LogSoftmax(int axis) {
    super("logSoftmax", axis, true);
  }

  @Override
  AxisOp along(int axis) {
    return new LogSoftmax(axis);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).logSoftmax(axis);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    Expr s = broadcastTo(sum(exp(y).times(xDot), new int[] {axis}, true), y.shape());
    return xDot.minus(s);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Expr s = broadcastTo(sum(yBar, new int[] {axis}, true), y.shape());
    return yBar.minus(exp(y).times(s));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return Interval.of(x.get(0).lo() - x.get(0).hi() - Math.log(largestDim(node.shape())), 0);
  }

  private static double largestDim(Shape s) {
    int m = 1;
    for (int d : s.toArray()) {
      m = Math.max(m, d);
    }
    return m;
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.random("logSoftmax", 1, (a, rng) -> logSoftmax(a.get(0), Sample.axis(a.get(0), rng))));
  }
}
