package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.control.BodyOp;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Cast;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The float64 twin of an expression that computes in float32 somewhere: the same graph with every
 * float32 variable and constant widened (exactly) to float64 and every cast to float32 turned into
 * a cast to float64 (the identity), so each op runs its float64 kernel on the same input values.
 *
 * @param f the twin, every node float64
 * @param at the bindings widened to float64
 */
record Twin(Expr f, Bindings at) {
  /** {@return the float variables of {@code f} by name: int32 variables are indices, data without a derivative} */
  static Map<String, Var> differentiable(Expr f) {
    Map<String, Var> out = new LinkedHashMap<>();
    Exprs.variables(f).forEach((name, v) -> {
      if (v.dtype().isFloat()) {
        out.put(name, v);
      }
    });
    return out;
  }

  /** {@return the least precise dtype of any node of {@code order}: float32 if one node is float32} */
  static DType dtypeOf(List<Expr> order) {
    for (Expr n : order) {
      if (n.dtype() == DType.FLOAT32) {
        return DType.FLOAT32;
      }
    }
    return DType.FLOAT64;
  }

  /** {@return the twin of {@code f} (nodes in topological {@code order}) at {@code at}} */
  static Twin of(List<Expr> order, Expr f, Bindings at) {
    Map<Expr, Expr> memo = new IdentityHashMap<>();
    for (Expr n : order) {
      memo.put(n, widen(n, memo));
    }
    Map<String, Tensor> wide = new LinkedHashMap<>();
    at.values().forEach((name, t) -> wide.put(name, t.dtype().isFloat() ? t.cast(DType.FLOAT64) : t));
    return new Twin(memo.get(f), Bindings.of(wide));
  }

  private static Expr widen(Expr n, Map<Expr, Expr> memo) {
    if (!(n instanceof Apply) && (n.dtype() == DType.FLOAT64 || !n.dtype().isFloat())) {
      return n;
    }
    if (n instanceof Var v) {
      return new Var(v.name(), v.shape(), DType.FLOAT64);
    }
    if (n instanceof Const c) {
      return new Const(c.value().cast(DType.FLOAT64));
    }
    Apply a = (Apply) n;
    List<Expr> args = new ArrayList<>(a.args().size());
    a.args().forEach(x -> args.add(memo.get(x)));
    if (a.op() instanceof BodyOp body) {
      return Apply.of(body.widened(Twin::widenAll), args);
    }
    return Apply.of(a.op() instanceof Cast c && c.to().isFloat() ? Cast.TO_FLOAT64 : a.op(), args);
  }

  /** The float64 twins of {@code roots}, which share their nodes. */
  static List<Expr> widenAll(List<Expr> roots) {
    Map<Expr, Expr> memo = new IdentityHashMap<>();
    for (Expr n : Exprs.topologicalOrder(roots.toArray(new Expr[0]))) {
      memo.put(n, widen(n, memo));
    }
    List<Expr> out = new ArrayList<>();
    roots.forEach(r -> out.add(memo.get(r)));
    return out;
  }

  /** {@return {@code t} rounded to {@code dtype} and widened back: a float64 tensor on {@code dtype}'s grid} */
  static Tensor onGrid(Tensor t, DType dtype) {
    return dtype == DType.FLOAT64 ? t : t.cast(dtype).cast(DType.FLOAT64);
  }

  /** {@return the variables' values cast to {@code dtype}, by name} */
  static Bindings narrow(Map<String, Tensor> values, Map<String, Var> vars) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    values.forEach((name, t) -> out.put(name, t.cast(vars.get(name).dtype())));
    return Bindings.of(out);
  }
}
