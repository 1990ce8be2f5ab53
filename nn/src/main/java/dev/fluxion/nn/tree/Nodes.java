package dev.fluxion.nn.tree;

import dev.fluxion.autodiff.expr.Expr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * How a tree node splits into children and is rebuilt from them: records and Kotlin data
 * classes ({@link Products}, cached per class), Vavr sequences and maps, JDK lists and maps;
 * {@code Expr}s are leaves; any other object is static data carried unchanged, unless it holds
 * {@code Expr}s the walker cannot see ({@link Opaque}), which is an error.
 */
final class Nodes {
  /** What a class is to the walker; {@code product} is null for static data. */
  private record Kind(@Nullable Products product) {}

  private static final Kind STATIC = new Kind(null);
  private static final ConcurrentHashMap<Class<?>, Kind> KINDS = new ConcurrentHashMap<>();

  /** A node's children: their path segments and values. */
  record Children(List<String> keys, List<@Nullable Object> values) {}

  private Nodes() {}

  /**
   * The children of a container, or null for static data.
   *
   * @param path the node's path, for messages
   * @throws IllegalArgumentException if the node is an object holding {@code Expr}s that is not a container
   */
  static @Nullable Children children(String path, Object node) {
    if (node instanceof io.vavr.collection.Seq<?> seq) {
      return indexed(seq.toJavaList());
    }
    if (node instanceof io.vavr.collection.Map<?, ?> map) {
      List<String> keys = new ArrayList<>();
      List<@Nullable Object> values = new ArrayList<>();
      map.forEach(t -> {
        keys.add(String.valueOf(t._1));
        values.add(t._2);
      });
      return new Children(keys, values);
    }
    if (node instanceof List<?> list) {
      return indexed(list);
    }
    if (node instanceof Map<?, ?> map) {
      List<String> keys = new ArrayList<>();
      List<@Nullable Object> values = new ArrayList<>();
      map.forEach((k, v) -> {
        keys.add(String.valueOf(k));
        values.add(v);
      });
      return new Children(keys, values);
    }
    Products p = kind(node).product();
    if (p != null) {
      return new Children(p.names(), p.values(node));
    }
    Opaque.check(path, node);
    return null;
  }

  private static Children indexed(List<?> list) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      keys.add(Integer.toString(i));
    }
    return new Children(keys, new ArrayList<>(list));
  }

  /** A container like {@code template} holding {@code values} (same order as its children). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object rebuild(Object template, List<@Nullable Object> values) {
    if (template instanceof io.vavr.collection.Seq<?> seq) {
      io.vavr.collection.Seq out = seq.isEmpty() ? seq : seq.take(0);
      return out.appendAll(values);
    }
    if (template instanceof io.vavr.collection.Map<?, ?> map) {
      io.vavr.collection.Map out = map;
      int i = 0;
      for (Object k : map.keySet()) {
        out = out.put(k, values.get(i++));
      }
      return out;
    }
    if (template instanceof List<?>) {
      return Collections.unmodifiableList(new ArrayList<>(values));
    }
    if (template instanceof Map<?, ?> map) {
      Map<Object, @Nullable Object> out = new LinkedHashMap<>();
      int i = 0;
      for (Object k : map.keySet()) {
        out.put(k, values.get(i++));
      }
      return Collections.unmodifiableMap(out);
    }
    Products p = kind(template).product();
    if (p != null) {
      return p.build(template.getClass(), values);
    }
    throw new IllegalArgumentException("not a tree container: " + template.getClass().getName());
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
}
