package dev.fluxion.autodiff.ad;

import dev.fluxion.autodiff.ad.internal.Evaluator;
import dev.fluxion.autodiff.ad.internal.Sweeps;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Topology;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The differentiation transforms, in JAX's vocabulary: numeric ({@code grad}, {@code jvp},
 * {@code vjp}, {@code jacfwd}, {@code jacrev}, {@code hessian}, {@code hvp}) and symbolic
 * ({@code gradExpr}, {@code jvpExpr}, {@code vjpExpr}, and {@code grad} of a function).
 *
 * <p>Every entry point checks its arguments: null, unknown variable names (in {@code wrt},
 * tangents and directions), missing bindings and wrong shapes raise
 * {@link IllegalArgumentException} saying what and where. Bindings for variables an expression
 * does not contain are ignored, so a derivative that no longer mentions a variable can be
 * evaluated at the original point.
 *
 * <p>Gradients, Hessians and VJPs have an entry for every variable of the expression, zero where it
 * does not depend on it (as {@code jax.grad} returns zeros for an unused argument). Building never
 * folds a variable away ({@code x * 0} stays a product, NaN for infinite {@code x}), so every
 * variable written in {@code Fx} code or a formula keeps its entry; {@code Formula.read} lists the
 * variables a formula names.
 */
public final class AD {
  private static final AtomicLong FRESH = new AtomicLong();

  private AD() {}

  // ------------------------------------------------------------------ evaluation

  /**
   * {@return the value of {@code f} with its variables bound by {@code at}}
   *
   * @param f any shape, its variables all bound in {@code at}
   * @param at a value for every variable of the expression
   */
  public static Tensor eval(Expr f, Bindings at) {
    checked(f, at);
    List<Expr> order = Exprs.topologicalOrder(f);
    return Evaluator.values(order, at).get(f);
  }

  // ------------------------------------------------------------------ reverse mode

  /**
   * {@return the value of a scalar {@code f} and its gradient with respect to every float variable (int32 index variables have none)}
   *
   * @param f rank 0
   * @param at a value for every variable of the expression
   * @throws IllegalArgumentException if {@code f} is not rank 0, or on bad bindings
   */
  public static ValueAndGrad valueAndGrad(Expr f, Bindings at) {
    requireScalar("valueAndGrad", f);
    Vjp r = vjp(f, at, Tensor.scalar(1.0, f.dtype()));
    return new ValueAndGrad(r.value(), r.cotangents());
  }

  /**
   * {@return the gradient of a scalar {@code f} with respect to every variable, by name}
   *
   * @param f rank 0
   * @param at a value for every variable of the expression
   */
  public static Map<String, Tensor> grad(Expr f, Bindings at) {
    return valueAndGrad(f, at).gradient();
  }

  /**
   * {@return the gradient of a scalar {@code f} with respect to one variable}
   *
   * @param f rank 0
   * @param at a value for every variable of the expression
   * @param wrt the name of the variable to differentiate by
   * @throws IllegalArgumentException if {@code wrt} is not a variable of {@code f}
   */
  public static Tensor grad(Expr f, Bindings at, String wrt) {
    variable(f, wrt);
    return grad(f, at).get(wrt);
  }

