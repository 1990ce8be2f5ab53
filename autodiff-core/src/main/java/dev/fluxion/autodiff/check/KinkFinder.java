package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.internal.Evaluator;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Finds the first node, in topological order, that depends on a variable and is evaluated on a kink of its op. */
final class KinkFinder {
  private KinkFinder() {}

  static Report.@Nullable Kink find(List<Expr> order, Bindings at) {
    var values = Evaluator.values(order, at);
    Map<Expr, Boolean> varying = new IdentityHashMap<>();
    for (Expr n : order) {
      boolean v = switch (n) {
        case Var x -> true;
        case Apply a -> a.args().stream().anyMatch(varying::containsKey);
        default -> false;
      };
      if (!v) {
        continue;
      }
      varying.put(n, Boolean.TRUE);
      if (n instanceof Apply a) {
        List<Tensor> args = new ArrayList<>(a.args().size());
        a.args().forEach(x -> args.add(values.get(x)));
        int i = a.op().kinkAt(a.args(), args);
        if (i >= 0) {
          return new Report.Kink(a, a.op().name(), i);
        }
      }
    }
    return null;
  }
}
