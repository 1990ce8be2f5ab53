package dev.fluxion.nn.tree;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flattened tree: its leaves in depth-first order and its {@linkplain TreeDef definition}, as
 * JAX's {@code tree_flatten} returns {@code (leaves, treedef)}. Leaf {@code i} sits at
 * {@code def.paths().get(i)}; {@link #unflatten()} gives the tree back. Immutable.
 *
 * @param leaves the leaves, in depth-first order (an unmodifiable list)
 * @param def the structure; {@code def.leafCount() == leaves.size()}
 * @param <P> the tree's type
 */
public record Flat<P>(List<Expr> leaves, TreeDef<P> def) {
  /**
   * Validates and copies the leaves.
   *
   * @throws IllegalArgumentException if an argument or a leaf is null, or the count differs from the definition's
   */
  public Flat {
    Checks.notNull(leaves, "leaves");
    Checks.notNull(def, "def");
    for (int i = 0; i < leaves.size(); i++) {
      Checks.notNull(leaves.get(i), "leaf " + i);
    }
    if (leaves.size() != def.leafCount()) {
      throw new IllegalArgumentException("Flat: " + leaves.size() + " leaves for a definition of "
          + def.leafCount() + " (" + def + ")");
    }
    leaves = List.copyOf(leaves);
  }

  /** {@return the tree: {@code def().unflatten(leaves())}} */
  public P unflatten() {
    return def.unflatten(leaves);
  }

  /** {@return the leaves' paths, in leaf order (see {@link TreeDef#paths()})} */
  public List<String> paths() {
    return def.paths();
  }

  /**
   * {@return the leaves by path, in leaf order (an unmodifiable map)}
   *
   * @throws IllegalArgumentException if two leaves have the same path (e.g. map keys {@code 1} and {@code "1"})
   */
  public Map<String, Expr> byPath() {
    return Collections.unmodifiableMap(keyed(leaves));
  }

  /**
   * {@return the leaves' tensors in leaf order (an unmodifiable list): what a plan compiled over
   * {@link #variables} runs with}
   *
   * @throws IllegalArgumentException naming the path if a leaf is not a constant
   */
  public List<Tensor> values() {
    List<Tensor> out = new ArrayList<>(leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      Expr leaf = leaves.get(i);
      if (!(leaf instanceof dev.fluxion.autodiff.expr.Const c)) {
        throw new IllegalArgumentException("the leaf at " + TreeDef.at(paths().get(i)) + " is not a constant but "
            + leaf + "; evaluate it first");
      }
      out.add(c.value());
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * {@return one variable per leaf, of its shape, in leaf order: {@code def().unflatten(variables)}
   * is the traced tree a loss is built from, and a plan compiled over these variables binds
   * {@link #values()} by position}
   *
   * @param label names the variables {@code label.path} ({@code label} alone for a root leaf, the
   *     path alone for an empty label); a label only, for messages and printed formulas: choose one
   *     no other variable of the graph uses
   * @throws IllegalArgumentException if a name would be blank (an empty label for a root leaf)
   */
  public List<Var> variables(String label) {
    Checks.notNull(label, "label");
    List<String> paths = paths();
    List<Var> out = new ArrayList<>(leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      String path = paths.get(i);
      String name = label.isEmpty() ? path : path.isEmpty() ? label : label + "." + path;
      out.add(Fx.variable(name, leaves.get(i).shape(), leaves.get(i).dtype()));
    }
    return Collections.unmodifiableList(out);
  }

  /** The values by path, in leaf order; throws if two paths coincide. */
  <T> LinkedHashMap<String, T> keyed(List<T> values) {
    List<String> paths = paths();
    LinkedHashMap<String, T> out = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      if (out.put(paths.get(i), values.get(i)) != null) {
        throw new IllegalArgumentException("two leaves share the path " + TreeDef.at(paths.get(i)) + " (" + def
            + "); give the map keys distinct strings");
      }
    }
    return out;
  }
}
