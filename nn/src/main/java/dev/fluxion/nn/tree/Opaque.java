package dev.fluxion.nn.tree;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Objects the walker does not take apart. They are static data, unless they hold {@code Expr}s
 * (directly, in a list, map or array): such parameters would silently stay constant (not
 * counted, not differentiated, not trained), so they are an error naming the class and field.
 * {@code Tensor} fields are static data, as in records: only {@code Expr}s are parameters.
 */
final class Opaque {
  private static final ConcurrentHashMap<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

  private Opaque() {}

  /** JDK classes, functions (lambdas) and tensors: never hold parameters. */
  static boolean isLibraryClass(Class<?> c) {
    String n = c.getName();
    return c.isPrimitive() || c.isEnum() || c.isHidden() || c.isSynthetic() || n.startsWith("java.")
        || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
        || c == Tensor.class || c.isArray() && c.getComponentType().isPrimitive();
  }

  /**
   * Checks that {@code node}, met at {@code path}, holds no {@code Expr}.
   *
   * @throws IllegalArgumentException naming the path, the class, the field and the fix
   */
  static void check(String path, Object node) {
    Class<?> c = node.getClass();
    if (node instanceof Object[] array) {
      for (int i = 0; i < array.length; i++) {
        if (holdsExpr(array[i])) {
          throw new IllegalArgumentException("parameter tree at " + at(path) + ": an array " + c.getSimpleName()
              + " holds an Expr at index " + i + ", but arrays are not tree containers; use a List");
        }
      }
      return;
    }
    if (isLibraryClass(c)) {
      return;
    }
    for (Field f : FIELDS.computeIfAbsent(c, Opaque::fields)) {
      Object v;
      try {
        v = f.get(node);
      } catch (IllegalAccessException e) {
        continue;
      }
      if (holdsExpr(v)) {
        throw new IllegalArgumentException("parameter tree at " + at(path) + ": " + c.getName() + " holds an Expr in"
            + " field " + f.getDeclaringClass().getSimpleName() + "." + f.getName() + ", but the walker cannot see"
            + " inside it, so its parameters would stay constant. Make " + c.getSimpleName()
            + " a record, a Kotlin data class, or keep its Exprs in a List or Map");
      }
    }
  }

  private static boolean holdsExpr(@Nullable Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Expr) {
      return true;
    }
    List<@Nullable Object> parts = v instanceof Object[] ? null : Nodes.components(v);
    if (parts != null) {
      return holdsExpr(parts);
    }
    if (v instanceof io.vavr.collection.Map<?, ?> m) {
      return holdsExpr(m.values());
    }
    if (v instanceof Iterable<?> it) {
      for (Object o : it) {
        if (holdsExpr(o)) {
          return true;
        }
      }
    }
    if (v instanceof java.util.Map<?, ?> m) {
      return holdsExpr(m.values());
    }
    if (v instanceof Object[] a) {
      return holdsExpr(java.util.Arrays.asList(a));
    }
    return false;
  }

  /** The instance fields of {@code c} and its superclasses that could hold an Expr, made readable. */
  private static List<Field> fields(Class<?> c) {
    List<Field> out = new ArrayList<>();
    for (Class<?> k = c; k != null && !isLibraryClass(k); k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || f.getType() == String.class) {
          continue;
        }
        try {
          f.setAccessible(true);
          out.add(f);
        } catch (InaccessibleObjectException | SecurityException e) {
          // a field of a module that does not open it: not readable, so not checked
        }
      }
    }
    return List.copyOf(out);
  }

  private static String at(String path) {
    return path.isEmpty() ? "<root>" : path;
  }
}
