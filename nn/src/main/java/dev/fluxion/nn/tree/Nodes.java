package dev.fluxion.nn.tree;

import dev.fluxion.autodiff.expr.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The nodes of a {@link TreeDef} and the walk that flattens a tree into them: records and Kotlin
 * data classes ({@link Products}, cached per class), Vavr sequences and maps, JDK lists and maps
 * are branches; {@code Expr}s are leaves; any other object (or null) is static data carried
 * unchanged, unless it holds {@code Expr}s the walk cannot see ({@link Opaque}), which is an error.
 */
final class Nodes {
  private static final ConcurrentHashMap<Class<?>, Kind> KINDS = new ConcurrentHashMap<>();
  private static final Kind STATIC = new Kind(null);

  private Nodes() {}

  /** What a class is to the walk; {@code product} is null for static data. */
  private record Kind(@Nullable Products product) {}

  /** A node of a tree definition. Equality is structural; static values compare with {@code equals}. */
  sealed interface Node permits Leaf, Static, Branch {}

  /** An {@code Expr} position. */
  enum Leaf implements Node { INSTANCE }

  /** Static data, carried unchanged; hashes by class only (a tensor's hash would read all of it). */
  record Static(@Nullable Object value) implements Node {
    @Override
    public boolean equals(Object o) {
      return o instanceof Static s && Objects.equals(value, s.value);
    }

    @Override
    public int hashCode() {
      return value == null ? 0 : value.getClass().hashCode();
    }
  }

  /** A container: its form (type, keys) and its children, in order. */
  record Branch(Form form, Node[] children) implements Node {
    @Override
    public boolean equals(Object o) {
      return o instanceof Branch b && form.equals(b.form) && Arrays.equals(children, b.children);
    }

    @Override
    public int hashCode() {
      return 31 * form.hashCode() + Arrays.hashCode(children);
    }
  }

  /** How a container names its children and is rebuilt from them. */
  sealed interface Form permits ProductForm, ListForm, MapForm, SeqForm, VavrMapForm {
    /** The path segment of child {@code i}. */
    String key(int i);

    /** A container of this form holding {@code values}, in order (the array is not kept). */
    Object build(@Nullable Object[] values);

    /** The container in words, for messages. */
    String describe(int children);
  }

  /** A record or Kotlin data class. */
  record ProductForm(Class<?> type, Products product) implements Form {
    public String key(int i) {
      return product.names().get(i);
    }

    public Object build(@Nullable Object[] values) {
      return product.build(type, Arrays.asList(values));
    }

    public String describe(int children) {
      return product.kind() + " " + type.getSimpleName();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ProductForm p && type == p.type;
    }

    @Override
    public int hashCode() {
      return type.hashCode();
    }
  }

  /** A JDK list, rebuilt unmodifiable. */
  record ListForm() implements Form {
    public String key(int i) {
      return Integer.toString(i);
    }

    public Object build(@Nullable Object[] values) {
      return Collections.unmodifiableList(Arrays.asList(values));
    }

    public String describe(int children) {
      return "a list of " + children;
    }
  }

  /** A JDK map with these keys in order, rebuilt unmodifiable. */
  record MapForm(List<Object> keys) implements Form {
    public String key(int i) {
      return String.valueOf(keys.get(i));
    }

    public Object build(@Nullable Object[] values) {
      Map<Object, @Nullable Object> out = new LinkedHashMap<>();
      for (int i = 0; i < values.length; i++) {
        out.put(keys.get(i), values[i]);
      }
      return Collections.unmodifiableMap(out);
    }

    public String describe(int children) {
      return "a map with keys " + keys;
    }
  }

  /** A Vavr sequence, rebuilt by appending to an empty one of its type. */
  record SeqForm(io.vavr.collection.Seq<?> empty) implements Form {
    public String key(int i) {
      return Integer.toString(i);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object build(@Nullable Object[] values) {
      return ((io.vavr.collection.Seq) empty).appendAll(Arrays.asList(values));
    }

    public String describe(int children) {
      return "a " + typeName(empty) + " of " + children;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SeqForm s && empty.getClass() == s.empty.getClass();
    }

    @Override
    public int hashCode() {
      return empty.getClass().hashCode();
    }
  }

