package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks over expression DAGs: topological order, variables, substitution, structural equality.
 *
 * <p>Every walk is iterative and keyed on node identity, so shared nodes are visited once and
 * deep expressions do not overflow the stack.
 */
public final class Exprs {
  private Exprs() {}

  /**
   * {@return the shapes of {@code args}, in order}
   *
   * @param args any expressions
   */
  public static List<Shape> shapes(List<Expr> args) {
    Checks.notNull(args, "args");
    List<Shape> out = new ArrayList<>(args.size());
    for (Expr e : args) {
      out.add(Checks.notNull(e, "argument").shape());
    }
    return out;
  }

  /**
   * {@return every distinct node reachable from {@code roots}, each after its arguments}
   *
   * @param roots any expressions; a node shared between them is listed once
   */
  public static List<Expr> topologicalOrder(Expr... roots) {
    return new ArrayList<>(Topology.of(roots).nodes());
  }

  /**
   * {@return the number of distinct nodes}
   *
   * @param e any expression; shared nodes count once
   */
  public static int nodeCount(Expr e) {
    return Topology.of(e).size();
  }

  /**
   * {@return the variables of {@code e} by name, in order of first appearance}
   *
   * @param roots any expressions
   * @throws IllegalArgumentException if one name appears with two shapes
   */
  public static Map<String, Var> variables(Expr... roots) {
    return Topology.of(roots).variables();
  }

  /**
   * {@return {@code e} with variables replaced by name; untouched subexpressions are shared, rebuilt
   * nodes are simplified again}
   *
   * @param e any expression
   * @param replacements the replacements, by variable name
   * @throws IllegalArgumentException if a replacement's shape differs from its variable's
   */
  public static Expr substitute(Expr e, Map<String, ? extends Expr> replacements) {
    Checks.notNull(e, "e");
    Checks.notNull(replacements, "replacements");
    Map<Expr, Expr> memo = new IdentityHashMap<>();
    for (Expr n : topologicalOrder(e)) {
      memo.put(n, rebuild(n, replacements, memo));
    }
    return memo.get(e);
  }

  private static Expr rebuild(Expr n, Map<String, ? extends Expr> repl, Map<Expr, Expr> memo) {
    if (n instanceof Var v) {
      Expr r = repl.get(v.name());
      if (r == null) {
        return v;
      }
      if (!r.shape().equals(v.shape())) {
        throw new IllegalArgumentException("substitute: variable " + v.name() + " has shape " + v.shape()
            + " but its replacement has shape " + r.shape());
      }
      if (r.dtype() != v.dtype()) {
        throw new IllegalArgumentException("substitute: variable " + v.name() + " has dtype " + v.dtype()
            + " but its replacement has dtype " + r.dtype());
      }
      return r;
    }
    if (!(n instanceof Apply a)) {
      return n;
    }
    Expr[] args = new Expr[a.args().size()];
    boolean same = true;
    for (int i = 0; i < args.length; i++) {
      args[i] = memo.get(a.arg(i));
      same &= args[i] == a.arg(i);
    }
    return same ? a : Fx.apply(a.op(), args);
  }

  /**
   * {@return true if both DAGs have the same structure: equal leaves, equal ops, equal arguments}
   *
   * @param a any expression
   * @param b any expression
   */
  public static boolean structurallyEqual(Expr a, Expr b) {
    Set<Long> seen = new HashSet<>();
    Map<Expr, Integer> ids = new IdentityHashMap<>();
    ArrayDeque<Expr[]> work = new ArrayDeque<>();
    work.push(new Expr[] {Checks.notNull(a, "a"), Checks.notNull(b, "b")});
    while (!work.isEmpty()) {
      Expr[] p = work.pop();
      Expr x = p[0];
      Expr y = p[1];
      if (x == y) {
        continue;
      }
      long key = ((long) id(ids, x) << 32) | id(ids, y);
      if (!seen.add(key)) {
        continue;
      }
      if (x instanceof Apply ax && y instanceof Apply ay) {
        if (!ax.op().equals(ay.op()) || ax.args().size() != ay.args().size()) {
          return false;
        }
        for (int i = 0; i < ax.args().size(); i++) {
          work.push(new Expr[] {ax.arg(i), ay.arg(i)});
        }
      } else if (!x.equals(y)) {
        return false;
      }
    }
    return true;
  }

  private static int id(Map<Expr, Integer> ids, Expr e) {
    return ids.computeIfAbsent(e, k -> ids.size());
  }

  /**
   * {@return readable infix text, e.g. {@code ln(x1) + x1 * x2 - sin(x2)}}
   *
   * @param e any expression
   */
  public static String print(Expr e) {
    return Infix.print(Checks.notNull(e, "e"));
  }
}
