package dev.fluxion.nn.optim.commons;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.FlatParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A residual vector {@code r(theta)} and its Jacobian, compiled once: {@code r} is one {@link Plan};
 * the Jacobian is a second plan run once per column (forward mode, {@code J e_j}) when there are
 * fewer parameters than residuals, else once per row (reverse mode, {@code e_i' J}).
 */
final class CompiledResiduals<P> {
  /** How the Jacobian is computed. */
  enum Mode {
    /** One compiled JVP per parameter: columns. */
    FORWARD,
    /** One compiled VJP per residual: rows. */
    REVERSE
  }

  private static final String SEED = "%seed";
  private static final String TANGENT = "%t.";

  private final FlatParams<P> layout;
  private final List<String> names;
  private final Shape rShape;
  private final Plan residuals;
  private final Plan jacobian;
  private final Mode mode;

  CompiledResiduals(FlatParams<P> layout, List<String> names, Expr r, Mode mode) {
    if (r.shape().size() == 0) {
      throw new IllegalArgumentException("the residuals are empty (shape " + r.shape() + ")");
    }
    Map<String, Var> vars = Exprs.variables(r);
    if (vars.isEmpty()) {
      throw new IllegalArgumentException("the residuals depend on no parameter (" + String.join(", ", names) + ")");
    }
    for (int i = 0; i < names.size(); i++) {
      Var v = vars.get(names.get(i));
      if (v != null && !v.shape().equals(layout.shapes().get(i))) {
        throw new IllegalArgumentException("residual variable " + v.name() + " has shape " + v.shape()
            + " but the parameter " + layout.paths().get(i) + " has shape " + layout.shapes().get(i));
      }
    }
    for (String v : vars.keySet()) {
      if (!names.contains(v)) {
        throw new IllegalArgumentException("the residuals use variable " + v + ", which is not a parameter ("
            + String.join(", ", names) + ")");
      }
    }
    this.layout = layout;
    this.names = List.copyOf(names);
    this.rShape = r.shape();
    this.residuals = Plan.of(r);
    this.mode = mode;
    if (mode == Mode.FORWARD) {
      Map<String, Expr> tangents = new LinkedHashMap<>();
      vars.values().forEach(v -> tangents.put(v.name(), Fx.variable(TANGENT + v.name(), v.shape())));
      this.jacobian = Plan.of(AD.jvpExpr(r, tangents));
    } else {
      this.jacobian = Plan.of(AD.vjpExpr(r, Fx.variable(SEED, rShape)));
    }
  }

  /** The mode a Jacobian of {@code m} rows and {@code n} columns is cheapest in. */
  static Mode cheapest(int m, int n) {
    return n <= m ? Mode.FORWARD : Mode.REVERSE;
  }

  FlatParams<P> layout() {
    return layout;
  }

  int size() {
    return rShape.size();
  }

  /** {@code r(x)}, flat. */
  double[] residuals(double[] x) {
    return residuals.run(bind(x)).get("out").toArray();
  }

  /** {@code J(x)}, {@code m} rows of {@code n}. */
  double[][] jacobian(double[] x) {
    Bindings at = bind(x);
    int m = rShape.size();
    int n = layout.size();
    double[][] jac = new double[m][n];
    if (mode == Mode.FORWARD) {
      for (int j = 0; j < n; j++) {
        double[] col = jacobian.run(withTangent(at, j)).get("out").toArray();
        for (int i = 0; i < m; i++) {
          jac[i][j] = col[i];
        }
      }
    } else {
      for (int i = 0; i < m; i++) {
        double[] seed = new double[m];
        seed[i] = 1;
        Map<String, Tensor> row = jacobian.run(at.with(SEED, Tensor.of(seed, rShape)));
        int offset = 0;
        for (int k = 0; k < names.size(); k++) {
          int size = layout.shapes().get(k).size();
          Tensor g = row.get(names.get(k));
          if (g != null) {
            System.arraycopy(g.toArray(), 0, jac[i], offset, size);
          }
          offset += size;
        }
      }
    }
    return jac;
  }

  private Bindings withTangent(Bindings at, int j) {
    Bindings out = at;
    int offset = 0;
    for (int k = 0; k < names.size(); k++) {
      Shape shape = layout.shapes().get(k);
      double[] t = new double[shape.size()];
      if (j >= offset && j < offset + t.length) {
        t[j - offset] = 1;
      }
      out = out.with(TANGENT + names.get(k), Tensor.of(t, shape));
      offset += t.length;
    }
    return out;
  }

  private Bindings bind(double[] x) {
    Map<String, Tensor> bound = new LinkedHashMap<>();
    int k = 0;
    for (Tensor t : layout.tensors(x).values()) {
      bound.put(names.get(k++), t);
    }
    return Bindings.of(bound);
  }
}
