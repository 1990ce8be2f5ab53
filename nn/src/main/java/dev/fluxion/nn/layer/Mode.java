package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;

/**
 * How a layer is applied: training or evaluation, and the random seed for this application
 * (dropout). The seed is a rank-0 expression, so a compiled training step can bind a fresh one
 * per batch.
 *
 * @param training true for training (dropout active, batch statistics), false for evaluation
 * @param seed a rank-0 expression whose value seeds this application's randomness
 * @param stream which layer of a composite draws (each child gets its own stream)
 */
public record Mode(boolean training, Expr seed, long stream) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the seed is null or not rank 0
   */
  public Mode {
    Checks.notNull(seed, "seed");
    if (seed.shape().rank() != 0) {
      throw new IllegalArgumentException("Mode: seed must be rank 0, got shape " + seed.shape());
    }
  }

  /** {@return evaluation mode (no randomness used)} */
  public static Mode eval() {
    return new Mode(false, Fx.scalar(0), 0);
  }

  /**
   * {@return training mode with a constant seed}
   *
   * @param seed any long; the same seed gives the same dropout masks
   */
  public static Mode train(long seed) {
    return new Mode(true, Fx.scalar(seed), 0);
  }

  /**
   * {@return training mode with a seed expression (e.g. a variable bound per step)}
   *
   * @param seed a rank-0 expression, e.g. a variable bound to a fresh value per step
   */
  public static Mode train(Expr seed) {
    return new Mode(true, seed, 0);
  }

  /**
   * {@return the mode for child {@code i} of a composite layer: the same seed, a distinct stream}
   *
   * @param i the child's position in the composite, {@code >= 0}
   */
  public Mode child(int i) {
    return new Mode(training, seed, new dev.fluxion.autodiff.tensor.Key(stream).fold(i).seed());
  }
}
