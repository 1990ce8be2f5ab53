package dev.fluxion.nn.loss;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;

/**
 * How a vector of per-example losses {@code l [n]} is reduced over the batch: its mean, its sum,
 * or not at all.
 */
public enum Reduction {
  /** {@code (1/n) Σ_i l_i}, rank 0 (the default of every loss). */
  MEAN,
  /** {@code Σ_i l_i}, rank 0. */
  SUM,
  /** {@code l} itself, shape {@code [n]}. */
  NONE;

  /**
   * This reduction applied to per-example losses.
   *
   * @param perExample per-example losses, shape {@code [n]}
   * @return a rank-0 expression ({@link #MEAN}, {@link #SUM}) or {@code perExample} ({@link #NONE})
   * @throws IllegalArgumentException if {@code perExample} is not rank 1
   */
  public Expr reduce(Expr perExample) {
    Checks.notNull(perExample, "perExample");
    if (perExample.shape().rank() != 1) {
      throw new IllegalArgumentException("Reduction." + name() + ": per-example losses must have shape [n], got "
          + perExample.shape());
    }
    return switch (this) {
      case MEAN -> Fx.mean(perExample);
      case SUM -> Fx.sum(perExample);
      case NONE -> perExample;
    };
  }
}
