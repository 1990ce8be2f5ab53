package dev.fluxion.nn.train;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The leaf paths and shapes of a template tree, for binding trees of that structure to a plan
 * by position (leaves in depth-first order) and rebuilding trees from a plan's outputs.
 */
final class Structure {
  private final List<String> paths;
  private final List<Shape> shapes;

  private Structure(List<String> paths, List<Shape> shapes) {
    this.paths = paths;
    this.shapes = shapes;
  }

  /** {@return the structure of {@code tree}} */
  static Structure of(Object tree) {
    Map<String, Expr> leaves = Trees.flatten(tree);
    List<Shape> shapes = new ArrayList<>(leaves.size());
    leaves.values().forEach(e -> shapes.add(e.shape()));
    return new Structure(List.copyOf(leaves.keySet()), List.copyOf(shapes));
  }

  /** {@return the number of leaves} */
  int size() {
    return paths.size();
  }

  /** {@return whether {@code tree} has these paths and shapes} */
  boolean matches(Object tree) {
    Map<String, Expr> leaves = Trees.flatten(Checks.notNull(tree, "tree"));
    if (leaves.size() != paths.size()) {
      return false;
    }
    int i = 0;
    for (Map.Entry<String, Expr> e : leaves.entrySet()) {
      if (!e.getKey().equals(paths.get(i)) || !e.getValue().shape().equals(shapes.get(i))) {
        return false;
      }
      i++;
    }
    return true;
  }

  /**
   * Appends the constant leaves of {@code tree} to {@code args}, in order.
   *
   * @throws IllegalArgumentException naming {@code what} and the first leaf that differs, or a leaf that is not a constant
   */
  void bind(String what, Object tree, List<Tensor> args) {
    List<Expr> leaves = checked(what, Checks.notNull(tree, what));
    for (int i = 0; i < leaves.size(); i++) {
      Expr leaf = leaves.get(i);
      try {
        args.add(Trees.value(leaf));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + " at " + show(paths.get(i)) + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * {@return the leaves of {@code tree}, in order, after checking its paths and shapes}
   *
   * @throws IllegalArgumentException naming {@code what} and the first leaf that differs
   */
  List<Expr> checked(String what, Object tree) {
    Map<String, Expr> leaves = Trees.flatten(tree);
    List<Expr> out = new ArrayList<>(leaves.size());
    int i = 0;
    for (Map.Entry<String, Expr> e : leaves.entrySet()) {
      if (i >= paths.size() || !e.getKey().equals(paths.get(i))) {
        throw new IllegalArgumentException(what + " has a leaf at " + show(e.getKey()) + " where the template has "
            + (i < paths.size() ? show(paths.get(i)) : "none"));
      }
      if (!e.getValue().shape().equals(shapes.get(i))) {
        throw new IllegalArgumentException(what + " at " + show(e.getKey()) + " has shape " + e.getValue().shape()
            + ", the template " + shapes.get(i));
      }
      out.add(e.getValue());
      i++;
    }
    if (i < paths.size()) {
      throw new IllegalArgumentException(what + " has no leaf at " + show(paths.get(i)) + " of the template");
    }
    return out;
  }

  /** {@return {@code template} with its leaves replaced by variables named {@code label.path}, appended to {@code vars}} */
  static <T> T trace(T template, String label, List<Var> vars) {
    return Trees.mapWithPath(template, (path, leaf) -> {
      Var v = Fx.variable(path.isEmpty() ? label : label + "." + path, leaf.shape());
      vars.add(v);
      return v;
    });
  }

  /** {@return {@code tree} with every leaf replaced by {@code f(leaf)}} */
  static <T> T map(T tree, UnaryOperator<Expr> f) {
    return Trees.map(tree, f);
  }

  /** {@return {@code template} with its leaves replaced, in order, by constants of {@code values}} */
  static <T> T rebuild(T template, List<Tensor> values) {
    int[] next = {0};
    return Trees.map(template, leaf -> Fx.constant(values.get(next[0]++)));
  }

  private static String show(String path) {
    return path.isEmpty() ? "<root>" : "'" + path + "'";
  }
}
