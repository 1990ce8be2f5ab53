package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import java.util.List;

/**
 * What one step of a {@link Scans#scan} returns: the new carries (same shapes and dtypes as the
 * carries it received) and this step's outputs, to be stacked along a new leading axis.
 *
 * @param carries one per carry, in order
 * @param ys this step's outputs (any shapes, float), possibly none
 */
public record Step(List<Expr> carries, List<Expr> ys) {
  /** Copies the lists. */
  public Step {
    carries = List.copyOf(Checks.notNull(carries, "carries"));
    ys = List.copyOf(Checks.notNull(ys, "ys"));
  }

  /**
   * {@return a step whose single carry is also its single output (an RNN's hidden state)}
   *
   * @param carry the new carry, stacked as the output too
   */
  public static Step of(Expr carry) {
    return new Step(List.of(carry), List.of(carry));
  }

  /**
   * The step function: {@code (carries, x_t) → Step}, called once, on placeholders, to build the loop's body.
   */
  @FunctionalInterface
  public interface Fn {
    /**
     * {@return the new carries and outputs}
     *
     * @param carries the carries, one per initial carry
     * @param xs the step's slices {@code xs[t]}, one per sequence
     */
    Step apply(List<Expr> carries, List<Expr> xs);
  }
}
