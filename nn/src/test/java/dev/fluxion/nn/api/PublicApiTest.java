package dev.fluxion.nn.api;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.nn.tree.Trees;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The public API of autodiff-core and nn speaks JDK and Fluxion types only, so Kotlin sees real
 * types (no Vavr {@code Tuple2<String!, Tensor!>!}) and no library's types leak: every public or
 * protected signature (methods, constructors, fields, record components, supertypes, type
 * parameter bounds, generic arguments included) mentions only {@code java.*},
 * {@code dev.fluxion.*} and {@code org.jspecify.*} types, and every package is {@code @NullMarked}.
 * The one exception: an adapter package named {@code dev.fluxion.nn.optim.commons} (or below) may
 * show Apache Commons Math types ({@code org.apache.commons.math3.*}), which it exists to adapt.
 */
class PublicApiTest {
  private static final List<String> ALLOWED = List.of("java.", "dev.fluxion.", "org.jspecify.");
  private static final String COMMONS_PACKAGE = "dev.fluxion.nn.optim.commons";
  private static final String COMMONS_MATH = "org.apache.commons.math3.";

  /** The classes of the library packages in the build output of autodiff-core and nn. */
  static List<Class<?>> libraryClasses() throws IOException, URISyntaxException, ClassNotFoundException {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> anchor : List.of(Expr.class, Trees.class)) {
      Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(root)) {
        collect(root, out);
      } else {
        try (FileSystem jar = FileSystems.newFileSystem(root)) {
          collect(jar.getPath("/"), out);
        }
      }
    }
    return out;
  }

  private static void collect(Path root, List<Class<?>> out) throws IOException, ClassNotFoundException {
    List<String> names;
    try (Stream<Path> files = Files.walk(root)) {
      names = files.map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(n -> n.startsWith("dev/fluxion/") && n.endsWith(".class") && !n.endsWith("package-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .sorted().toList();
    }
    for (String n : names) {
      out.add(Class.forName(n, false, PublicApiTest.class.getClassLoader()));
    }
  }

  private static boolean visible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      if (k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic()
          || !(Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(Member m) {
    return !m.isSynthetic() && (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()));
  }

  /** Every type {@code t} mentions, generic arguments, bounds and array elements included. */
  private static void mentioned(Type t, Set<Type> seen, Set<Class<?>> out) {
    if (!seen.add(t)) {
      return;
    }
    switch (t) {
      case Class<?> c -> out.add(c.isArray() ? elementOf(c) : c);
      case ParameterizedType p -> {
        mentioned(p.getRawType(), seen, out);
        for (Type a : p.getActualTypeArguments()) {
          mentioned(a, seen, out);
        }
        if (p.getOwnerType() != null) {
          mentioned(p.getOwnerType(), seen, out);
        }
      }
      case WildcardType w -> {
        for (Type b : w.getUpperBounds()) {
          mentioned(b, seen, out);
        }
        for (Type b : w.getLowerBounds()) {
          mentioned(b, seen, out);
        }
      }
      case GenericArrayType a -> mentioned(a.getGenericComponentType(), seen, out);
      case TypeVariable<?> v -> {
        for (Type b : v.getBounds()) {
          mentioned(b, seen, out);
        }
      }
      default -> throw new AssertionError("unknown kind of type " + t);
    }
  }

  private static Class<?> elementOf(Class<?> c) {
    return c.isArray() ? elementOf(c.getComponentType()) : c;
  }

  /** The signatures of {@code c}'s API, each with what it mentions. */
  private static List<String> foreignTypes(Class<?> c) {
    List<String> problems = new ArrayList<>();
    List<Type> types = new ArrayList<>();
    List<String> where = new ArrayList<>();
    add(types, where, c.getGenericSuperclass(), "supertype");
    for (Type i : c.getGenericInterfaces()) {
      add(types, where, i, "interface");
    }
    for (TypeVariable<?> v : c.getTypeParameters()) {
      add(types, where, v, "type parameter " + v);
    }
    for (Field f : c.getDeclaredFields()) {
      if (visible(f)) {
        add(types, where, f.getGenericType(), "field " + f.getName());
      }
    }
    if (c.isRecord()) {
      for (RecordComponent rc : c.getRecordComponents()) {
        add(types, where, rc.getGenericType(), "record component " + rc.getName());
      }
    }
    List<Executable> members = new ArrayList<>(List.of(c.getDeclaredConstructors()));
    members.addAll(List.of(c.getDeclaredMethods()));
    for (Executable m : members) {
      if (!visible(m) || m instanceof Method method && method.isBridge()) {
        continue;
      }
      String name = m instanceof Method ? "method " + m.getName() : "constructor";
      if (m instanceof Method method) {
        add(types, where, method.getGenericReturnType(), name + " (return)");
      }
      for (Type p : m.getGenericParameterTypes()) {
        add(types, where, p, name + " (parameter)");
      }
      for (Type e : m.getGenericExceptionTypes()) {
        add(types, where, e, name + " (throws)");
      }
      for (TypeVariable<?> v : m.getTypeParameters()) {
        add(types, where, v, name + " (type parameter " + v + ")");
      }
    }
    boolean adapter = c.getPackageName().equals(COMMONS_PACKAGE) || c.getPackageName().startsWith(COMMONS_PACKAGE + ".");
    for (int i = 0; i < types.size(); i++) {
      Set<Class<?>> found = new java.util.HashSet<>();
      mentioned(types.get(i), Collections.newSetFromMap(new java.util.IdentityHashMap<>()), found);
      for (Class<?> k : found) {
        String n = k.getName();
        if (!k.isPrimitive() && ALLOWED.stream().noneMatch(n::startsWith) && !(adapter && n.startsWith(COMMONS_MATH))) {
          problems.add(c.getName() + " " + where.get(i) + ": " + types.get(i).getTypeName() + " mentions " + n);
        }
      }
    }
    return problems;
  }

  private static void add(List<Type> types, List<String> where, Type t, String what) {
    if (t != null) {
      types.add(t);
      where.add(what);
    }
  }

  @Test
  void shouldFindTheWholeLibrary() throws Exception {
    List<Class<?>> all = libraryClasses();
    assertTrue(all.stream().anyMatch(c -> c.getName().equals("dev.fluxion.autodiff.tensor.Tensor")));
    assertTrue(all.stream().anyMatch(c -> c.getName().equals("dev.fluxion.nn.train.Trainer")));
    assertTrue(all.stream().filter(PublicApiTest::visible).count() > 100, "public classes: " + all.size());
  }

  @Test
  void shouldShowOnlyJdkFluxionAndJSpecifyTypes() throws Exception {
    List<String> problems = new ArrayList<>();
    for (Class<?> c : libraryClasses()) {
      if (visible(c)) {
        problems.addAll(foreignTypes(c));
      }
    }
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  @Test
  void shouldMarkEveryPackageNullMarked() throws Exception {
    Set<String> unmarked = new TreeSet<>();
    for (Class<?> c : libraryClasses()) {
      if (!c.getPackage().isAnnotationPresent(NullMarked.class)) {
        unmarked.add(c.getPackageName());
      }
    }
    assertEquals(Set.of(), unmarked);
  }

  @Nested
  class TheScanItself {
    /** A stand-in API that leaks Vavr in a generic argument and a bound. */
    public static final class Leaky<T extends io.vavr.Value<String>> {
      /** Leaks in a nested generic argument. */
      public java.util.List<java.util.Map<String, io.vavr.Tuple2<String, Integer>>> pairs() {
        return List.of();
      }
    }

    @Test
    void shouldCatchForeignTypesInGenericArgumentsAndBounds() {
      List<String> problems = foreignTypes(Leaky.class);
      assertEquals(2, problems.size(), problems.toString());
      assertTrue(problems.stream().anyMatch(p -> p.contains("method pairs") && p.contains("io.vavr.Tuple2")), problems.toString());
      assertTrue(problems.stream().anyMatch(p -> p.contains("type parameter") && p.contains("io.vavr.Value")),
          problems.toString());
    }
  }
}
