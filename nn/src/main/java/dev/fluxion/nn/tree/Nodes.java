package dev.fluxion.nn.tree;

import dev.fluxion.autodiff.expr.Expr;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a tree node splits into children and is rebuilt from them: records (by reflection,
 * cached per class), Vavr sequences and maps, JDK lists and maps; {@code Expr}s are leaves and
 * anything else is static data carried unchanged.
 */
final class Nodes {
  private record RecordShape(String[] names, MethodHandle[] getters, MethodHandle constructor) {}

  private static final ConcurrentHashMap<Class<?>, RecordShape> RECORDS = new ConcurrentHashMap<>();

  /** A node's children: their path segments and values. */
  record Children(List<String> keys, List<Object> values) {}

  private Nodes() {}

  static boolean isLeaf(Object node) {
    return node instanceof Expr;
  }

  /** The children of a container, or null for a leaf or static data. */
  static Children children(Object node) {
    if (node instanceof Record r) {
      RecordShape s = shape(r.getClass());
      List<Object> values = new ArrayList<>();
      for (MethodHandle g : s.getters()) {
        values.add(invoke(g, r));
      }
      return new Children(List.of(s.names()), values);
    }
    if (node instanceof io.vavr.collection.Seq<?> seq) {
      return indexed(seq.toJavaList());
    }
    if (node instanceof io.vavr.collection.Map<?, ?> map) {
      List<String> keys = new ArrayList<>();
      List<Object> values = new ArrayList<>();
      map.forEach(t -> {
        keys.add(String.valueOf(t._1));
        values.add(t._2);
      });
      return new Children(keys, values);
    }
    if (node instanceof java.util.List<?> list) {
      return indexed(list);
    }
    if (node instanceof java.util.Map<?, ?> map) {
      List<String> keys = new ArrayList<>();
      List<Object> values = new ArrayList<>();
      map.forEach((k, v) -> {
        keys.add(String.valueOf(k));
        values.add(v);
      });
      return new Children(keys, values);
    }
    return null;
  }

  private static Children indexed(java.util.List<?> list) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      keys.add(Integer.toString(i));
    }
    return new Children(keys, new ArrayList<>(list));
  }

  /** A container like {@code template} holding {@code values} (same order as its children). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object rebuild(Object template, List<Object> values) {
    if (template instanceof Record r) {
      try {
        return shape(r.getClass()).constructor().invokeWithArguments(values);
      } catch (IllegalArgumentException | ClassCastException e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalArgumentException("cannot rebuild record " + r.getClass().getSimpleName() + ": " + e, e);
      }
    }
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
    if (template instanceof java.util.List<?>) {
      return java.util.Collections.unmodifiableList(new ArrayList<>(values));
    }
    if (template instanceof java.util.Map<?, ?> map) {
      java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
      int i = 0;
      for (Object k : map.keySet()) {
        out.put(k, values.get(i++));
      }
      return java.util.Collections.unmodifiableMap(out);
    }
    throw new IllegalArgumentException("not a tree container: " + template.getClass().getName());
  }

  private static RecordShape shape(Class<?> c) {
    return RECORDS.computeIfAbsent(c, Nodes::inspect);
  }

  private static RecordShape inspect(Class<?> c) {
    try {
      RecordComponent[] comps = c.getRecordComponents();
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      String[] names = new String[comps.length];
      MethodHandle[] getters = new MethodHandle[comps.length];
      Class<?>[] types = new Class<?>[comps.length];
      for (int i = 0; i < comps.length; i++) {
        names[i] = comps[i].getName();
        var m = comps[i].getAccessor();
        m.setAccessible(true);
        getters[i] = lookup.unreflect(m);
        types[i] = comps[i].getType();
      }
      var ctor = c.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return new RecordShape(names, getters, lookup.unreflectConstructor(ctor));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException("cannot walk record " + c.getName() + ": " + e.getMessage(), e);
    }
  }

  private static Object invoke(MethodHandle g, Object r) {
    try {
      return g.invoke(r);
    } catch (Throwable e) {
      throw new IllegalArgumentException("cannot read a component of " + r.getClass().getSimpleName() + ": " + e, e);
    }
  }
}
