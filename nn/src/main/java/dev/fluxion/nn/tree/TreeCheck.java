package dev.fluxion.nn.tree;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.Options;
import dev.fluxion.autodiff.check.Report;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.expr.Var;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gradient checks of a loss over a whole parameter tree, in one line:
 * {@code TreeCheck.assertCorrect(p -> sum(square(layer.apply(p, x))), params)}. The tree is
 * flattened and traced (leaf {@code i} becomes a variable labelled {@code params.<path>}), the
 * variables are bound to the leaves' values by position and {@link GradCheck} runs on the result,
 * so a report names the failing leaf by its path and the culprit node. Leaves the loss does not
 * use are not checked.
 */
public final class TreeCheck {
  private TreeCheck() {}

  /**
   * {@return the {@link GradCheck} report of {@code loss} at {@code params}}
   *
   * @param <P> the parameter tree type
   * @param loss builds an expression of any shape from a (traced) parameter tree; the data it
   *     uses must be constants
   * @param params the point: a tree with constant leaves, inside the loss's domain
   * @param options steps, tolerances, seed and checks
   * @throws IllegalArgumentException if an argument is null, a leaf is not a constant, or the loss
   *     uses a variable that is not a leaf of {@code params}
   */
  public static <P> Report check(Function<P, Expr> loss, P params, Options options) {
    Checks.notNull(loss, "loss");
    Checks.notNull(params, "params");
    Checks.notNull(options, "options");
    Flat<P> flat = Trees.flatten(params);
    List<Tensor> values = flat.values();
    List<Var> vars = flat.variables("params");
    Expr f = Checks.notNull(loss.apply(flat.def().unflatten(vars)), "loss result");
    Map<Var, Tensor> leaves = new HashMap<>();
    for (int i = 0; i < vars.size(); i++) {
      leaves.put(vars.get(i), values.get(i));
    }
    Map<String, Tensor> used = new LinkedHashMap<>();
    for (Var v : Exprs.variables(f).values()) {
      Tensor t = leaves.get(v);
      if (t == null) {
        throw new IllegalArgumentException("TreeCheck: the loss uses variable " + v.name() + ", which is not a leaf"
            + " of the parameters (leaves: " + String.join(", ", flat.paths()) + "); make the data constants");
      }
      used.put(v.name(), t);
    }
    return GradCheck.check(f, Bindings.of(used), options);
  }

  /**
   * {@return {@link #check(Function, Object, Options)} with {@link Options#defaults()}}
   *
   * @param <P> the parameter tree type
   * @param loss the loss of a (traced) parameter tree
   * @param params the point, a tree with constant leaves
   */
  public static <P> Report check(Function<P, Expr> loss, P params) {
    return check(loss, params, Options.defaults());
  }

  /**
   * Checks and throws if any comparison failed (for JUnit).
   *
   * @param <P> the parameter tree type
   * @param loss the loss of a (traced) parameter tree
   * @param params the point, a tree with constant leaves
   * @param options steps, tolerances, seed and checks
   * @throws AssertionError with the {@link Report} as its message
   */
  public static <P> void assertCorrect(Function<P, Expr> loss, P params, Options options) {
    Report r = check(loss, params, options);
    if (!r.passed()) {
      throw new AssertionError(r.toString());
    }
  }

  /**
   * {@link #assertCorrect(Function, Object, Options)} with {@link Options#defaults()}.
   *
   * @param <P> the parameter tree type
   * @param loss the loss of a (traced) parameter tree
   * @param params the point, a tree with constant leaves
   * @throws AssertionError with the {@link Report} as its message
   */
  public static <P> void assertCorrect(Function<P, Expr> loss, P params) {
    assertCorrect(loss, params, Options.defaults());
  }
}
