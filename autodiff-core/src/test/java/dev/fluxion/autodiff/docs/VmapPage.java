package dev.fluxion.autodiff.docs;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Batch;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.op.Ops;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.transform.Vmap;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The tour's {@code vmap} block: per-example gradients of a logistic regression by vmap of grad, their
 * graph's size against the batch size, their distance from one-at-a-time gradients, and the ops that
 * have no whole-batch rule.
 */
final class VmapPage {
  private static final int D = 20;

  private VmapPage() {}

  /** {@code log(1 + e^(−y wᵀx))}, one example's logistic loss. */
  private static Expr loss(Expr w, Expr x, Expr y) {
    return softplus(neg(y.times(sum(w.times(x)))));
  }

  static String table() {
    Var w = new Var("w", Shape.of(D));
    Var x = new Var("x", Shape.of(D));
    Var y = new Var("y", Shape.scalar());
    Expr grad = AD.gradExpr(loss(w, x, y), "w");
    Tensor wv = Tensor.normal(Key.of(1), Shape.of(D), 0, 1);
    StringBuilder sb = new StringBuilder("| batch size B | nodes: ∇w of one example | nodes: vmap of it over B |"
        + " max abs difference from B one-at-a-time gradients |\n|--:|--:|--:|--:|\n");
    for (int b : new int[] {1, 8, 64, 512}) {
      Tensor xs = Tensor.normal(Key.of(2).fold(b), Shape.of(b, D), 0, 1);
      Tensor ys = Tensor.normal(Key.of(3).fold(b), Shape.of(b), 0, 1).sign();
      Var xv = new Var("xs", xs.shape());
      Var yv = new Var("ys", ys.shape());
      Expr per = Vmap.batch(grad, java.util.Map.of("x", xv, "y", yv));
      Tensor batched = AD.eval(per, Bindings.of("w", wv).with("xs", xs).with("ys", ys));
      double worst = 0;
      for (int k = 0; k < b; k++) {
        Tensor one = AD.eval(grad, Bindings.of("w", wv).with("x", xs.slice(new int[] {k, 0}, new int[] {k + 1, D},
            new int[] {1, 1}).reshape(D)).with("y", ys.get(k)));
        for (int i = 0; i < D; i++) {
          worst = Math.max(worst, Math.abs(one.get(i) - batched.get(k, i)));
        }
      }
      sb.append(String.format(Locale.ROOT, "| %d | %d | %d | %.1e |%n", b, Exprs.nodeCount(grad),
          Exprs.nodeCount(per), worst));
    }
    TreeSet<String> perExample = new TreeSet<>();
    for (Op op : Ops.all()) {
      if (!overrides(op)) {
        perExample.add(op.name());
      }
    }
    sb.append("\nOps of the formula language without a whole-batch rule (they run once per example): ")
        .append(perExample.isEmpty() ? "none" : String.join(", ", perExample)).append(".\n");
    return sb.toString();
  }

  private static boolean overrides(Op op) {
    try {
      return op.getClass().getMethod("batch", List.class, Batch.class).getDeclaringClass() != Op.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }
}
