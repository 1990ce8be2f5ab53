package dev.fluxion.autodiff.ad.internal;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Topology;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The two sweeps behind every mode. Each is written once over {@code Expr}: given
 * {@code primal(node)} as a constant (numeric mode) the rules fold to constants as they are
 * built; given the node itself (symbolic mode) they build the derivative expression.
 */
public final class Sweeps {
  private Sweeps() {}

  /**
   * Forward mode: the tangent of every node, in topological order, seeded at variables.
   *
   * @param order nodes in topological order
   * @param primal each node's primal as an expression (a constant, or the node itself)
   * @param seeds tangents of variables by name; absent means zero
   * @return tangents by node (absent or null means zero)
   */
  public static Map<Expr, Expr> forward(List<Expr> order, Function<Expr, Expr> primal, Map<String, Expr> seeds) {
    Map<Expr, Expr> tangent = new IdentityHashMap<>();
    for (Expr n : order) {
      Expr t = switch (n) {
        case Var v -> seeds.get(v.name());
        case Const c -> null;
        case Apply a -> jvpOf(a, primal, tangent);
      };
      if (t != null) {
        tangent.put(n, t);
      }
    }
    return tangent;
  }

  private static @Nullable Expr jvpOf(Apply a, Function<Expr, Expr> primal, Map<Expr, Expr> tangent) {
    List<Expr> x = null;
    Expr acc = null;
    for (int i = 0; i < a.args().size(); i++) {
      Expr xDot = tangent.get(a.arg(i));
      if (xDot == null) {
        continue;
      }
      x = x == null ? primals(a, primal) : x;
      Expr c = a.op().jvp(i, x, primal.apply(a), xDot);
      acc = c == null ? acc : acc == null ? c : Fx.add(acc, c);
    }
    return acc;
  }

  /**
   * Reverse mode: the adjoint of every node that depends on a variable in {@code wrt}.
   *
   * <p>Alongside each adjoint the sweep carries its structural zeros ({@link
   * dev.fluxion.autodiff.op.Op#structuralZeros}): elements a mask ({@code where}, relu, abs at 0,
   * max) cut off from the output. A contribution through a rule that multiplies by a local
   * derivative is forced to exactly zero there, so an infinite or NaN derivative in a branch not
   * taken never leaks; every other zero is an IEEE number ({@code 0 · ∞ = NaN}). An element is
   * structural only if every use of the node cut it off.
   *
   * @param order nodes in topological order, the output last
   * @param primal each node's primal as an expression
   * @param seed the cotangent of the output, shape of the output
   * @param wrt names of the variables to differentiate; null means all
   * @return adjoints by node (absent means zero)
   */
  public static Map<Expr, Expr> reverse(List<Expr> order, Function<Expr, Expr> primal, Expr seed,
      @Nullable Set<String> wrt) {
    Expr[] adjoint = adjoints(Topology.ofOrder(order), primal, seed, wrt);
    Map<Expr, Expr> out = new IdentityHashMap<>();
    for (int i = 0; i < adjoint.length; i++) {
      if (adjoint[i] != null) {
        out.put(order.get(i), adjoint[i]);
      }
    }
    return out;
  }

  /**
   * Reverse mode to the variables: {@link #reverse} over numbered nodes, then {@link
   * #variableAdjoints}, without a map per node.
   *
   * @param t the nodes of the output, the output last
   * @param primal each node's primal as an expression
   * @param seed the cotangent of the output, shape of the output
   * @param wrt names of the variables to differentiate; null means all
   * @return the adjoints of variables that get one, summed by name, in order of first appearance
   */
  public static Map<String, Expr> variableAdjoints(Topology t, Function<Expr, Expr> primal, Expr seed,
      @Nullable Set<String> wrt) {
    Expr[] adjoint = adjoints(t, primal, seed, wrt);
    Map<String, Expr> out = new LinkedHashMap<>();
    for (int i = 0; i < adjoint.length; i++) {
      if (adjoint[i] != null && t.node(i) instanceof Var v) {
        out.merge(v.name(), adjoint[i], Fx::add);
      }
    }
    return out;
  }

