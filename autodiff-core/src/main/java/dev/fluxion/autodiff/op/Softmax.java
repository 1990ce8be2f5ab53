package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * {@code y = e^x / Σ_axis e^x}, stable. Rules: {@code xDot -> y (xDot - Σ xDot y)},
 * {@code yBar -> y (yBar - Σ yBar y)}.
 */
public final class Softmax extends AxisOp {
  /**
   * Softmax along {@code axis} (non-negative).
   *
   * @param axis in {@code [0, rank)}
   */
  public Softmax(int axis) {
    super("softmax", axis, true);
  }

  @Override
  AxisOp along(int axis) {
    return new Softmax(axis);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).softmax(axis);
  }

  private Expr rule(Expr y, Expr v) {
    Expr s = broadcastTo(sum(v.times(y), new int[] {axis}, true), y.shape());
    return y.times(v.minus(s));
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return rule(y, xDot);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return rule(y, yBar);
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return Interval.UNIT;
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.random("softmax", 1, (a, rng) -> softmax(a.get(0), Sample.axis(a.get(0), rng))));
  }
}
