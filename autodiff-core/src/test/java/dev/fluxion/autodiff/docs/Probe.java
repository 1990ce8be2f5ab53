package dev.fluxion.autodiff.docs;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * A test-only identity op that counts how often its value kernel and its rules run: placed on
 * an input, it counts the primal evaluations, forward sweeps and reverse sweeps that reach it.
 */
final class Probe implements Op {
  private int evaluations;
  private int jvps;
  private int vjps;

  /** {@code probe(x) = x}, counted by this probe. */
  Expr of(Expr x) {
    return Fx.apply(this, x);
  }

  int evaluations() {
    return evaluations;
  }

  int forwardSweeps() {
    return jvps;
  }

  int reverseSweeps() {
    return vjps;
  }

  @Override
  public String name() {
    return "probe";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    return args.get(0);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    evaluations++;
    return args.get(0);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    jvps++;
    return xDot;
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    vjps++;
    return yBar;
  }
}
