package dev.fluxion.autodiff.api;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.Dual;
import dev.fluxion.autodiff.ad.NonFinite;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Adjoints;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.Convolutions;
import dev.fluxion.autodiff.text.Dot;
import dev.fluxion.autodiff.text.Formula;
import dev.fluxion.autodiff.text.Trace;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every public method of the public API, called with null for each reference argument, throws
 * {@link IllegalArgumentException} naming the problem, never a {@link NullPointerException}.
 */
class NullArgumentsTest {
  private static final List<Class<?>> STATIC_APIS = List.of(Fx.class, Adjoints.class, AD.class, Exprs.class,
      Tensor.class, Convolutions.class, Shape.class, Bindings.class, Plan.class, Formula.class, Dot.class, Trace.class, NonFinite.class, Dual.class,
      dev.fluxion.autodiff.check.GradCheck.class, dev.fluxion.autodiff.check.Gens.class,
      dev.fluxion.autodiff.check.Property.class, dev.fluxion.autodiff.transform.Vmap.class,
      dev.fluxion.autodiff.control.Checkpoint.class, dev.fluxion.autodiff.control.Cond.class,
      dev.fluxion.autodiff.control.Loops.class, dev.fluxion.autodiff.op.Batch.class);

  private static Object sample(Class<?> type) {
    if (type == int.class) {
      return 1;
    }
    if (type == long.class) {
      return 1L;
    }
    if (type == double.class) {
      return 1.0;
    }
    if (type == boolean.class) {
      return false;
    }
    return null;
  }

  private static Stream<DynamicTest> cases(Class<?> owner, Object receiver, boolean statics) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Method m : owner.getMethods()) {
      if (m.getDeclaringClass() == Object.class || m.getName().equals("equals") || Modifier.isStatic(m.getModifiers()) != statics
          || Arrays.stream(m.getParameterTypes()).allMatch(Class::isPrimitive)) {
        continue;
      }
      String name = owner.getSimpleName() + "." + m.getName() + Arrays.toString(m.getParameterTypes());
      tests.add(DynamicTest.dynamicTest(name, () -> {
        Object[] args = Arrays.stream(m.getParameterTypes()).map(NullArgumentsTest::sample).toArray();
        try {
          m.invoke(receiver, args);
          fail(name + " accepted null arguments");
        } catch (InvocationTargetException e) {
          Throwable cause = e.getCause();
          assertInstanceOf(IllegalArgumentException.class, cause, name + " threw " + cause);
          assertNotNull(cause.getMessage(), name);
        }
      }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> staticMethodsRejectNulls() {
    return STATIC_APIS.stream().flatMap(c -> cases(c, null, true));
  }

  @TestFactory
  Stream<DynamicTest> instanceMethodsRejectNulls() {
    Expr x = Fx.variable("x", 2);
    return Stream.of(cases(Tensor.class, Tensor.vector(1, 2), false), cases(Expr.class, x, false),
        cases(Bindings.class, Bindings.of("x", 1.0), false), cases(Plan.class, Plan.of(x), false),
        cases(Shape.class, Shape.of(2, 3), false), cases(Dual.class, Dual.variable(Tensor.vector(1, 2)), false),
        cases(dev.fluxion.autodiff.op.Batch.class, new dev.fluxion.autodiff.op.Batch(2, List.of(true)), false))
        .flatMap(s -> s);
  }
}
