package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * The state of {@link Lbfgs}: the last curvature pairs and what the last line search found. All
 * vectors are rank-1 tensors laid out by the objective's {@link FlatParams} (immutable, like every
 * {@code Tensor}).
 *
 * @param count the number of updates so far
 * @param s the last parameter differences {@code s_k = x_{k+1} - x_k}, oldest first (at most the memory size)
 * @param y the matching gradient differences {@code y_k = g_{k+1} - g_k}
 * @param value the loss at the parameters after the last update ({@code NaN} before the first)
 * @param gradient the gradient there, flat (a zero-length vector before the first update)
 * @param lineSearch what the last line search did ({@link LineSearchInfo#NONE} before the first)
 */
public record LbfgsState(long count, List<Tensor> s, List<Tensor> y, double value, Tensor gradient,
    LineSearchInfo lineSearch) {
  /** Validates and copies the memory. */
  public LbfgsState {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    s = List.copyOf(Checks.notNull(s, "s"));
    y = List.copyOf(Checks.notNull(y, "y"));
    if (s.size() != y.size()) {
      throw new IllegalArgumentException("s has " + s.size() + " vectors but y has " + y.size());
    }
    Checks.notNull(gradient, "gradient");
    Checks.notNull(lineSearch, "lineSearch");
  }

  /**
   * {@return the gradient after the last update as a tree of the objective's parameter type, so a loop
   * needs no second evaluation}
   *
   * @param <P> the parameter tree type
   * @param layout the objective's layout
   * @throws IllegalStateException before the first update
   */
  public <P> P grads(FlatParams<P> layout) {
    if (count == 0) {
      throw new IllegalStateException("no update yet: the state holds no gradient");
    }
    return layout.fromArray(gradient.toArray());
  }

  /**
   * What one line search did.
   *
   * @param stepSize the accepted step along the direction ({@code 0} when none decreased the loss)
   * @param evaluations the number of loss-and-gradient evaluations it made
   * @param wolfe whether the accepted step satisfies both strong Wolfe conditions
   */
  public record LineSearchInfo(double stepSize, int evaluations, boolean wolfe) {
    /** Before any line search. */
    public static final LineSearchInfo NONE = new LineSearchInfo(0, 0, false);

    /** {@return whether the step decreased the loss} */
    public boolean decreased() {
      return stepSize > 0;
    }
  }
}
