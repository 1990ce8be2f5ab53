package dev.fluxion.nn.tree;

import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
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
 * naming the class and the field, rather than silently treated as a constant.
 *
 * <p>Everything goes through one walk, {@link #flatten}: a tree becomes its leaves in depth-first
 * order and its {@link TreeDef} (JAX's {@code tree_flatten}); {@link #unflatten} rebuilds it. The
 * reflection per record type is done once per class, so flattening is a walk. Leaves are bound to
 * plans by position; their paths (such as {@code layers.0.w}) serve messages, {@link #show} and
 * checkpoint keys.
 *
 * <p>Results use JDK types only: maps by path are unmodifiable and ordered depth-first, lists are
 * unmodifiable. All methods are stateless and safe to call from many threads.
 *
 * <p><b>Modules.</b> Records and data classes are read and rebuilt by reflection. On the class
 * path that always works; on the module path the package that declares them must be open to
 * {@code dev.fluxion.nn}: write {@code opens my.model to dev.fluxion.nn;} in the application's
 * {@code module-info.java} (exporting the package is enough for public records with public
 * components). Otherwise the walk throws {@link IllegalArgumentException} naming the class and
 * this fix.
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
   * {@return the leaves of {@code tree} in depth-first order and its definition (JAX's {@code tree_flatten})}
   *
   * @param <P> the tree's type
   * @param tree records, data classes, lists and maps nested freely, with {@code Expr} leaves
   * @throws IllegalArgumentException if an object the walk cannot take apart holds an {@code Expr}
   */
  public static <P> Flat<P> flatten(P tree) {
    Checks.notNull(tree, "tree");
    List<Expr> leaves = new ArrayList<>();
    Nodes.Node root = Nodes.flatten(tree, leaves, new Nodes.Trail());
    return new Flat<>(leaves, new TreeDef<>(root, leaves.size()));
  }

  /**
   * {@return the tree of structure {@code def} holding {@code leaves} (JAX's {@code tree_unflatten})}
   *
   * @param <P> the tree's type
   * @param def the structure, from {@link #flatten}
   * @param leaves exactly {@code def.leafCount()} expressions, in depth-first order
   * @throws IllegalArgumentException if the count differs or a leaf is null
   */
  public static <P> P unflatten(TreeDef<P> def, List<? extends Expr> leaves) {
    return Checks.notNull(def, "def").unflatten(leaves);
  }

  /**
   * {@return the definition of {@code tree} (JAX's {@code tree_structure})}
   *
   * @param <P> the tree's type
   * @param tree records, data classes, lists and maps nested freely, with {@code Expr} leaves
   */
  public static <P> TreeDef<P> structure(P tree) {
    return flatten(tree).def();
  }

  /**
   * {@return {@code tree} with every leaf replaced by {@code f(leaf)}}
   *
   * @param <P> the tree's type
   * @param tree records, data classes, lists and maps nested freely, with {@code Expr} leaves
   * @param f maps a leaf to a leaf of any shape
   * @throws IllegalArgumentException if {@code f} returns null
   */
  public static <P> P map(P tree, UnaryOperator<Expr> f) {
    Checks.notNull(f, "f");
    Flat<P> flat = flatten(tree);
    List<Expr> out = new ArrayList<>(flat.leaves().size());
    for (int i = 0; i < flat.leaves().size(); i++) {
      out.add(result(f.apply(flat.leaves().get(i)), flat, i));
    }
    return flat.def().unflatten(out);
  }

  /**
   * {@return {@code tree} with every leaf replaced by {@code f(path, leaf)}}
   *
   * @param <P> the tree's type
   * @param tree records, data classes, lists and maps nested freely, with {@code Expr} leaves
   * @param f maps a leaf and its path to a leaf of any shape
   * @throws IllegalArgumentException if {@code f} returns null
   */
  public static <P> P mapWithPath(P tree, BiFunction<String, Expr, Expr> f) {
    Checks.notNull(f, "f");
    Flat<P> flat = flatten(tree);
    List<Expr> out = new ArrayList<>(flat.leaves().size());
    for (int i = 0; i < flat.leaves().size(); i++) {
      out.add(result(f.apply(flat.paths().get(i), flat.leaves().get(i)), flat, i));
    }
    return flat.def().unflatten(out);
  }

  private static Expr result(@Nullable Expr e, Flat<?> flat, int i) {
    if (e == null) {
      throw new IllegalArgumentException("the function returned null for the leaf at "
          + TreeDef.at(flat.paths().get(i)));
    }
    return e;
  }

  /**
   * {@return the leaf-wise combination of two trees of one structure; the result has {@code a}'s structure}
   *
   * @param <P> the tree's type
   * @param a the first tree
   * @param b the second tree: {@code a}'s definition and leaf shapes
   * @param f combines the leaves at one position
   * @throws IllegalArgumentException naming the first differing path if the trees differ (see {@link #checkSameStructure})
   */
  public static <P> P zipWith(P a, P b, BinaryOperator<Expr> f) {
    Checks.notNull(f, "f");
    Flat<P> fa = flatten(Checks.notNull(a, "a"));
    Flat<P> fb = flatten(Checks.notNull(b, "b"));
    check("the first tree", fa, "the second", fb);
    List<Expr> out = new ArrayList<>(fa.leaves().size());
    for (int i = 0; i < fa.leaves().size(); i++) {
      out.add(result(f.apply(fa.leaves().get(i), fb.leaves().get(i)), fa, i));
    }
    return fa.def().unflatten(out);
  }

  /**
   * {@return the leaf-wise combination of three trees of one structure (e.g. gradient, first and second moment)}
   *
   * @param <P> the tree's type
   * @param a the first tree
   * @param b the second tree: {@code a}'s definition and leaf shapes
   * @param c the third tree: {@code a}'s definition and leaf shapes
   * @param f combines the leaves at one position
   * @throws IllegalArgumentException naming the first differing path if the trees differ (see {@link #checkSameStructure})
   */
  public static <P> P zipWith(P a, P b, P c, Leaf3 f) {
    Checks.notNull(f, "f");
    Flat<P> fa = flatten(Checks.notNull(a, "a"));
    Flat<P> fb = flatten(Checks.notNull(b, "b"));
    Flat<P> fc = flatten(Checks.notNull(c, "c"));
    check("the first tree", fa, "the second", fb);
    check("the first tree", fa, "the third", fc);
    List<Expr> out = new ArrayList<>(fa.leaves().size());
    for (int i = 0; i < fa.leaves().size(); i++) {
      out.add(result(f.apply(fa.leaves().get(i), fb.leaves().get(i), fc.leaves().get(i)), fa, i));
    }
    return fa.def().unflatten(out);
  }

  /**
   * Checks that two trees have equal {@linkplain TreeDef definitions} and leaves of equal shapes
   * (broadcasting would otherwise hide a mismatch).
   *
   * @param a the first tree
   * @param b the second tree
   * @throws IllegalArgumentException naming the first path where they differ and what each has there
   */
  public static void checkSameStructure(Object a, Object b) {
    checkSameStructure("the first tree", a, "the second", b);
  }

  /**
   * {@link #checkSameStructure(Object, Object)} with the trees' names in the message, e.g.
   * {@code grads and state.mu differ at 'w': shape [2] vs [3]}.
   *
   * @param aName what {@code a} is, for the message
   * @param a the first tree
   * @param bName what {@code b} is, for the message
   * @param b the second tree
   * @throws IllegalArgumentException naming the first path where they differ and what each has there
   */
  public static void checkSameStructure(String aName, Object a, String bName, Object b) {
    Checks.notNull(aName, "aName");
    Checks.notNull(bName, "bName");
    check(aName, flatten(Checks.notNull(a, aName)), bName, flatten(Checks.notNull(b, bName)));
  }

  private static void check(String aName, Flat<?> a, String bName, Flat<?> b) {
    if (!a.def().equals(b.def())) {
      String d = a.def().difference(b.def(), bName);
      throw new IllegalArgumentException(aName + " and " + bName + " differ in structure "
          + (d == null ? "(" + a.def() + " vs " + b.def() + ")" : d));
    }
    for (int i = 0; i < a.leaves().size(); i++) {
      var sa = a.leaves().get(i).shape();
      var sb = b.leaves().get(i).shape();
      if (!sa.equals(sb)) {
        throw new IllegalArgumentException(aName + " and " + bName + " differ at " + TreeDef.quoted(a.paths().get(i))
            + ": shape " + sa + " vs " + sb);
      }
    }
  }

  /**
   * {@return the leaves in depth-first order (an unmodifiable list)}
   *
   * @param tree records, data classes, lists and maps nested freely, with {@code Expr} leaves
   */
  public static List<Expr> leaves(Object tree) {
    return flatten(tree).leaves();
  }

  /**
   * {@return the leaves' values by path, in depth-first order (an unmodifiable map): the view
   * checkpoints and printing use; in Kotlin {@code for ((path, t) in Trees.tensors(p))}}
   *
   * @param tree records, data classes, lists and maps nested freely, with {@code Expr} leaves
   * @throws IllegalArgumentException if a leaf is not a constant or two leaves share a path
   */
  public static Map<String, Tensor> tensors(Object tree) {
    Flat<Object> flat = flatten(tree);
    return Collections.unmodifiableMap(flat.keyed(flat.values()));
  }

  /**
   * {@return a tree like {@code template} whose leaves are constants of {@code tensors}, by path
   * (the inverse of {@link #tensors}), each converted to its template leaf's dtype (as PyTorch's
   * {@code load_state_dict} copies into the model's tensors)}
   *
   * @param <P> the tree's type
   * @param template a tree of the expected structure and leaf shapes
   * @param tensors a tensor for every path of {@code template}, of its leaf's shape, and no other path
   * @throws IllegalArgumentException naming the path if a tensor is missing, extra, null or of another shape
   */
  public static <P> P fromTensors(P template, Map<String, Tensor> tensors) {
    Checks.notNull(tensors, "tensors");
    Flat<P> flat = flatten(template);
    Map<String, Expr> mine = flat.byPath();
    for (String k : tensors.keySet()) {
      if (!mine.containsKey(k)) {
        throw new IllegalArgumentException("fromTensors: no leaf at path " + k + " (paths: "
            + String.join(", ", mine.keySet()) + ")");
      }
    }
    List<Expr> leaves = new ArrayList<>(mine.size());
    mine.forEach((path, leaf) -> {
      Tensor t = tensors.get(path);
      if (t == null) {
        throw new IllegalArgumentException("fromTensors: missing leaf " + TreeDef.at(path));
      }
      if (!t.shape().equals(leaf.shape())) {
        throw new IllegalArgumentException("fromTensors: leaf " + TreeDef.at(path) + " has shape " + t.shape()
            + ", expected " + leaf.shape());
      }
      leaves.add(Fx.constant(t.cast(leaf.dtype())));
    });
    return flat.def().unflatten(leaves);
  }

  /**
   * {@return {@code tree} with each leaf replaced by a variable named {@code prefix + path} of its
   * shape: the traced form a loss is built from by hand (plans and gradients over trees use
   * {@link Flat#variables}, bound by position)}
   *
   * @param <P> the tree's type
   * @param tree records, data classes, lists and maps nested freely, with {@code Expr} leaves
   * @param prefix the prefix of the names, e.g. {@code "p."}
   * @throws IllegalArgumentException if a name would be blank
   */
  public static <P> P trace(P tree, String prefix) {
    Checks.notNull(prefix, "prefix");
    Flat<P> flat = flatten(tree);
    List<Var> vars = new ArrayList<>(flat.leaves().size());
    for (int i = 0; i < flat.leaves().size(); i++) {
      Expr leaf = flat.leaves().get(i);
      vars.add(Fx.variable(prefix + flat.paths().get(i), leaf.shape(), leaf.dtype()));
    }
    return flat.def().unflatten(vars);
  }

  /**
   * {@return the total number of scalar parameters (the sum of the leaves' sizes)}
   *
   * @param tree records, data classes, lists and maps nested freely, with {@code Expr} leaves
   */
  public static long count(Object tree) {
    long n = 0;
    for (Expr e : leaves(tree)) {
      n += e.shape().size();
    }
    return n;
  }

  /**
   * {@return a tree of zeros like {@code tree}: each leaf's shape and dtype}
   *
   * @param <P> the tree's type
   * @param tree records, data classes, lists and maps nested freely, with {@code Expr} leaves
   */
  public static <P> P zerosLike(P tree) {
    return map(tree, leaf -> Fx.zeros(leaf.shape(), leaf.dtype()));
  }

  /**
   * {@return {@code tree} with every leaf converted to {@code dtype} (PyTorch's {@code model.to(dtype)}):
   * constants are cast now (float64 to float32 rounds to nearest, float32 to float64 is exact),
   * other leaves get a cast node; leaves already in {@code dtype} are kept}
   *
   * @param <P> the tree's type
   * @param tree records, data classes, lists and maps nested freely, with {@code Expr} leaves
   * @param dtype the target dtype
   */
  public static <P> P cast(P tree, DType dtype) {
    Checks.notNull(dtype, "dtype");
    return map(tree, leaf -> leaf.dtype() == dtype ? leaf
        : leaf instanceof Const c ? Fx.constant(c.value().cast(dtype)) : Fx.cast(leaf, dtype));
  }

  /**
   * {@return the dtype all leaves of {@code tree} share; {@code ifEmpty} for a tree without leaves}
   *
   * @param tree records, data classes, lists and maps nested freely, with {@code Expr} leaves
   * @param ifEmpty the answer for a tree without leaves
   * @throws IllegalArgumentException naming two leaves' paths and dtypes if the leaves mix dtypes
   */
  public static DType dtype(Object tree, DType ifEmpty) {
    Checks.notNull(ifEmpty, "ifEmpty");
    Flat<Object> flat = flatten(tree);
    List<Expr> leaves = flat.leaves();
    for (int i = 1; i < leaves.size(); i++) {
      if (leaves.get(i).dtype() != leaves.get(0).dtype()) {
        throw new IllegalArgumentException("the tree mixes dtypes: " + TreeDef.at(flat.paths().get(0)) + " is "
            + leaves.get(0).dtype() + ", " + TreeDef.at(flat.paths().get(i)) + " is " + leaves.get(i).dtype()
            + "; convert it with Trees.cast");
      }
    }
    return leaves.isEmpty() ? ifEmpty : leaves.get(0).dtype();
  }

  /**
   * {@return {@code tree} with {@code f} applied to every leaf's tensor value (constants in, constants out)}
   *
   * @param <P> the tree's type
   * @param tree a tree with constant leaves
   * @param f maps a tensor to a tensor
   * @throws IllegalArgumentException if a leaf is not a constant or {@code f} returns null
   */
  public static <P> P mapTensors(P tree, Function<Tensor, Tensor> f) {
    Checks.notNull(f, "f");
    return map(tree, leaf -> Fx.constant(Checks.notNull(f.apply(value(leaf)), "mapTensors result")));
  }

  /**
   * {@return the tensor of a constant leaf}
   *
   * @param leaf a leaf of a concrete tree
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
   * @param tree records, data classes, lists and maps nested freely, with {@code Expr} leaves
   */
  public static String show(Object tree) {
    Flat<Object> flat = flatten(tree);
    StringBuilder sb = new StringBuilder();
    long total = 0;
    for (int i = 0; i < flat.leaves().size(); i++) {
      Expr leaf = flat.leaves().get(i);
      total += leaf.shape().size();
      sb.append(TreeDef.at(flat.paths().get(i))).append("  ").append(leaf.shape()).append("  (")
          .append(leaf.shape().size()).append(")\n");
    }
    return sb.append("total ").append(total).append(" parameters").toString();
  }
}
