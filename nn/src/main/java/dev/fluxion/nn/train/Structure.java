package dev.fluxion.nn.train;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Flat;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;

/**
 * A template tree's definition and leaf shapes, for binding trees of that structure to a plan by
 * position (leaves in depth-first order) and rebuilding trees from a plan's outputs.
 *
 * @param <T> the tree type
 */
final class Structure<T> {
  private final Flat<T> template;
  private final List<Shape> shapes;

  private Structure(Flat<T> template) {
    this.template = template;
    List<Shape> s = new ArrayList<>(template.leaves().size());
    template.leaves().forEach(e -> s.add(e.shape()));
    this.shapes = List.copyOf(s);
  }

  /** {@return the structure of {@code tree}} */
  static <T> Structure<T> of(T tree) {
    return new Structure<>(Trees.flatten(tree));
  }

  /** {@return the number of leaves} */
  int size() {
    return shapes.size();
  }

  /** {@return whether {@code tree} has this definition and these leaf shapes} */
  boolean matches(Object tree) {
    return fits(Trees.flatten(Checks.notNull(tree, "tree")));
  }

  private boolean fits(Flat<?> f) {
    if (!f.def().equals(template.def())) {
      return false;
    }
    for (int i = 0; i < shapes.size(); i++) {
      if (!f.leaves().get(i).shape().equals(shapes.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Appends the constant leaves of {@code tree} to {@code args}, in order.
   *
   * @throws IllegalArgumentException naming {@code what} and the first place that differs, or a leaf that is not a constant
   */
  void bind(String what, Object tree, List<Tensor> args) {
    args.addAll(flat(what, tree).values());
  }

  /**
   * {@return the leaves of {@code tree}, in order, after checking its definition and shapes}
   *
   * @throws IllegalArgumentException naming {@code what} and the first place that differs
   */
  List<Expr> checked(String what, Object tree) {
    return flat(what, tree).leaves();
  }

  private Flat<?> flat(String what, Object tree) {
    Flat<?> f = Trees.flatten(Checks.notNull(tree, what));
    if (!fits(f)) {
      Trees.checkSameStructure(what, tree, "the template", template.unflatten());
      throw new IllegalArgumentException(what + " does not fit the template " + template.def());
    }
    return f;
  }

  /** {@return the template with its leaves replaced by variables named {@code label.path}, appended to {@code vars}} */
  T trace(String label, List<Var> vars) {
    List<Var> v = template.variables(label);
    vars.addAll(v);
    return template.def().unflatten(v);
  }

  /** {@return the template with its leaves replaced, in order, by constants of {@code values}} */
  T rebuild(List<Tensor> values) {
    List<Expr> leaves = new ArrayList<>(values.size());
    for (Tensor t : values) {
      leaves.add(Fx.constant(t));
    }
    return template.def().unflatten(leaves);
  }
}
