package dev.fluxion.nn.tree;

import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Generic operations on parameter trees (JAX pytrees, Equinox modules): records, Kotlin data
 * classes, Vavr sequences and maps, JDK lists and maps, nested freely, with {@link Expr} leaves.
 *
 * <p>A concrete parameter is a constant leaf ({@code Fx.constant(tensor)}); when a loss is
 * traced the same record type holds variables instead ({@link #trace}), so a loss over a
 * params record yields a gradient record of the same type. Any other component (ints, doubles,
 * strings, tensors, layer configurations) is static data, carried unchanged. An object of any
 * other class that holds {@code Expr} fields is rejected with an {@link IllegalArgumentException}
 * naming the class and the field, rather than silently treated as a constant. Leaves are
 * addressed by paths such as {@code layers.0.w}.
 *
 * <p>Results use JDK types only: maps by path are unmodifiable and ordered depth-first, lists are
 * unmodifiable. All methods are stateless and safe to call from many threads.
 */
public final class Trees {
  private Trees() {}

  /**
   * A function of three leaves at one path, for {@link #zipWith(Object, Object, Object, Leaf3)}.
   */
  @FunctionalInterface
  public interface Leaf3 {
    /**
     * {@return the combined leaf}
     *
     * @param a the first tree's leaf
     * @param b the second tree's leaf, of the same shape
     * @param c the third tree's leaf, of the same shape
     */
    Expr apply(Expr a, Expr b, Expr c);
  }

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
    Nodes.Children c = Nodes.children(path, node);
    if (c == null) {
      return node;
    }
    List<@Nullable Object> out = new ArrayList<>(c.values().size());
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
    Map<String, Expr> other = flatten(b);
    checkSameStructure(a, other);
    return mapWithPath(a, (path, leaf) -> f.apply(leaf, other.get(path)));
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
  public static <P> P zipWith(P a, P b, P c, Leaf3 f) {
    Checks.notNull(b, "b");
    Checks.notNull(c, "c");
    Checks.notNull(f, "f");
    Map<String, Expr> bs = flatten(b);
    Map<String, Expr> cs = flatten(c);
    checkSameStructure(a, bs);
    checkSameStructure(a, cs);
    return mapWithPath(a, (path, leaf) -> f.apply(leaf, bs.get(path), cs.get(path)));
  }

  /**
   * {@return the leaves in depth-first order (an unmodifiable list)}
   *
   * @param tree the tree
   */
  public static List<Expr> leaves(Object tree) {
    return List.copyOf(flatten(tree).values());
  }

  /**
   * {@return the leaves by path, in depth-first order (an unmodifiable map)}
   *
   * @param tree the tree
   */
  public static Map<String, Expr> flatten(Object tree) {
    Checks.notNull(tree, "tree");
    Map<String, Expr> out = new LinkedHashMap<>();
    mapNode("", tree, (path, leaf) -> {
      out.put(path, leaf);
      return leaf;
    });
    return Collections.unmodifiableMap(out);
  }

  /**
   * {@return the leaves' values by path, in depth-first order (an unmodifiable map); in Kotlin
   * {@code for ((path, t) in Trees.tensors(p))}}
   *
   * @param tree the tree
   * @throws IllegalArgumentException if a leaf is not a constant
   */
  public static Map<String, Tensor> tensors(Object tree) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    flatten(tree).forEach((path, leaf) -> out.put(path, value(leaf)));
    return Collections.unmodifiableMap(out);
  }

  /**
   * {@return A tree like {@code template} whose leaves are taken from {@code leaves} by path}
   *
   * @param <P> the parameter record type
   * @param template a tree of the expected structure
   * @param leaves the leaves, by path
   * @throws IllegalArgumentException naming the path if a leaf is missing, extra, or of another shape
   */
  public static <P> P unflatten(P template, Map<String, ? extends Expr> leaves) {
    Checks.notNull(leaves, "leaves");
    Map<String, Expr> mine = flatten(template);
    for (String k : leaves.keySet()) {
      if (!mine.containsKey(k)) {
        throw new IllegalArgumentException("unflatten: no leaf at path " + k + " (paths: "
            + String.join(", ", mine.keySet()) + ")");
      }
    }
    return mapWithPath(template, (path, leaf) -> {
      Expr e = leaves.get(path);
      if (e == null) {
        throw new IllegalArgumentException("unflatten: missing leaf " + path);
      }
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
  public static <P> P fromTensors(P template, Map<String, Tensor> tensors) {
    Checks.notNull(tensors, "tensors");
    Map<String, Expr> leaves = new LinkedHashMap<>();
    tensors.forEach((path, t) -> leaves.put(path, Fx.constant(Checks.notNull(t, "tensor at " + path))));
    return unflatten(template, leaves);
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
    long n = 0;
    for (Expr e : flatten(tree).values()) {
      n += e.shape().size();
    }
    return n;
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

  private static void checkSameStructure(Object a, Map<String, Expr> other) {
    List<String> mine = List.copyOf(flatten(a).keySet());
    List<String> theirs = List.copyOf(other.keySet());
    if (!mine.equals(theirs)) {
      throw new IllegalArgumentException("trees differ in structure: " + String.join(", ", mine) + " vs "
          + String.join(", ", theirs));
    }
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
