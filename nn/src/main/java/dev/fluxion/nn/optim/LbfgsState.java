package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.tree.Trees;
import java.util.List;

/**
 * The state of {@link Lbfgs}: a fixed-size memory of curvature pairs (Optax's ring of
 * {@code memory_size} buffers) and the loss and gradient at the parameters after the last update.
 * Every number is a constant leaf, vectors laid out by the objective's {@link FlatParams}, so, as
 * for {@link OptimizerState}, {@code Trees.tensors(state)} captures the state and
 * {@code Trees.fromTensors(lbfgs.init(params), tensors)} restores it (the informational
 * {@link #lineSearch()} is static data and comes back as {@link LineSearchInfo#NONE}).
 *
 * @param count the number of updates so far, a rank-0 constant
 * @param pairs how many of the memory slots hold a pair, a rank-0 constant in {@code [0, m]}; they are
 *     the last ones, oldest first
 * @param s {@code m} vectors {@code s_k = x_{k+1} - x_k} (unused slots are zeros)
 * @param y the matching {@code y_k = g_{k+1} - g_k}
 * @param value the loss at the parameters after the last update, rank 0 ({@code NaN} before the first)
 * @param gradient the gradient there, rank 1 (zeros before the first update)
 * @param lineSearch what the last line search did ({@link LineSearchInfo#NONE} before the first)
 */
public record LbfgsState(Expr count, Expr pairs, List<Expr> s, List<Expr> y, Expr value, Expr gradient,
    LineSearchInfo lineSearch) {
  /** Validates the shapes and copies the memory. */
  public LbfgsState {
    checkScalar(count, "count");
    checkScalar(pairs, "pairs");
    checkScalar(value, "value");
    s = List.copyOf(Checks.notNull(s, "s"));
    y = List.copyOf(Checks.notNull(y, "y"));
    Checks.notNull(gradient, "gradient");
    Checks.notNull(lineSearch, "lineSearch");
    if (s.isEmpty() || s.size() != y.size()) {
      throw new IllegalArgumentException("s and y must hold the same number (>= 1) of vectors, got " + s.size()
          + " and " + y.size());
    }
    Shape v = gradient.shape();
    for (int i = 0; i < s.size(); i++) {
      if (!s.get(i).shape().equals(v) || !y.get(i).shape().equals(v)) {
        throw new IllegalArgumentException("s[" + i + "] and y[" + i + "] have shapes " + s.get(i).shape() + " and "
            + y.get(i).shape() + ", expected the gradient's " + v);
      }
    }
  }

  /** {@return the number of updates so far} */
  public long steps() {
    return TreeMath.steps(count);
  }

  /** {@return how many pairs the memory holds, in {@code [0, s().size()]}} */
  public int storedPairs() {
    long k = TreeMath.steps(pairs);
    if (k < 0 || k > s.size()) {
      throw new IllegalStateException("pairs is " + k + ", outside [0, " + s.size() + "]");
    }
    return (int) k;
  }

  /** {@return the loss after the last update ({@code NaN} before the first)} */
  public double loss() {
    return Trees.value(value).item();
  }

  /**
   * {@return the gradient after the last update as a tree of the objective's parameter type, so a loop
   * needs no second evaluation}
   *
   * @param <P> the parameter tree type
   * @param layout the objective's layout
   * @throws IllegalStateException before the first update
   * @throws IllegalArgumentException if the layout's size differs from the gradient's
   */
  public <P> P grads(FlatParams<P> layout) {
    if (steps() == 0) {
      throw new IllegalStateException("no update yet: the state holds no gradient");
    }
    return layout.fromArray(Trees.value(gradient).toArray());
  }

  private static void checkScalar(Expr e, String name) {
    Checks.notNull(e, name);
    if (!e.shape().equals(Shape.scalar())) {
      throw new IllegalArgumentException(name + " must be a scalar, got shape " + e.shape());
    }
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
