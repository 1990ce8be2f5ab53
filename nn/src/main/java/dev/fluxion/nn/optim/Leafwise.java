package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.tree.Trees;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Leaf-wise {@link Expr} arithmetic over trees of one structure, for the transformations' formulas:
 * the same code computes constants eagerly and builds the graph of traced leaves. Every zip first
 * checks that the trees have the same paths and leaf shapes, naming the first path where they differ
 * (broadcasting would otherwise hide a shape mismatch).
 */
final class Leafwise {
  private Leafwise() {}

  /** {@code f(a, b)} at every leaf; the result has {@code a}'s type. */
  @SuppressWarnings("unchecked")
  static <P> P zip(String aName, P a, String bName, Object b, BinaryOperator<Expr> f) {
    check(aName, a, bName, b);
    return Trees.zipWith(a, (P) b, f);
  }

  /** {@code f(a, b, c)} at every leaf; the result has {@code a}'s type. */
  @SuppressWarnings("unchecked")
  static <P> P zip(String aName, P a, String bName, Object b, String cName, Object c, Trees.Leaf3 f) {
    check(aName, a, bName, b);
    check(aName, a, cName, c);
    return Trees.zipWith(a, (P) b, (P) c, f);
  }

  /** Checks that {@code b} has {@code a}'s paths and leaf shapes, naming the first path that differs. */
  static void check(String aName, Object a, String bName, Object b) {
    Checks.notNull(a, aName);
    Checks.notNull(b, bName);
    Iterator<Map.Entry<String, Expr>> ia = Trees.flatten(a).byPath().entrySet().iterator();
    Iterator<Map.Entry<String, Expr>> ib = Trees.flatten(b).byPath().entrySet().iterator();
    while (ia.hasNext() && ib.hasNext()) {
      Map.Entry<String, Expr> x = ia.next();
      Map.Entry<String, Expr> y = ib.next();
      if (!x.getKey().equals(y.getKey())) {
        throw new IllegalArgumentException(aName + " and " + bName + " differ in structure at path "
            + show(x.getKey()) + " (" + bName + " has " + show(y.getKey()) + " there)");
      }
      if (!x.getValue().shape().equals(y.getValue().shape())) {
        throw new IllegalArgumentException(aName + " and " + bName + " differ at path " + show(x.getKey())
            + ": shape " + x.getValue().shape() + " vs " + y.getValue().shape());
      }
    }
    if (ia.hasNext()) {
      throw new IllegalArgumentException(bName + " has no leaf at path " + show(ia.next().getKey()) + " of " + aName);
    }
    if (ib.hasNext()) {
      throw new IllegalArgumentException(bName + " has a leaf at path " + show(ib.next().getKey()) + " that "
          + aName + " lacks");
    }
  }

  private static String show(String path) {
    return path.isEmpty() ? "<root>" : "'" + path + "'";
  }
}
