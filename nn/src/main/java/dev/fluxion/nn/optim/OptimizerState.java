package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.List;

/**
 * The state records of the built-in gradient transformations: one immutable record per algorithm.
 *
 * <p><b>Trees inside states.</b> A transformation is built before it sees any parameters
 * ({@code init} takes {@code Object}), so the tree-valued components are typed {@code Object}.
 * Each holds a tree of the same type and structure as the gradients (and so the parameters),
 * e.g. {@code (MyParams) adam.mu()}. Step counters are rank-0 leaves rather than {@code long}s, so
 * a whole state is a tree whose every number is a leaf: {@code Trees.tensors(state)} captures it
 * completely and {@code Trees.fromTensors(init(params), tensors)} restores it, which is all a
 * checkpoint needs, and a traced state (variables) carries the counters into a compiled step. The
 * {@code steps()} methods read a constant counter as a {@code long}.
 */
public sealed interface OptimizerState {
  /**
   * The state of a stateless transformation (identity, scale, clipping, weight decay).
   */
  record EmptyState() implements OptimizerState {}

  /**
   * The state of {@link Transformations#scaleByLearningRate(Schedule)}.
   *
   * @param count the number of updates so far, a rank-0 leaf
   */
  record CountState(Expr count) implements OptimizerState {
    /** Validates the counter. */
    public CountState {
      checkCount(count);
    }

    /**
     * {@return the number of updates so far}
     *
     * @throws IllegalArgumentException if the counter is not a constant (a traced state)
     */
    public long steps() {
      return TreeMath.steps(count);
    }
  }

  /**
   * The state of {@link Transformations#scaleByAdam}: the moment estimates and the step count.
   *
   * @param mu the first-moment estimate m, a tree like the gradients
   * @param nu the second-moment estimate v, a tree like the gradients
   * @param count the number of updates so far, a rank-0 leaf
   */
  record AdamState(Object mu, Object nu, Expr count) implements OptimizerState {
    /** Validates the components. */
    public AdamState {
      Checks.notNull(mu, "mu");
      Checks.notNull(nu, "nu");
      checkCount(count);
    }

    /**
     * {@return the number of updates so far}
     *
     * @throws IllegalArgumentException if the counter is not a constant (a traced state)
     */
    public long steps() {
      return TreeMath.steps(count);
    }
  }

  /**
   * The state of {@link Transformations#scaleByRms}.
   *
   * @param nu the running mean of the squared gradients, a tree like the gradients
   */
  record RmsState(Object nu) implements OptimizerState {
    /** Validates the component. */
    public RmsState {
      Checks.notNull(nu, "nu");
    }
  }

  /**
   * The state of {@link Transformations#scaleByCenteredRms}.
   *
   * @param nu the running mean of the squared gradients, a tree like the gradients
   * @param mu the running mean of the gradients, a tree like the gradients
   */
  record CenteredRmsState(Object nu, Object mu) implements OptimizerState {
    /** Validates the components. */
    public CenteredRmsState {
      Checks.notNull(nu, "nu");
      Checks.notNull(mu, "mu");
    }
  }

  /**
   * The state of {@link Transformations#scaleByAdagrad}.
   *
   * @param sumOfSquares the accumulated squared gradients, a tree like the gradients
   */
  record AdagradState(Object sumOfSquares) implements OptimizerState {
    /** Validates the component. */
    public AdagradState {
      Checks.notNull(sumOfSquares, "sumOfSquares");
    }
  }

  /**
   * The state of {@link Transformations#trace}: the momentum buffer.
   *
   * @param trace the decayed sum of past gradients, a tree like the gradients
   */
  record TraceState(Object trace) implements OptimizerState {
    /** Validates the component. */
    public TraceState {
      Checks.notNull(trace, "trace");
    }
  }

  /**
   * The state of {@link Transformations#chain}: the links' states in order.
   *
   * @param states one state per link (an unmodifiable copy is kept)
   */
  record ChainState(List<Object> states) implements OptimizerState {
    /** Validates and copies the states. */
    public ChainState {
      Checks.notNull(states, "states");
      for (int i = 0; i < states.size(); i++) {
        Checks.notNull(states.get(i), "states[" + i + "]");
      }
      states = List.copyOf(states);
    }
  }

  private static void checkCount(Expr count) {
    Checks.notNull(count, "count");
    if (!count.shape().equals(Shape.scalar())) {
      throw new IllegalArgumentException("count must be a scalar, got shape " + count.shape());
    }
  }
}
