package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code stopGradient(x) = x} with every derivative zero, JAX's {@code lax.stop_gradient}: forward,
 * reverse and symbolic differentiation, to any order, treat it as a constant. Any shape and float dtype;
 * its value is its argument's tensor. Finite differences see the identity, so it is no entry of the
 * op table: its tests say what it is instead (zero tangents and cotangents, value unchanged).
 */
public final class StopGradient implements Op {
  /** The op. */
  public static final StopGradient OP = new StopGradient();

  private StopGradient() {}

  @Override
  public String name() {
    return "stopGradient";
  }

  @Override
  public int arity() {
    return 1;
  }

  /** Elementwise: the same op on the batch. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.applyBatched(this, x);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    return args.get(0);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0);
  }

  /** {@return null: no tangent flows through} */
  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return null;
  }

  /** {@return null: no cotangent flows back} */
  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return null;
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("stopGradient", Fx::stopGradient));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0);
  }
}
