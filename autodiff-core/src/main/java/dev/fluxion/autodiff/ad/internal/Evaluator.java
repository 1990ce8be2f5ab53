package dev.fluxion.autodiff.ad.internal;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Eager evaluation of an expression DAG: each shared node once, in topological order. */
public final class Evaluator {
  private Evaluator() {}

  /**
   * {@return the value of every node in {@code order}}
   *
   * @param order the nodes in topological order
   * @param at a value for every variable of the expression
   * @throws IllegalArgumentException if a variable is unbound or bound to a tensor of another shape
   */
  public static Map<Expr, Tensor> values(List<Expr> order, Bindings at) {
    Map<Expr, Tensor> values = new IdentityHashMap<>();
    for (Expr n : order) {
      values.put(n, switch (n) {
        case Const c -> c.value();
        case Var v -> bound(v, at);
        case Apply a -> {
          List<Tensor> args = new ArrayList<>(a.args().size());
          for (Expr arg : a.args()) {
            args.add(values.get(arg));
          }
          yield a.op().apply(args);
        }
      });
    }
    return values;
  }

  /**
   * {@return the value bound to {@code v}, checked against its shape ({@link Bindings#bound})}
   *
   * @param v any variable; its name is looked up
   * @param at a tensor of {@code v}'s shape under its name
   * @throws IllegalArgumentException if unbound or of another shape
   */
  public static Tensor bound(Var v, Bindings at) {
    return at.bound(v);
  }
}
