package dev.fluxion.nn.tree;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.tree.Nodes.Branch;
import dev.fluxion.nn.tree.Nodes.Leaf;
import dev.fluxion.nn.tree.Nodes.Node;
import dev.fluxion.nn.tree.Nodes.Static;
import dev.fluxion.nn.tree.Nodes.Trail;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The structure of a parameter tree without its leaves, as JAX's {@code PyTreeDef}: which
 * containers (records, Kotlin data classes, JDK and Vavr lists and maps with their keys) nest
 * how, the static data they carry, and where the {@code Expr} leaves sit. A tree is
 * {@link Trees#flatten flattened} once into its leaves (depth-first) and its definition; plans
 * bind the leaves by position and {@link #unflatten} rebuilds a tree of the same type from new
 * leaves.
 *
 * <p>Two definitions are {@linkplain #equals equal} when the trees have the same containers,
 * keys and static data (compared with {@code equals}) with leaves at the same places; leaf
 * shapes are not part of the definition (a tree of per-leaf norms has the parameters'
 * definition). Immutable and thread-safe.
 *
 * @param <P> the tree's type
 */
public final class TreeDef<P> {
  private final Node root;
  private final int leafCount;
  private volatile @Nullable List<String> paths;
  private int hash;

  TreeDef(Node root, int leafCount) {
    this.root = root;
    this.leafCount = leafCount;
  }

  /** {@return the number of leaves} */
  public int leafCount() {
    return leafCount;
  }

  /**
   * {@return the leaves' paths in leaf order, such as {@code layers.0.w} (empty for a tree that is
   * a single leaf); an unmodifiable list, computed once}
   */
  public List<String> paths() {
    List<String> p = paths;
    if (p == null) {
      List<String> out = new ArrayList<>(leafCount);
      collectPaths(root, new Trail(), out);
      p = Collections.unmodifiableList(out);
      paths = p;
    }
    return p;
  }

  private static void collectPaths(Node node, Trail trail, List<String> out) {
    switch (node) {
      case Leaf l -> out.add(trail.path());
      case Static s -> { }
      case Branch b -> {
        for (int i = 0; i < b.children().length; i++) {
          trail.push(b.form(), i);
          collectPaths(b.children()[i], trail, out);
          trail.pop();
        }
      }
    }
  }

  /**
   * {@return the tree of this structure holding {@code leaves} in leaf order (depth-first, as
   * {@link Trees#flatten} lists them); static data is carried over}
   *
   * @param leaves exactly {@link #leafCount()} expressions, of any shapes
   * @throws IllegalArgumentException if the count differs or a leaf is null
   */
  @SuppressWarnings("unchecked")
  public P unflatten(List<? extends Expr> leaves) {
    Checks.notNull(leaves, "leaves");
    if (leaves.size() != leafCount) {
      throw new IllegalArgumentException("unflatten: " + leaves.size() + " leaves for a tree of " + leafCount
          + " (" + this + ")");
    }
    int k = 0;
    for (Expr e : leaves) {
      if (e == null) {
        throw new IllegalArgumentException("unflatten: leaf " + k + " (at " + at(paths().get(k)) + ") is null");
      }
      k++;
    }
    return (P) build(root, leaves.iterator());
  }

  private @Nullable Object build(Node node, Iterator<? extends Expr> leaves) {
    return switch (node) {
      case Leaf l -> leaves.next();
      case Static s -> s.value();
      case Branch b -> {
        @Nullable Object[] values = new Object[b.children().length];
        for (int i = 0; i < values.length; i++) {
          values[i] = build(b.children()[i], leaves);
        }
        yield b.form().build(values);
      }
    };
  }

  /**
   * The first place where {@code other} (called {@code otherName}) differs from this definition, in
   * words, e.g. {@code at 'layers': a List of 2 vs a List of 3}, or null if they are equal.
   */
  @Nullable String difference(TreeDef<?> other, String otherName) {
    return difference(root, other.root, new Trail(), otherName);
  }

  private static @Nullable String difference(Node a, Node b, Trail trail, String bName) {
    if (a instanceof Branch x && b instanceof Branch y) {
      int n = Math.min(x.children().length, y.children().length);
      for (int i = 0; i < n; i++) {
        String kx = x.form().key(i);
        String ky = y.form().key(i);
        if (!kx.equals(ky)) {
          trail.push(x.form(), i);
          String here = trail.path();
          trail.pop();
          trail.push(y.form(), i);
          String there = trail.path();
          trail.pop();
          return "at " + quoted(here) + " (" + bName + " has " + quoted(there) + " there)";
        }
      }
      if (x.form().equals(y.form()) && x.children().length == y.children().length) {
        for (int i = 0; i < n; i++) {
          trail.push(x.form(), i);
          String d = difference(x.children()[i], y.children()[i], trail, bName);
          trail.pop();
          if (d != null) {
            return d;
          }
        }
        return null;
      }
    }
    if (a.equals(b)) {
      return null;
    }
    return "at " + quoted(trail.path()) + ": " + describe(a) + " vs " + describe(b);
  }

  private static String describe(Node n) {
    return switch (n) {
      case Leaf l -> "a leaf";
      case Static s -> "static " + brief(s.value());
      case Branch b -> b.form().describe(b.children().length);
    };
  }

  private static String brief(@Nullable Object value) {
    String s = String.valueOf(value);
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }

  static String at(String path) {
    return path.isEmpty() ? "<root>" : path;
  }

  /** A path in a message: {@code 'layers.0.w'}, or {@code <root>}. */
  static String quoted(String path) {
    return path.isEmpty() ? "<root>" : "'" + path + "'";
  }

  /** Equal when the trees have the same containers, keys, static data and leaf positions. */
  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof TreeDef<?> d && leafCount == d.leafCount && root.equals(d.root);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = root.hashCode();
      hash = h;
    }
    return h;
  }

  /** The structure with {@code *} for leaves, e.g. {@code Dense(w=*, b=*, activation=tanh)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    show(root, sb);
    return sb.toString();
  }

  private static void show(Node node, StringBuilder sb) {
    switch (node) {
      case Leaf l -> sb.append('*');
      case Static s -> sb.append(brief(s.value()));
      case Branch b -> {
        boolean keyed = !(b.form() instanceof Nodes.ListForm || b.form() instanceof Nodes.SeqForm);
        String name = switch (b.form()) {
          case Nodes.ProductForm p -> p.type().getSimpleName() + "(";
          case Nodes.ListForm l -> "[";
          case Nodes.MapForm m -> "{";
          case Nodes.SeqForm q -> Nodes.typeName(q.empty()) + "(";
          case Nodes.VavrMapForm m -> Nodes.typeName(m.empty()) + "(";
        };
        sb.append(name);
        for (int i = 0; i < b.children().length; i++) {
          if (i > 0) {
            sb.append(", ");
          }
          if (keyed) {
            sb.append(b.form().key(i)).append('=');
          }
          show(b.children()[i], sb);
        }
        sb.append(name.endsWith("[") ? "]" : name.endsWith("{") ? "}" : ")");
      }
    }
  }
}
