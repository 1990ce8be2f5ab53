package dev.fluxion.nn.tree;

import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Generic operations on parameter trees (JAX pytrees, Equinox modules): records, Vavr
 * sequences and maps, JDK lists and maps, nested freely, with {@link Expr} leaves.
 *
 * <p>A concrete parameter is a constant leaf ({@code Fx.constant(tensor)}); when a loss is
 * traced the same record type holds variables instead ({@link #trace}), so a loss over a
 * params record yields a gradient record of the same type. Any other component (ints, doubles,
 * strings, tensors) is static data, carried unchanged. Leaves are addressed by paths such as
 * {@code layers.0.w}.
 */
public final class Trees {
  private Trees() {}

  /**
   * {@return {@code tree} with every leaf replaced by {@code f(leaf)}}
   *
   * @param <P> the parameter record type
   * @param tree the tree
   * @param f the function
   */
  public static <P> P map(P tree, UnaryOperator<Expr> f) {
    Checks.notNull(f, "f");
    return mapWithPath(tree, (path, leaf) -> f.apply(leaf));
  }

  /**
   * {@return {@code tree} with every leaf replaced by {@code f(path, leaf)}}
   *
   * @param <P> the parameter record type
   * @param tree the tree
   * @param f the function
   */
  @SuppressWarnings("unchecked")
  public static <P> P mapWithPath(P tree, BiFunction<String, Expr, Expr> f) {
    Checks.notNull(tree, "tree");
    Checks.notNull(f, "f");
    return (P) mapNode("", tree, f);
  }

  private static Object mapNode(String path, Object node, BiFunction<String, Expr, Expr> f) {
    if (node instanceof Expr e) {
      return Checks.notNull(f.apply(path, e), "result for leaf " + path);
    }
    Nodes.Children c = Nodes.children(node);
    if (c == null) {
      return node;
    }
    java.util.List<Object> out = new ArrayList<>(c.values().size());
    for (int i = 0; i < c.values().size(); i++) {
      Object child = c.values().get(i);
      out.add(child == null ? null : mapNode(join(path, c.keys().get(i)), child, f));
    }
    return Nodes.rebuild(node, out);
  }

  /**
   * {@return the leaf-wise combination of two trees of one structure}
   *
   * @param <P> the parameter record type
   * @param a the first tree
   * @param b the second tree, of the same structure
   * @param f combines the leaves at one path
   */
  public static <P> P zipWith(P a, P b, BinaryOperator<Expr> f) {
    Checks.notNull(b, "b");
    Checks.notNull(f, "f");
    LinkedHashMap<String, Expr> other = flatten(b);
    checkSameStructure(a, other.keySet().toList());
    return mapWithPath(a, (path, leaf) -> f.apply(leaf, other.get(path).get()));
  }

  /**
   * {@return the leaf-wise combination of three trees of one structure (e.g. gradient, first and second moment)}
   *
   * @param <P> the parameter record type
   * @param a the first tree
   * @param b the second tree, of the same structure
   * @param c the third tree, of the same structure
   * @param f combines the leaves at one path
   */
  public static <P> P zipWith(P a, P b, P c, io.vavr.Function3<Expr, Expr, Expr, Expr> f) {
    Checks.notNull(b, "b");
    Checks.notNull(c, "c");
    Checks.notNull(f, "f");
    LinkedHashMap<String, Expr> bs = flatten(b);
    LinkedHashMap<String, Expr> cs = flatten(c);
    checkSameStructure(a, bs.keySet().toList());
    checkSameStructure(a, cs.keySet().toList());
    return mapWithPath(a, (path, leaf) -> f.apply(leaf, bs.get(path).get(), cs.get(path).get()));
  }

  /**
   * {@return the leaves in depth-first order}
   *
   * @param tree the tree
   */
  public static List<Expr> leaves(Object tree) {
    return flatten(tree).values().toList();
  }

  /**
   * {@return the leaves by path, in depth-first order}
   *
   * @param tree the tree
   */
  public static LinkedHashMap<String, Expr> flatten(Object tree) {
    Checks.notNull(tree, "tree");
    java.util.LinkedHashMap<String, Expr> out = new java.util.LinkedHashMap<>();
    mapNode("", tree, (path, leaf) -> {
      out.put(path, leaf);
      return leaf;
    });
    return LinkedHashMap.ofAll(out);
  }

  /**
   * {@return the leaves' values by path}
   *
   * @param tree the tree
   * @throws IllegalArgumentException if a leaf is not a constant
   */
  public static LinkedHashMap<String, Tensor> tensors(Object tree) {
    return flatten(tree).mapValues(Trees::value);
  }

  /**
   * {@return A tree like {@code template} whose leaves are taken from {@code leaves} by path}
   *
   * @param <P> the parameter record type
   * @param template a tree of the expected structure
   * @param leaves the leaves, by path
   * @throws IllegalArgumentException naming the path if a leaf is missing, extra, or of another shape
   */
  public static <P> P unflatten(P template, io.vavr.collection.Map<String, ? extends Expr> leaves) {
    Checks.notNull(leaves, "leaves");
    LinkedHashMap<String, Expr> mine = flatten(template);
    for (String k : leaves.keySet()) {
      if (!mine.containsKey(k)) {
        throw new IllegalArgumentException("unflatten: no leaf at path " + k + " (paths: " + mine.keySet().mkString(", ") + ")");
      }
    }
    return mapWithPath(template, (path, leaf) -> {
      Expr e = leaves.get(path).getOrElseThrow(() -> new IllegalArgumentException("unflatten: missing leaf " + path));
      if (!e.shape().equals(leaf.shape())) {
        throw new IllegalArgumentException("unflatten: leaf " + path + " has shape " + e.shape() + ", expected "
            + leaf.shape());
      }
      return e;
    });
  }

  /**
   * {@return {@link #unflatten} from tensors, as constant leaves}
   *
   * @param <P> the parameter record type
   * @param template a tree of the expected structure
   * @param tensors the tensors, by path
   */
  public static <P> P fromTensors(P template, io.vavr.collection.Map<String, Tensor> tensors) {
    Checks.notNull(tensors, "tensors");
    return unflatten(template, tensors.mapValues(Fx::constant));
  }

  /**
   * {@return {@code tree} with each leaf replaced by a variable named {@code prefix + path} of its shape:
   * the traced form a loss is built from}
   *
   * @param <P> the parameter record type
   * @param tree the tree
   * @param prefix the prefix of the names
   */
  public static <P> P trace(P tree, String prefix) {
    Checks.notNull(prefix, "prefix");
    return mapWithPath(tree, (path, leaf) -> Fx.variable(prefix + path, leaf.shape()));
  }

  /**
   * {@return the total number of scalar parameters (the sum of the leaves' sizes)}
   *
   * @param tree the tree
   */
  public static long count(Object tree) {
    return leaves(tree).map(e -> (long) e.shape().size()).sum().longValue();
  }

  /**
   * {@return A tree of zeros like {@code tree}}
   *
   * @param <P> the parameter record type
   * @param tree the tree
   */
  public static <P> P zerosLike(P tree) {
    return map(tree, leaf -> Fx.zeros(leaf.shape()));
  }

  /**
   * {@return {@code tree} with {@code f} applied to every leaf's tensor value (constants in, constants out)}
   *
   * @param <P> the parameter record type
   * @param tree the tree
   * @param f the function
   */
  public static <P> P mapTensors(P tree, Function<Tensor, Tensor> f) {
    Checks.notNull(f, "f");
    return map(tree, leaf -> Fx.constant(Checks.notNull(f.apply(value(leaf)), "mapTensors result")));
  }

  /**
   * {@return the tensor of a constant leaf}
   *
   * @param leaf the leaf
   * @throws IllegalArgumentException if the leaf is not a constant (e.g. a traced variable)
   */
  public static Tensor value(Expr leaf) {
    if (Checks.notNull(leaf, "leaf") instanceof Const c) {
      return c.value();
    }
    throw new IllegalArgumentException("leaf is not a constant but " + leaf + "; evaluate it first");
  }

  /**
   * {@return one line per leaf: {@code path  shape  (count)}, then the total}
   *
   * @param tree the tree
   */
  public static String show(Object tree) {
    StringBuilder sb = new StringBuilder();
    flatten(tree).forEach((path, leaf) -> sb.append(path.isEmpty() ? "<root>" : path).append("  ")
        .append(leaf.shape()).append("  (").append(leaf.shape().size()).append(")\n"));
    return sb.append("total ").append(count(tree)).append(" parameters").toString();
  }

  private static void checkSameStructure(Object a, List<String> otherPaths) {
    List<String> mine = flatten(a).keySet().toList();
    if (!mine.equals(otherPaths)) {
      throw new IllegalArgumentException("trees differ in structure: " + mine.mkString(", ") + " vs "
          + otherPaths.mkString(", "));
    }
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
