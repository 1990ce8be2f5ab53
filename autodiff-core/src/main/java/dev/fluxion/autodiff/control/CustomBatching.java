package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Batch;
import dev.fluxion.autodiff.transform.Vmap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The batching rule of a custom function: one custom function over the batch whose body and rule are the
 * originals batched by {@code vmap}. The user's rule is called once on placeholders of one example's
 * shapes, and its result is batched over the batched arguments (and the batched output, cotangent and
 * tangents); a shared argument's cotangent, which the batched rule gives per example, is summed over the
 * batch, as its uses are.
 */
final class CustomBatching {
  private CustomBatching() {}

  static Expr batch(String name, List<Var> params, Expr body, Custom.@Nullable JvpRule jvp,
      Custom.@Nullable VjpRule vjp, List<Expr> x, Batch b) {
    long id = Custom.nextId();
    Map<String, Expr> toPlaceholders = new HashMap<>();
    List<Var> ps = Custom.batchedPlaceholders("%custom" + id + ".", params, x, 0, b, toPlaceholders);
    Expr batchedBody = Vmap.batch(body, toPlaceholders);
    Custom.JvpRule batchedJvp = jvp == null ? null : (xs, ts) -> {
      List<Var> tangents = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        tangents.add(new Var("%custom" + id + ".t" + i, params.get(i).shape(), params.get(i).dtype()));
      }
      Expr rule = jvp.apply(List.copyOf(params), List.copyOf(tangents));
      return batched(rule, params, xs, tangents, ts, b);
    };
    Custom.VjpRule batchedVjp = vjp == null ? null : (xs, y, yBar) -> {
      Var yv = new Var("%custom" + id + ".y", body.shape(), body.dtype());
      Var bv = new Var("%custom" + id + ".b", body.shape(), body.dtype());
      List<@Nullable Expr> rule = vjp.apply(List.copyOf(params), yv, bv);
      if (rule == null || rule.size() != params.size()) {
        throw new IllegalArgumentException(name + ": the VJP rule returned " + (rule == null ? "null" : rule.size()
            + " cotangents") + " for " + params.size() + " arguments");
      }
      List<@Nullable Expr> out = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        Expr c = rule.get(i);
        if (c == null) {
          out.add(null);
          continue;
        }
        Expr e = batched(c, params, xs, List.of(yv, bv), List.of(y, yBar), b);
        out.add(b.batched(i) ? e : Fx.sum(e, new int[] {0}, false));
      }
      return out;
    };
    return Fx.apply(new CustomOp(name, id, ps, batchedBody, batchedJvp, batchedVjp), x.toArray(Expr[]::new));
  }

  /**
   * {@return {@code e}, built on the placeholders, batched: batched arguments (and every {@code extra}
   * placeholder whose value is batched) gain the batch axis, shared ones are substituted}
   */
  private static Expr batched(Expr e, List<Var> params, List<Expr> xs, List<Var> extra, List<Expr> extraValues,
      Batch b) {
    Map<String, Expr> batched = new HashMap<>();
    Map<String, Expr> shared = new HashMap<>();
    for (int i = 0; i < params.size(); i++) {
      (b.batched(i) ? batched : shared).put(params.get(i).name(), xs.get(i));
    }
    for (int k = 0; k < extra.size(); k++) {
      Var v = extra.get(k);
      Expr value = extraValues.get(k);
      (value.shape().equals(b.withBatch(v.shape())) ? batched : shared).put(v.name(), value);
    }
    return Vmap.batch(Exprs.substitute(e, shared), batched);
  }
}
