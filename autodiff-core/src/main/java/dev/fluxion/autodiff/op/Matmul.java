package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * Matrix product {@code [..., m, k] @ [..., k, n] -> [..., m, n]} with equal batch dimensions
 * (the DSL reshapes vectors and broadcasts batches first). Bilinear:
 * {@code aBar = yBar @ b^T}, {@code bBar = a^T @ yBar}.
 */
public final class Matmul implements Op {
  /** The op. */
  public static final Matmul OP = new Matmul();

  private Matmul() {}

  @Override
  public String name() {
    return "matmul";
  }

  @Override
  public int arity() {
    return 2;
  }

  /**
   * One batched operand with a shared matrix is one product of the stacked rows (the DSL's batch
   * rules); two batched operands are a batched product.
   */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.batched(0) && b.batched(1) ? Fx.apply(this, x.get(0), x.get(1)) : Fx.matmul(x.get(0), x.get(1));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape a = args.get(0);
    Shape b = args.get(1);
    if (a.rank() < 2 || b.rank() != a.rank()) {
      throw new IllegalArgumentException("matmul: " + a + " @ " + b + ": operands need equal rank >= 2");
    }
    if (a.dim(-1) != b.dim(-2)) {
      throw new IllegalArgumentException("matmul: " + a + " @ " + b + ": inner dimensions " + a.dim(-1) + " and "
          + b.dim(-2) + " differ");
    }
    int[] d = a.toArray();
    for (int i = 0; i < d.length - 2; i++) {
      if (a.dim(i) != b.dim(i)) {
        throw new IllegalArgumentException("matmul: " + a + " @ " + b + ": batch dimensions differ");
      }
    }
    d[d.length - 1] = b.dim(-1);
    return Shape.of(d);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).matmul(args.get(1));
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return i == 0 ? matmul(xDot, x.get(1)) : matmul(x.get(0), xDot);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return i == 0 ? matmul(yBar, transpose(x.get(1))) : matmul(transpose(x.get(0)), yBar);
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).times(x.get(1)).times(node.arg(0).shape().dim(-1));
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.binary("matmul", TestDomain.REAL, TestDomain.REAL, Fx::matmul));
  }
}
