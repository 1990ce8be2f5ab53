package dev.fluxion.nn.tree;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Immutable product types the walker takes apart and rebuilds: Java records (components) and
 * Kotlin data classes ({@code component1..N}, a {@code copy} and a primary constructor of the
 * components' types; names from the backing fields, checked by a round trip). No Kotlin
 * dependency: everything is found by reflection, once per class.
 *
 * @param kind "record" or "Kotlin data class", for messages
 * @param names the component names, in order
 * @param getters reads each component
 * @param constructor builds an instance from the components, in order
 */
record Products(String kind, List<String> names, List<MethodHandle> getters, MethodHandle constructor) {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  /** The components of {@code node}, in order. */
  List<Object> values(Object node) {
    List<Object> out = new ArrayList<>(getters.size());
    for (int i = 0; i < getters.size(); i++) {
      try {
        out.add(getters.get(i).invoke(node));
      } catch (Throwable e) {
        throw new IllegalArgumentException("cannot read component " + names.get(i) + " of "
            + node.getClass().getName() + ": " + e, e);
      }
    }
    return out;
  }

  /** A new instance from {@code values}, in component order. */
  Object build(Class<?> c, List<@Nullable Object> values) {
    try {
      return constructor.invokeWithArguments(values);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalArgumentException("cannot rebuild " + kind + " " + c.getName() + " from components "
          + names + ": " + e, e);
    }
  }

  /** The shape of record class {@code c}. */
  static Products ofRecord(Class<?> c) {
    try {
      RecordComponent[] comps = c.getRecordComponents();
      List<String> names = new ArrayList<>();
      List<MethodHandle> getters = new ArrayList<>();
      Class<?>[] types = new Class<?>[comps.length];
      for (int i = 0; i < comps.length; i++) {
        names.add(comps[i].getName());
        Method m = comps[i].getAccessor();
        m.setAccessible(true);
        getters.add(LOOKUP.unreflect(m));
        types[i] = comps[i].getType();
      }
      var ctor = c.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return new Products("record", List.copyOf(names), List.copyOf(getters), LOOKUP.unreflectConstructor(ctor));
    } catch (InaccessibleObjectException | IllegalAccessException e) {
      throw notOpen("record", c, e);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException("cannot walk record " + c.getName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The error for a product type this module may not reflect on: on the module path a user's
   * package must be opened to {@code dev.fluxion.nn} (or exported, for public types).
   */
  static IllegalArgumentException notOpen(String kind, Class<?> c, Exception e) {
    Module user = c.getModule();
    String where = user.isNamed() ? "module " + user.getName() : "its module";
    String self = Products.class.getModule().isNamed() ? Products.class.getModule().getName() : "dev.fluxion.nn";
    return new IllegalArgumentException("cannot walk " + kind + " " + c.getName() + ": package " + c.getPackageName()
        + " is not open to " + self + "; add 'opens " + c.getPackageName() + " to " + self + ";' to the module-info of "
        + where + " (" + e.getMessage() + ")", e);
  }

  /**
   * The shape of {@code sample}'s class if it is a Kotlin data class, else null. The names and the
   * constructor are verified on {@code sample}: rebuilding it from its components must give back
   * the same components.
   *
   * @throws IllegalArgumentException if it looks like a data class but does not round-trip
   */
  static @Nullable Products ofDataClass(Object sample) {
    Class<?> c = sample.getClass();
    List<Method> components = new ArrayList<>();
    for (int k = 1; ; k++) {
      try {
        components.add(c.getMethod("component" + k));
      } catch (NoSuchMethodException e) {
        break;
      }
    }
    if (components.isEmpty()) {
      return null;
    }
    Class<?>[] types = components.stream().map(Method::getReturnType).toArray(Class<?>[]::new);
    try {
      c.getMethod("copy", types);
    } catch (NoSuchMethodException e) {
      return null;
    }
    String what = "Kotlin data class " + c.getName();
    try {
      List<MethodHandle> getters = new ArrayList<>();
      List<Object> values = new ArrayList<>();
      for (Method m : components) {
        m.setAccessible(true);
        MethodHandle h = LOOKUP.unreflect(m);
        getters.add(h);
        values.add(h.invoke(sample));
      }
      var ctor = c.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      Products p = new Products("Kotlin data class", names(sample, types, values, what), List.copyOf(getters),
          LOOKUP.unreflectConstructor(ctor));
      List<Object> again = p.values(p.build(c, new ArrayList<>(values)));
      for (int i = 0; i < values.size(); i++) {
        if (!same(values.get(i), again.get(i))) {
          throw new IllegalArgumentException(what + " does not round-trip: rebuilding it from its components changes "
              + p.names().get(i) + " (its primary constructor must take component1..N as they are)");
        }
      }
      return p;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (InaccessibleObjectException | IllegalAccessException e) {
      throw notOpen("Kotlin data class", c, e);
    } catch (Throwable e) {
      throw new IllegalArgumentException("cannot walk " + what + ": " + e, e);
    }
  }

  /** The backing fields of the components: the first instance fields, matched by type and value. */
  private static List<String> names(Object instance, Class<?>[] types, List<Object> values, String what)
      throws IllegalAccessException {
    List<Field> fields = Arrays.stream(instance.getClass().getDeclaredFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers()) && !f.isSynthetic())
        .toList();
    if (fields.size() < types.length) {
      throw new IllegalArgumentException("cannot name the components of " + what + ": it has " + fields.size()
          + " fields for " + types.length + " components");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      Field f = fields.get(i);
      f.setAccessible(true);
      if (f.getType() != types[i] || !same(f.get(instance), values.get(i))) {
        throw new IllegalArgumentException("cannot name component" + (i + 1) + " of " + what + ": field " + f.getName()
            + " does not hold it");
      }
      names.add(f.getName());
    }
    return List.copyOf(names);
  }

  private static boolean same(@Nullable Object a, @Nullable Object b) {
    return a == b || (a != null && (a.getClass().isPrimitive() || a instanceof Number || a instanceof Boolean
        || a instanceof Character || a instanceof String) && Objects.equals(a, b));
  }
}
