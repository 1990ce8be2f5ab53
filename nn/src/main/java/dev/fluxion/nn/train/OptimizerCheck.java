package dev.fluxion.nn.train;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.OptimizerState;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks that an optimizer state was made by the optimizer about to continue from it, so that
 * resuming with another optimizer is a clear error instead of a {@code ClassCastException}
 * inside its update.
 */
final class OptimizerCheck {
  private OptimizerCheck() {}

  /**
   * Checks {@code state} against {@code optimizer.init(params)}: the same kinds of state and the
   * same leaves (paths and shapes).
   *
   * @throws IllegalArgumentException naming both optimizers' states
   */
  static void check(GradientTransformation<?> optimizer, Object params, Object state, String where) {
    Object fresh = optimizer.init(params);
    String want = describe(fresh);
    String got = describe(state);
    if (!want.equals(got)) {
      throw new IllegalArgumentException(where + ": the optimizer state is " + got + ", but this optimizer keeps "
          + want + ": it was made by another optimizer. Resume with the optimizer that produced it, or start a new"
          + " fit from its parameters");
    }
    Map<String, Expr> expected = Trees.flatten(fresh).byPath();
    Map<String, Expr> found = Trees.flatten(state).byPath();
    for (var e : expected.entrySet()) {
      Expr f = found.get(e.getKey());
      if (f == null || !f.shape().equals(e.getValue().shape())) {
        throw new IllegalArgumentException(where + ": the optimizer state (" + got + ") does not fit the parameters at "
            + e.getKey() + ": expected shape " + e.getValue().shape() + ", found "
            + (f == null ? "no leaf" : "shape " + f.shape()));
      }
    }
    if (found.size() != expected.size()) {
      List<String> extra = new ArrayList<>(found.keySet());
      extra.removeAll(expected.keySet());
      throw new IllegalArgumentException(where + ": the optimizer state (" + got + ") has leaves the parameters do"
          + " not: " + extra);
    }
  }

  /** {@return the kinds of state in {@code state}, e.g. {@code chain(AdamState, CountState)}} */
  static String describe(Object state) {
    if (state instanceof OptimizerState.ChainState c) {
      List<String> parts = new ArrayList<>();
      for (Object s : c.states()) {
        parts.add(describe(s));
      }
      return "chain(" + String.join(", ", parts) + ")";
    }
    return state.getClass().getSimpleName();
  }
}
