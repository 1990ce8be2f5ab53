package dev.fluxion.nn.optim.commons;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.FlatParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A residual vector {@code r(theta)} and its Jacobian, compiled once: {@code r} is one {@link Plan};
 * the Jacobian is a second plan run once per column (forward mode, {@code J e_j}) when there are
 * fewer parameters than residuals, else once per row (reverse mode, {@code e_i' J}). Plans bind the
 * parameter leaves by position, then the tangents (one per leaf) or the output seed.
 */
final class CompiledResiduals<P> {
  /** How the Jacobian is computed. */
  enum Mode {
    /** One compiled JVP per parameter: columns. */
    FORWARD,
    /** One compiled VJP per residual: rows. */
    REVERSE
  }

  private final FlatParams<P> layout;
  private final Shape rShape;
  private final Plan residuals;
  private final Plan jacobian;
  private final Mode mode;

  CompiledResiduals(FlatParams<P> layout, List<Var> leaves, Expr r, Mode mode) {
    List<String> names = leaves.stream().map(Var::name).toList();
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
    this.rShape = r.shape();
    this.residuals = Plan.of(List.of(r), leaves);
    this.mode = mode;
    List<Var> parameters = new ArrayList<>(leaves);
    if (mode == Mode.FORWARD) {
      Map<String, Expr> tangents = new LinkedHashMap<>();
      for (Var v : leaves) {
        Var t = Fx.variable("tangent of " + v.name(), v.shape());
        parameters.add(t);
        if (vars.containsKey(v.name())) {
          tangents.put(v.name(), t);
        }
      }
      this.jacobian = Plan.of(List.of(AD.jvpExpr(r, tangents)), parameters);
    } else {
      Var seed = Fx.variable("cotangent of the residuals", rShape);
      parameters.add(seed);
      Map<String, Expr> row = AD.vjpExpr(r, seed);
      List<Expr> outputs = new ArrayList<>();
      for (Var v : leaves) {
        Expr g = row.get(v.name());
        outputs.add(g == null ? Fx.zeros(v.shape()) : g);
      }
      this.jacobian = Plan.of(outputs, parameters);
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
    return residuals.run(layout.values(x)).get(0).toArray();
  }

  /** {@code J(x)}, {@code m} rows of {@code n}. */
  double[][] jacobian(double[] x) {
    List<Tensor> at = layout.values(x);
    int m = rShape.size();
    int n = layout.size();
    double[][] jac = new double[m][n];
    if (mode == Mode.FORWARD) {
      for (int j = 0; j < n; j++) {
        double[] col = jacobian.run(withTangent(at, j)).get(0).toArray();
        for (int i = 0; i < m; i++) {
          jac[i][j] = col[i];
        }
      }
    } else {
      for (int i = 0; i < m; i++) {
        double[] seed = new double[m];
        seed[i] = 1;
        List<Tensor> args = new ArrayList<>(at);
        args.add(Tensor.of(seed, rShape));
        List<Tensor> row = jacobian.run(args);
        int offset = 0;
        for (Tensor g : row) {
          System.arraycopy(g.toArray(), 0, jac[i], offset, g.size());
          offset += g.size();
        }
      }
    }
    return jac;
  }

  /** The parameters {@code at}, then the unit tangent {@code e_j}, one tensor per leaf. */
  private List<Tensor> withTangent(List<Tensor> at, int j) {
    List<Tensor> out = new ArrayList<>(at);
    int offset = 0;
    for (Shape shape : layout.shapes()) {
      double[] t = new double[shape.size()];
      if (j >= offset && j < offset + t.length) {
        t[j - offset] = 1;
      }
      out.add(Tensor.of(t, shape));
      offset += t.length;
    }
    return out;
  }
}
