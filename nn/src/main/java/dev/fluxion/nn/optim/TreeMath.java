package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import io.vavr.Tuple2;
import io.vavr.collection.Iterator;
import io.vavr.collection.LinkedHashMap;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * Leaf-wise tensor arithmetic on trees with constant leaves. Every zip first checks that the
 * trees have the same paths and leaf shapes, naming the first path where they differ (tensor
 * broadcasting would otherwise hide a shape mismatch).
 */
final class TreeMath {
  /** A function of three leaf tensors. */
  @FunctionalInterface
  interface Ternary {
    Tensor apply(Tensor a, Tensor b, Tensor c);
  }

  private TreeMath() {}

  /** {@code tree} with {@code f} applied to every leaf tensor. */
  static <P> P map(P tree, UnaryOperator<Tensor> f) {
    return Trees.mapTensors(tree, f);
  }

  /** {@code f(a, b)} leaf-wise; the result has {@code a}'s type. */
  static <P> P zip(String aName, P a, String bName, Object b, BinaryOperator<Tensor> f) {
    LinkedHashMap<String, Expr> bs = aligned(aName, a, bName, b);
    return Trees.mapWithPath(a, (path, leaf) -> Fx.constant(f.apply(Trees.value(leaf), at(bs, path))));
  }

  /** {@code f(a, b, c)} leaf-wise; the result has {@code a}'s type. */
  static <P> P zip(String aName, P a, String bName, Object b, String cName, Object c, Ternary f) {
    LinkedHashMap<String, Expr> bs = aligned(aName, a, bName, b);
    LinkedHashMap<String, Expr> cs = aligned(aName, a, cName, c);
    return Trees.mapWithPath(a, (path, leaf) -> Fx.constant(f.apply(Trees.value(leaf), at(bs, path), at(cs, path))));
  }

  /** {@code sum over leaves of sum(x^2)}. */
  static double sumOfSquares(Object tree) {
    double s = 0;
    for (Expr leaf : Trees.leaves(tree)) {
      Tensor t = Trees.value(leaf);
      s += t.times(t).sum().item();
    }
    return s;
  }

  /** A step counter leaf holding {@code n} (exact up to 2^53). */
  static Expr count(long n) {
    return Fx.scalar(n);
  }

  /** The value of a step counter leaf. */
  static long steps(Expr count) {
    return (long) Trees.value(count).item();
  }

  /** Checks that {@code b} has {@code a}'s paths and leaf shapes, and returns {@code b}'s leaves by path. */
  static LinkedHashMap<String, Expr> aligned(String aName, Object a, String bName, Object b) {
    Checks.notNull(a, aName);
    Checks.notNull(b, bName);
    Iterator<Tuple2<String, Expr>> ia = LinkedHashMap.ofAll(Trees.flatten(a).byPath()).iterator();
    LinkedHashMap<String, Expr> bs = LinkedHashMap.ofAll(Trees.flatten(b).byPath());
    Iterator<Tuple2<String, Expr>> ib = bs.iterator();
    while (ia.hasNext() && ib.hasNext()) {
      Tuple2<String, Expr> x = ia.next();
      Tuple2<String, Expr> y = ib.next();
      if (!x._1.equals(y._1)) {
        throw new IllegalArgumentException(aName + " and " + bName + " differ in structure at path " + show(x._1)
            + " (" + bName + " has " + show(y._1) + " there)");
      }
      if (!x._2.shape().equals(y._2.shape())) {
        throw new IllegalArgumentException(aName + " and " + bName + " differ at path " + show(x._1) + ": shape "
            + x._2.shape() + " vs " + y._2.shape());
      }
    }
    if (ia.hasNext()) {
      throw new IllegalArgumentException(bName + " has no leaf at path " + show(ia.next()._1) + " of " + aName);
    }
    if (ib.hasNext()) {
      throw new IllegalArgumentException(bName + " has a leaf at path " + show(ib.next()._1) + " that " + aName
          + " lacks");
    }
    return bs;
  }

  private static Tensor at(LinkedHashMap<String, Expr> leaves, String path) {
    return Trees.value(leaves.get(path).get());
  }

  private static String show(String path) {
    return path.isEmpty() ? "<root>" : "'" + path + "'";
  }
}
