package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.nn.tree.Trees;

/** Step counters: rank-0 leaves holding whole numbers (exact up to 2^53). */
final class TreeMath {
  private TreeMath() {}

  /** A step counter leaf holding {@code n}. */
  static Expr count(long n) {
    return Fx.scalar(n);
  }

  /** The value of a constant step counter leaf; throws {@link IllegalArgumentException} if it is traced. */
  static long steps(Expr count) {
    return (long) Trees.value(count).item();
  }
}