  /**
   * {@return the gradient of the rank-0 output of {@code t} (its last node) with respect to each of
   * {@code wrt}, as expressions in {@code wrt}'s order, from one symbolic reverse sweep (zeros for a
   * variable the output does not depend on through a differentiable path)}
   *
   * @param t the nodes of the output, the output last
   * @param wrt distinct names of variables of the output
   * @throws IllegalArgumentException if the output is not rank 0, a name is not one of its variables,
   *     or a name repeats
   */
  public static Map<String, Expr> gradients(Topology t, List<String> wrt) {
    Checks.notNull(t, "t");
    Checks.notNull(wrt, "wrt");
    Expr f = t.node(t.size() - 1);
    if (f.shape().rank() != 0) {
      throw new IllegalArgumentException("gradExpr: the output has shape " + f.shape()
          + "; a scalar (rank 0) is needed (sum it, or use vjp/jacrev)");
    }
    Map<String, Var> vars = t.variables();
    Map<String, Expr> out = new LinkedHashMap<>();
    for (String name : wrt) {
      Checks.notNull(name, "wrt");
      if (!vars.containsKey(name)) {
        throw new IllegalArgumentException("unknown variable " + name + " (the expression has " + vars.keySet() + ")");
      }
      if (!vars.get(name).dtype().isFloat()) {
        throw new IllegalArgumentException("gradExpr: variable " + name + " is " + vars.get(name).dtype()
            + " (indices): it has no derivative");
      }
      if (out.put(name, f) != null) {
        throw new IllegalArgumentException("gradExpr: variable " + name + " appears twice in " + wrt);
      }
    }
    Expr seed = Fx.ones(Shape.scalar(), f.dtype());
    Map<String, Expr> byName = variableAdjoints(t, UnaryOperator.identity(), seed, Set.copyOf(wrt));
    for (String name : wrt) {
      Expr g = byName.get(name);
      out.put(name, g == null ? Fx.zerosLike(vars.get(name)) : g);
    }
    return Collections.unmodifiableMap(out);
  }

  /** {@return the adjoint of node {@code i} at index {@code i}, null for zero} */
  private static @Nullable Expr[] adjoints(Topology t, Function<Expr, Expr> primal, Expr seed,
      @Nullable Set<String> wrt) {
    int n = t.size();
    boolean[] needs = dependsOnVariables(t, wrt);
    @Nullable Expr[] adjoint = new Expr[n];
    @Nullable Expr[] zeros = new Expr[n];
    if (n > 0 && needs[n - 1]) {
      adjoint[n - 1] = seed;
    }
    for (int k = n - 1; k >= 0; k--) {
      Expr yBar = adjoint[k];
      if (yBar == null || !(t.node(k) instanceof Apply a)) {
        continue;
      }
      List<Expr> x = primals(a, primal);
      Expr y = primal.apply(a);
      Expr zerosOfY = nonEmpty(zeros[k]);
      for (int i = 0; i < t.argCount(k); i++) {
        int arg = t.arg(k, i);
        if (!needs[arg]) {
          continue;
        }
        Expr c = a.op().vjp(i, x, y, yBar);
        if (c == null) {
          continue;
        }
        Expr z = nonEmpty(a.op().structuralZeros(i, x, y, zerosOfY));
        if (zerosOfY != null && z != null && !a.op().keepsZeros(i)) {
          c = Fx.where(z, Fx.zerosLike(c), c);
        }
        Expr prev = adjoint[arg];
        adjoint[arg] = prev == null ? c : Fx.add(prev, c);
        zeros[arg] = prev == null ? z : both(zeros[arg], z);
      }
    }
    return adjoint;
  }

  /** {@return null for a mask that is null or a constant without a 1} */
  private static @Nullable Expr nonEmpty(@Nullable Expr mask) {
    return mask == null || mask instanceof Const c && c.isZero() ? null : mask;
  }

  /** {@return the intersection of two structural-zero masks; null if either is null} */
  private static @Nullable Expr both(@Nullable Expr a, @Nullable Expr b) {
    return a == null || b == null ? null : Fx.mul(a, b);
  }

  /**
   * {@return the adjoints of variables, summed by name}
   *
   * @param order nodes in topological order, variables included
   * @param adjoint each node's adjoint from the reverse sweep; absent if it has none
   */
  public static Map<String, Expr> variableAdjoints(List<Expr> order, Map<Expr, Expr> adjoint) {
    Map<String, Expr> out = new LinkedHashMap<>();
    for (Expr n : order) {
      if (n instanceof Var v && adjoint.containsKey(n)) {
        out.merge(v.name(), adjoint.get(n), Fx::add);
      }
    }
    return out;
  }

  /** {@return per node, whether it depends on a variable in {@code wrt} (all variables if null)} */
  private static boolean[] dependsOnVariables(Topology t, @Nullable Set<String> wrt) {
    boolean[] needs = new boolean[t.size()];
    for (int i = 0; i < needs.length; i++) {
      needs[i] = switch (t.node(i)) {
        case Var v -> v.dtype().isFloat() && (wrt == null || wrt.contains(v.name()));
        case Const c -> false;
        case Apply a -> {
          boolean d = false;
          for (int k = 0; k < t.argCount(i) && !d; k++) {
            d = needs[t.arg(i, k)];
          }
          yield d;
        }
      };
    }
    return needs;
  }

  private static List<Expr> primals(Apply a, Function<Expr, Expr> primal) {
    List<Expr> x = new ArrayList<>(a.args().size());
    for (Expr arg : a.args()) {
      x.add(primal.apply(arg));
    }
    return x;
  }

  /** All nodes of {@code roots} in topological order. */
  static List<Expr> order(Expr... roots) {
    return Exprs.topologicalOrder(roots);
  }
}
