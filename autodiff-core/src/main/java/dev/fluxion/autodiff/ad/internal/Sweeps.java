package dev.fluxion.autodiff.ad.internal;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
    Map<Expr, Boolean> needs = dependsOnVariables(order, wrt);
    Map<Expr, Expr> adjoint = new IdentityHashMap<>();
    Map<Expr, @Nullable Expr> zeros = new IdentityHashMap<>();
    Expr root = order.get(order.size() - 1);
    if (needs.containsKey(root)) {
      adjoint.put(root, seed);
    }
    for (int k = order.size() - 1; k >= 0; k--) {
      Expr n = order.get(k);
      Expr yBar = adjoint.get(n);
      if (yBar == null || !(n instanceof Apply a)) {
        continue;
      }
      List<Expr> x = primals(a, primal);
      Expr y = primal.apply(a);
      Expr zerosOfY = zeros.isEmpty() ? null : nonEmpty(zeros.get(n));
      for (int i = 0; i < a.args().size(); i++) {
        Expr arg = a.arg(i);
        if (!needs.containsKey(arg)) {
          continue;
        }
        Expr c = a.op().vjp(i, x, y, yBar);
        if (c == null) {
          continue;
        }
        Expr z = nonEmpty(a.op().structuralZeros(i, x, y, zerosOfY));
        if (zerosOfY != null && z != null && !a.op().keepsZeros(i)) {
          c = Fx.where(z, Fx.zeros(c.shape()), c);
        }
        Expr prev = adjoint.get(arg);
        adjoint.put(arg, prev == null ? c : Fx.add(prev, c));
        Expr cut = prev == null ? z : both(zeros.get(arg), z);
        if (cut != null) {
          zeros.put(arg, cut);
        } else if (prev != null && !zeros.isEmpty()) {
          zeros.remove(arg);
        }
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
    Map<String, Expr> out = new java.util.LinkedHashMap<>();
    for (Expr n : order) {
      if (n instanceof Var v && adjoint.containsKey(n)) {
        out.merge(v.name(), adjoint.get(n), Fx::add);
      }
    }
    return out;
  }

  private static Map<Expr, Boolean> dependsOnVariables(List<Expr> order, @Nullable Set<String> wrt) {
    Map<Expr, Boolean> needs = new IdentityHashMap<>();
    for (Expr n : order) {
      boolean d = switch (n) {
        case Var v -> wrt == null || wrt.contains(v.name());
        case Const c -> false;
        case Apply a -> a.args().stream().anyMatch(needs::containsKey);
      };
      if (d) {
        needs.put(n, Boolean.TRUE);
      }
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