  /**
   * {@return reverse mode: {@code f(at)} and {@code cotangent^T J} for every float variable (int32 index variables have none)}
   *
   * @param cotangent shape of {@code f}
   * @param f any shape
   * @param at a value for every variable of the expression
   */
  public static Vjp vjp(Expr f, Bindings at, Tensor cotangent) {
    Map<String, Var> vars = checked(f, at);
    Checks.notNull(cotangent, "cotangent");
    if (!cotangent.shape().equals(f.shape())) {
      throw new IllegalArgumentException("vjp: cotangent has shape " + cotangent.shape() + " but the output has shape "
          + f.shape());
    }
    if (cotangent.dtype() != f.dtype()) {
      throw new IllegalArgumentException("vjp: cotangent has dtype " + cotangent.dtype() + " but the output has dtype "
          + f.dtype());
    }
    Topology t = Topology.of(f);
    Map<Expr, Tensor> values = Evaluator.values(t.nodes(), at);
    Map<String, Expr> byName = Sweeps.variableAdjoints(t, constants(values), new Const(cotangent), null);
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Var v : vars.values()) {
      Expr g = byName.get(v.name());
      if (v.dtype().isFloat()) {
        out.put(v.name(), g == null ? Tensor.zeros(v.shape(), v.dtype()) : valueOf(g));
      }
    }
    return new Vjp(values.get(f), out);
  }

  /**
   * {@return the Jacobian by reverse mode, shape {@code f.shape ++ wrt.shape}: one evaluation, then one reverse sweep per output element}
   *
   * @param f any shape
   * @param at a value for every variable of the expression
   * @param wrt the name of the variable to differentiate by
   */
  public static Tensor jacrev(Expr f, Bindings at, String wrt) {
    checked(f, at);
    Var v = variable(f, wrt);
    int m = f.shape().size();
    int n = v.shape().size();
    List<Expr> order = Exprs.topologicalOrder(f);
    Function<Expr, Expr> primal = constants(Evaluator.values(order, at));
    double[] jac = new double[m * n];
    for (int i = 0; i < m; i++) {
      Map<Expr, Expr> adj = Sweeps.reverse(order, primal, new Const(basis(f.shape(), i)), Set.of(wrt));
      Expr row = Sweeps.variableAdjoints(order, adj).get(wrt);
      if (row != null) {
        System.arraycopy(valueOf(row).toArray(), 0, jac, i * n, n);
      }
    }
    return Tensor.of(jac, concat(f.shape(), v.shape()));
  }

  // ------------------------------------------------------------------ forward mode

  /**
   * {@return forward mode: {@code f(at)} and {@code J v} for tangents {@code v} of some variables (others zero)}
   *
   * <p>This is evaluation on dual numbers: the result equals {@code Dual.eval(f, {x: Dual.of(at[x], v[x])})}
   * (constants for variables without a tangent) bit for bit. The sweep computes it without building
   * {@link Dual} objects, folding each op's JVP rule on constant primals.
   *
   * @param f any shape
   * @param at a value for every variable of the expression
   * @param tangents the tangents, by variable name
   * @throws IllegalArgumentException if a tangent names no variable of {@code f} or has the wrong shape
   */
  public static Jvp jvp(Expr f, Bindings at, Bindings tangents) {
    Map<String, Var> vars = checked(f, at);
    Checks.notNull(tangents, "tangents");
    Map<String, Expr> seeds = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : tangents.values().entrySet()) {
      Var v = vars.get(e.getKey());
      if (v == null) {
        throw new IllegalArgumentException("jvp: tangent given for unknown variable " + e.getKey() + " (variables: "
            + vars.keySet() + ")");
      }
      if (!e.getValue().shape().equals(v.shape())) {
        throw new IllegalArgumentException("jvp: tangent for " + v.name() + " has shape " + e.getValue().shape()
            + " but the variable has shape " + v.shape());
      }
      differentiable(v);
      if (e.getValue().dtype() != v.dtype()) {
        throw new IllegalArgumentException("jvp: tangent for " + v.name() + " has dtype " + e.getValue().dtype()
            + " but the variable has dtype " + v.dtype());
      }
      seeds.put(e.getKey(), new Const(e.getValue()));
    }
    List<Expr> order = Exprs.topologicalOrder(f);
    Map<Expr, Tensor> values = Evaluator.values(order, at);
    Map<Expr, Expr> tan = Sweeps.forward(order, constants(values), seeds);
    Expr t = tan.get(f);
    return new Jvp(values.get(f), t == null ? Tensor.zeros(f.shape(), f.dtype()) : valueOf(t));
  }

  /**
   * {@return the Jacobian by forward mode, shape {@code f.shape ++ wrt.shape}: one sweep per input element}
   *
   * <p>Column {@code k} is the tangent of {@link Dual#eval} with the basis tangent {@code e_k} for
   * {@code wrt} (constants elsewhere), bit for bit.
   *
   * @param f any shape
   * @param at a value for every variable of the expression
   * @param wrt the name of the variable to differentiate by
   */
  public static Tensor jacfwd(Expr f, Bindings at, String wrt) {
    checked(f, at);
    return jacfwdOf(List.of(f), at, variable(f, wrt)).get(0);
  }

  /** Jacobians of several outputs with respect to one variable, sharing the forward sweeps. */
  private static List<Tensor> jacfwdOf(List<Expr> roots, Bindings at, Var v) {
    List<Expr> order = Exprs.topologicalOrder(roots.toArray(new Expr[0]));
    Map<Expr, Tensor> values = Evaluator.values(order, at);
    Function<Expr, Expr> primal = constants(values);
    int n = v.shape().size();
    List<double[]> jacs = new ArrayList<>();
    for (Expr r : roots) {
      jacs.add(new double[r.shape().size() * n]);
    }
    for (int j = 0; j < n; j++) {
      Map<Expr, Expr> tan = Sweeps.forward(order, primal, Map.of(v.name(), new Const(basis(v.shape(), j))));
      for (int k = 0; k < roots.size(); k++) {
        Expr t = tan.get(roots.get(k));
        if (t != null) {
          double[] col = valueOf(t).toArray();
          for (int i = 0; i < col.length; i++) {
            jacs.get(k)[i * n + j] = col[i];
          }
        }
      }
    }
    List<Tensor> out = new ArrayList<>();
    for (int k = 0; k < roots.size(); k++) {
      out.add(Tensor.of(jacs.get(k), concat(roots.get(k).shape(), v.shape())));
    }
    return out;
  }

  // ------------------------------------------------------------------ second order

  /**
   * {@return the Hessian of a scalar {@code f} with respect to one variable, shape {@code wrt.shape ++ wrt.shape},
   * by forward-over-reverse (forward sweeps over the symbolic gradient)}
   *
   * @param f rank 0
   * @param at a value for every variable of the expression
   * @param wrt the name of the variable to differentiate by
   */
  public static Tensor hessian(Expr f, Bindings at, String wrt) {
    requireScalar("hessian", f);
    checked(f, at);
    Var v = variable(f, wrt);
    return jacfwdOf(List.of(gradExpr(f, wrt)), at, v).get(0);
  }

  /**
   * {@return all Hessian blocks of a scalar {@code f}: {@code H[a][b] = ∂²f/∂a∂b}, shape
   * {@code a.shape ++ b.shape}}
   *
   * @param f rank 0
   * @param at a value for every variable of the expression
   */
  public static Map<String, Map<String, Tensor>> hessian(Expr f, Bindings at) {
    requireScalar("hessian", f);
    Map<String, Var> vars = checked(f, at);
    Map<String, Expr> g = gradExpr(f);
    List<Expr> roots = new ArrayList<>(g.values());
    List<String> names = new ArrayList<>(g.keySet());
    Map<String, Map<String, Tensor>> h = new LinkedHashMap<>();
    names.forEach(a -> h.put(a, new LinkedHashMap<>()));
    for (Var b : vars.values()) {
      List<Tensor> cols = jacfwdOf(roots, at, b);
      for (int k = 0; k < names.size(); k++) {
        h.get(names.get(k)).put(b.name(), cols.get(k));
      }
    }
    Map<String, Map<String, Tensor>> out = new LinkedHashMap<>();
    h.forEach((k, m) -> out.put(k, java.util.Collections.unmodifiableMap(m)));
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * {@return the Hessian-vector product {@code H v} of a scalar {@code f}, forward-over-reverse, by
   * variable name; {@code v} gives a direction for some variables (others zero)}
   *
   * @param f rank 0
   * @param at a value for every variable of the expression
   * @param v a direction for some variables (others zero), each of its variable's shape
   */
  public static Map<String, Tensor> hvp(Expr f, Bindings at, Bindings v) {
    requireScalar("hvp", f);
    Map<String, Var> vars = checked(f, at);
    Checks.notNull(v, "v");
    Map<String, Expr> seeds = new LinkedHashMap<>();
    v.values().forEach((name, t) -> {
      Var x = vars.get(name);
      if (x == null || !t.shape().equals(x.shape())) {
        throw new IllegalArgumentException("hvp: direction for " + name + (x == null
            ? " names no variable of f (variables: " + vars.keySet() + ")" : " must have shape " + x.shape()));
      }
      seeds.put(differentiable(x).name(), new Const(t));
    });
    Map<String, Expr> g = gradExpr(f);
    List<Expr> order = Exprs.topologicalOrder(g.values().toArray(new Expr[0]));
    Map<Expr, Tensor> values = Evaluator.values(order, at);
    Map<Expr, Expr> tan = Sweeps.forward(order, constants(values), seeds);
    Map<String, Tensor> out = new LinkedHashMap<>();
    g.forEach((name, gx) -> {
      Expr t = tan.get(gx);
      out.put(name, t == null ? Tensor.zeros(vars.get(name).shape(), vars.get(name).dtype()) : valueOf(t));
    });
    return java.util.Collections.unmodifiableMap(out);
  }

  // ------------------------------------------------------------------ symbolic

  /**
   * {@return the gradient of a scalar {@code f} as expressions, one per variable (symbolic reverse mode);
   * differentiable again}
   *
   * @param f rank 0; built once, evaluated at any bindings
   */
  public static Map<String, Expr> gradExpr(Expr f) {
    requireScalar("gradExpr", f);
    return vjpExpr(f, Fx.ones(Shape.scalar(), f.dtype()));
  }

  /**
   * {@return the gradient of a scalar {@code f} with respect to {@code wrt} as an expression (zeros if independent)}
   *
   * @param f rank 0; built once, evaluated at any bindings
   * @param wrt the name of the variable to differentiate by
   */
  public static Expr gradExpr(Expr f, String wrt) {
    requireScalar("gradExpr", f);
    Var v = variable(f, wrt);
    Topology t = Topology.of(f);
    Expr g = Sweeps.variableAdjoints(t, UnaryOperator.identity(), Fx.ones(Shape.scalar(), f.dtype()), Set.of(wrt)).get(wrt);
    return g == null ? Fx.zerosLike(v) : g;
  }

  /**
   * {@return the gradient of a scalar {@code f} with respect to each of {@code wrt}, as expressions in
   * {@code wrt}'s order, from one reverse sweep (the gradients share their common part; zeros for a
   * variable {@code f} does not depend on through a differentiable path)}
   *
   * @param f a rank-0 expression
   * @param wrt distinct names of variables of {@code f}
   * @throws IllegalArgumentException if {@code f} is not rank 0, a name is not one of its variables, or
   *     a name repeats
   */
  public static Map<String, Expr> gradExpr(Expr f, List<String> wrt) {
    requireScalar("gradExpr", f);
    return Sweeps.gradients(Topology.of(f), wrt);
  }


  /**
   * {@return {@code cotangent^T J} as expressions, one per variable (symbolic reverse mode)}
   *
   * @param cotangent an expression of {@code f}'s shape
   * @param f any shape
   */
  public static Map<String, Expr> vjpExpr(Expr f, Expr cotangent) {
    Checks.notNull(cotangent, "cotangent");
    Topology t = Topology.of(Checks.notNull(f, "f"));
    Map<String, Var> vars = t.variables();
    if (!cotangent.shape().equals(f.shape())) {
      throw new IllegalArgumentException("vjpExpr: cotangent has shape " + cotangent.shape()
          + " but the output has shape " + f.shape());
    }
    if (cotangent.dtype() != f.dtype()) {
      throw new IllegalArgumentException("vjpExpr: cotangent has dtype " + cotangent.dtype()
          + " but the output has dtype " + f.dtype());
    }
    Map<String, Expr> byName = Sweeps.variableAdjoints(t, UnaryOperator.identity(), cotangent, null);
    Map<String, Expr> out = new LinkedHashMap<>();
    vars.values().stream().filter(v -> v.dtype().isFloat())
        .forEach(v -> out.put(v.name(), byName.getOrDefault(v.name(), Fx.zerosLike(v))));
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * {@return {@code J v} as an expression (symbolic forward mode), tangents given as expressions by name}
   *
   * @param f any shape
   * @param tangents the tangents, by variable name
   * @throws IllegalArgumentException on unknown names or wrong shapes
   */
  public static Expr jvpExpr(Expr f, Map<String, ? extends Expr> tangents) {
    Map<String, Var> vars = Exprs.variables(Checks.notNull(f, "f"));
    Map<String, Expr> seeds = new LinkedHashMap<>();
    Checks.notNull(tangents, "tangents").forEach((k, t) -> {
      Var v = vars.get(k);
      if (v == null || t == null || !t.shape().equals(v.shape())) {
        throw new IllegalArgumentException("jvpExpr: tangent for " + k + (v == null ? " names no variable of f"
            : " must have shape " + v.shape()));
      }
      seeds.put(k, t);
    });
    List<Expr> order = Exprs.topologicalOrder(f);
    Expr t = Sweeps.forward(order, UnaryOperator.identity(), seeds).get(f);
    return t == null ? Fx.zerosLike(f) : t;
  }

  /**
   * {@return the gradient of a function as a function: {@code grad(f).apply(a)} is {@code ∇f} at
   * {@code a}, an expression of {@code a}'s shape} Each call differentiates with respect to a
   * fresh variable, so nested derivatives never confuse their perturbations.
   *
   * @param f a function returning a rank-0 expression
   */
  public static UnaryOperator<Expr> grad(UnaryOperator<Expr> f) {
    Checks.notNull(f, "f");
    return a -> {
      Checks.notNull(a, "argument");
      Var fresh = new Var("%d" + FRESH.incrementAndGet(), a.shape(), a.dtype());
      Expr body = Checks.notNull(f.apply(fresh), "f's result");
      requireScalar("grad", body);
      Expr g = Exprs.variables(body).containsKey(fresh.name()) ? gradExpr(body, fresh.name()) : Fx.zerosLike(a);
      return Exprs.substitute(g, Map.of(fresh.name(), a));
    };
  }

  // ------------------------------------------------------------------ helpers

  private static Map<String, Var> checked(Expr f, Bindings at) {
    Checks.notNull(f, "f");
    Checks.notNull(at, "at");
    Map<String, Var> vars = Exprs.variables(f);
    for (Var v : vars.values()) {
      Evaluator.bound(v, at);
    }
    return vars;
  }

  private static Var variable(Expr f, String name) {
    Checks.notNull(name, "wrt");
    Var v = Exprs.variables(Checks.notNull(f, "f")).get(name);
    if (v == null) {
      throw new IllegalArgumentException("unknown variable " + name + " (the expression has "
          + Exprs.variables(f).keySet() + ")");
    }
    return differentiable(v);
  }

  /** {@return {@code v}, a float variable; throws if it holds int32 indices, which have no derivative} */
  private static Var differentiable(Var v) {
    if (!v.dtype().isFloat()) {
      throw new IllegalArgumentException("variable " + v.name() + " is " + v.dtype()
          + " (indices): it has no derivative");
    }
    return v;
  }

  private static void requireScalar(String op, Expr f) {
    Checks.notNull(f, "f");
    if (f.shape().rank() != 0) {
      throw new IllegalArgumentException(op + ": the output has shape " + f.shape()
          + "; a scalar (rank 0) is needed (sum it, or use vjp/jacrev)");
    }
  }

  private static Function<Expr, Expr> constants(Map<Expr, Tensor> values) {
    Map<Expr, Expr> cache = new IdentityHashMap<>();
    return n -> cache.computeIfAbsent(n, k -> new Const(values.get(k)));
  }

  static Tensor valueOf(Expr e) {
    if (e instanceof Const c) {
      return c.value();
    }
    return Evaluator.values(Exprs.topologicalOrder(e), Bindings.of()).get(e);
  }

  private static Tensor basis(Shape s, int i) {
    double[] d = new double[s.size()];
    d[i] = 1;
    return Tensor.of(d, s);
  }

  private static Shape concat(Shape a, Shape b) {
    int[] d = Arrays.copyOf(a.toArray(), a.rank() + b.rank());
    System.arraycopy(b.toArray(), 0, d, a.rank(), b.rank());
    return Shape.of(d);
  }
}