  /** A Vavr map with these keys in order, rebuilt by putting into an empty one of its type. */
  record VavrMapForm(io.vavr.collection.Map<?, ?> empty, List<Object> keys) implements Form {
    public String key(int i) {
      return String.valueOf(keys.get(i));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object build(@Nullable Object[] values) {
      io.vavr.collection.Map out = empty;
      for (int i = 0; i < values.length; i++) {
        out = out.put(keys.get(i), values[i]);
      }
      return out;
    }

    public String describe(int children) {
      return "a " + typeName(empty) + " with keys " + keys;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof VavrMapForm m && empty.getClass() == m.empty.getClass() && keys.equals(m.keys);
    }

    @Override
    public int hashCode() {
      return 31 * empty.getClass().hashCode() + keys.hashCode();
    }
  }

  private static final ListForm LIST = new ListForm();

  /** A Vavr collection's type as users write it: {@code List} for its {@code List.Nil}. */
  static String typeName(Object collection) {
    Class<?> c = collection.getClass();
    Class<?> outer = c.getEnclosingClass();
    return (outer != null ? outer : c).getSimpleName();
  }

  /**
   * The node of {@code node}, appending its leaves to {@code leaves} depth-first.
   *
   * @param trail the path to {@code node}, for messages
   * @throws IllegalArgumentException if an object the walk cannot take apart holds an {@code Expr}
   */
  static Node flatten(@Nullable Object node, List<Expr> leaves, Trail trail) {
    if (node == null) {
      return new Static(null);
    }
    if (node instanceof Expr e) {
      leaves.add(e);
      return Leaf.INSTANCE;
    }
    if (node instanceof io.vavr.collection.Seq<?> seq) {
      return branch(new SeqForm(seq.take(0)), seq, seq.size(), leaves, trail);
    }
    if (node instanceof io.vavr.collection.Map<?, ?> map) {
      List<Object> keys = new ArrayList<>(map.size());
      List<Object> values = new ArrayList<>(map.size());
      map.forEach(t -> {
        keys.add(t._1);
        values.add(t._2);
      });
      return branch(new VavrMapForm(map.take(0), Collections.unmodifiableList(keys)), values, keys.size(), leaves,
          trail);
    }
    if (node instanceof List<?> list) {
      return branch(LIST, list, list.size(), leaves, trail);
    }
    if (node instanceof Map<?, ?> map) {
      List<Object> keys = new ArrayList<>(map.size());
      List<@Nullable Object> values = new ArrayList<>(map.size());
      map.forEach((k, v) -> {
        keys.add(k);
        values.add(v);
      });
      return branch(new MapForm(Collections.unmodifiableList(keys)), values, keys.size(), leaves, trail);
    }
    Products p = kind(node).product();
    if (p != null) {
      List<Object> values = p.values(node);
      return branch(new ProductForm(node.getClass(), p), values, values.size(), leaves, trail);
    }
    Opaque.check(trail.path(), node);
    return new Static(node);
  }

  private static Branch branch(Form form, Iterable<?> values, int n, List<Expr> leaves, Trail trail) {
    Node[] children = new Node[n];
    int i = 0;
    for (Object v : values) {
      trail.push(form, i);
      children[i] = flatten(v, leaves, trail);
      trail.pop();
      i++;
    }
    return new Branch(form, children);
  }

  /** The components of a record or Kotlin data class, or null for any other object. */
  static @Nullable List<@Nullable Object> components(Object node) {
    if (Opaque.isLibraryClass(node.getClass())) {
      return null;
    }
    Products p = kind(node).product();
    return p == null ? null : p.values(node);
  }

  private static Kind kind(Object node) {
    Class<?> c = node.getClass();
    Kind k = KINDS.get(c);
    if (k != null) {
      return k;
    }
    return KINDS.computeIfAbsent(c, x -> {
      if (node instanceof Record) {
        return new Kind(Products.ofRecord(x));
      }
      if (Opaque.isLibraryClass(x)) {
        return STATIC;
      }
      Products p = Products.ofDataClass(node);
      return p == null ? STATIC : new Kind(p);
    });
  }

  /** The path of the node being visited, as a stack of (form, child index); a string only on demand. */
  static final class Trail {
    private Form[] forms = new Form[8];
    private int[] indices = new int[8];
    private int depth;

    void push(Form form, int index) {
      if (depth == forms.length) {
        forms = Arrays.copyOf(forms, depth * 2);
        indices = Arrays.copyOf(indices, depth * 2);
      }
      forms[depth] = form;
      indices[depth++] = index;
    }

    void pop() {
      depth--;
    }

    /** The path, e.g. {@code layers.0.w}; empty at the root. */
    String path() {
      StringBuilder sb = new StringBuilder();
      for (int d = 0; d < depth; d++) {
        if (d > 0) {
          sb.append('.');
        }
        sb.append(forms[d].key(indices[d]));
      }
      return sb.toString();
    }
  }
}
