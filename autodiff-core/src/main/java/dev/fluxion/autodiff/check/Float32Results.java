package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.Jvp;
import dev.fluxion.autodiff.ad.Vjp;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The float32 side of a check: a function that computes in float32, at its own bindings, whose
 * value and derivatives are compared with those of its float64 {@link Twin} (the reference) by
 * {@link Numeric#compareFloat32}. Directions are on float32's grid, so both sides see the same ones.
 */
final class Float32Results {
  private final Expr f;
  private final Bindings at;
  private final Map<String, Var> vars;
  private final Options o;
  private final List<Report.Failure> out;
  private final Tensor y;

  /** Evaluates {@code f} at {@code at} (this checks the bindings against the float32 variables). */
  Float32Results(Expr f, Bindings at, Options o, List<Report.Failure> out) {
    this.f = f;
    this.at = at;
    this.vars = Twin.differentiable(f);
    this.o = o;
    this.out = out;
    this.y = AD.eval(f, at);
  }

  /** Compares the value. */
  void value(Tensor expected) {
    Numeric.compareFloat32("output", expected, y, o, out);
  }

  /** Compares reverse mode {@code u^T J} per variable with the twin's {@code rev}. */
  void reverse(Tensor u, Vjp rev) {
    Vjp low = AD.vjp(f, at, u.cast(f.dtype()));
    for (String name : vars.keySet()) {
      Numeric.compareFloat32("vjp " + name, rev.cotangents().get(name), low.cotangents().get(name), o, out);
    }
  }

  /** Compares forward mode {@code J v} with the twin's {@code fwd}. */
  void forward(Map<String, Tensor> v, Jvp fwd) {
    Numeric.compareFloat32("jvp output", fwd.tangent(), AD.jvp(f, at, Twin.narrow(v, vars)).tangent(), o, out);
  }

  /** Compares the Hessian-vector product of {@code <u, f>} along {@code v} with the twin's {@code hv}. */
  void hvp(Tensor u, Map<String, Tensor> v, @Nullable Map<String, Tensor> hv) {
    if (hv == null) {
      return;
    }
    Expr phi = f.shape().rank() == 0 ? f : Fx.sum(Fx.mul(f, Fx.constant(u.cast(f.dtype()))));
    Map<String, Tensor> low = AD.hvp(phi, at, Twin.narrow(v, vars));
    for (String name : vars.keySet()) {
      Numeric.compareFloat32("hvp " + name, hv.get(name), low.get(name), o, out);
    }
  }
}
