package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * NumPy broadcast of the argument to a target shape; linear, its adjoint sums back
 * ({@code sumTo}).
 *
 * @param target the output shape
 */
public record Broadcast(Shape target) implements Op {
  @Override
  public String name() {
    return "broadcast";
  }

  @Override
  public String attributes() {
    return "shape=" + target;
  }

  @Override
  public int arity() {
    return 1;
  }

  /** The per-example shape padded with ones to the target's rank, then broadcast behind the batch axis. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    Shape s = x.get(0).shape();
    int[] padded = new int[target.rank() + 1];
    java.util.Arrays.fill(padded, 1);
    padded[0] = s.dim(0);
    System.arraycopy(s.toArray(), 1, padded, padded.length - s.rank() + 1, s.rank() - 1);
    return broadcastTo(reshape(x.get(0), Shape.of(padded)), b.withBatch(target));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    if (!args.get(0).broadcastsTo(target)) {
      throw new IllegalArgumentException("broadcast: shape " + args.get(0) + " does not broadcast to " + target);
    }
    return target;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).broadcastTo(target);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return broadcastTo(xDot, target);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return sumTo(yBar, x.get(0).shape());
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  /** Formulas write the target shape alone: {@code broadcast(x, [2, 3])}. */
  @Override
  public String formulaAttributes(Apply node) {
    return target.toString();
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0);
  }
}
