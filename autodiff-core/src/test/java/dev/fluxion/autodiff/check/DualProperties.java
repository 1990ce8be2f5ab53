package dev.fluxion.autodiff.check;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.Dual;
import dev.fluxion.autodiff.ad.Jvp;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code AD.jvp} and {@code AD.jacfwd} are evaluation on {@link Dual}s: on random expressions and on
 * every op of the table, the forward sweep and {@code Dual.eval} give the same primal and tangent,
 * bit for bit.
 */
class DualProperties {
  private static final ExprGenConfig CONFIG = ExprGenConfig.of(Map.of("x", Shape.of(2, 3), "y", Shape.of(3),
      "s", Shape.scalar()));
  private static final Domain TANGENTS = Domain.symmetric(2);

  private static Bindings pointFor(Expr e) {
    return Gens.bindings(e, CONFIG.domain()).generate(new SplittableRandom(7));
  }

  /** Tangents in each variable's dtype. */
  private static Bindings tangentsFor(Expr e) {
    Map<String, Var> vars = Exprs.variables(e);
    Map<String, Tensor> m = new HashMap<>();
    Gens.bindings(e, TANGENTS).generate(new SplittableRandom(11)).values()
        .forEach((name, t) -> m.put(name, t.cast(vars.get(name).dtype())));
    return Bindings.of(m);
  }

  /** Duals at {@code at}: tangents from {@code tangents} for the variables it names, constants for the rest. */
  private static Map<String, Dual> duals(Expr e, Bindings at, Bindings tangents) {
    Map<String, Dual> duals = new HashMap<>();
    for (Var v : Exprs.variables(e).values()) {
      Tensor p = at.get(v.name());
      duals.put(v.name(), tangents.contains(v.name()) ? Dual.of(p, tangents.get(v.name())) : Dual.constant(p));
    }
    return duals;
  }

  private static void assertSameBits(Tensor expected, Tensor actual, Expr e) {
    assertEquals(expected.shape(), actual.shape());
    assertTrue(Arrays.equals(expected.toArray(), actual.toArray()),
        () -> Exprs.print(e) + ": expected " + expected + " but was " + actual);
  }

  private static void assertJvpIsDualEvaluation(Expr e, Bindings at, Bindings tangents) {
    Jvp j = AD.jvp(e, at, tangents);
    Dual d = Dual.eval(e, duals(e, at, tangents));
    assertSameBits(j.value(), d.primal(), e);
    assertSameBits(j.tangent(), d.tangent(), e);
  }

  /** Only the tangents of the variables {@code keep} accepts. */
  private static Bindings only(Bindings tangents, Predicate<String> keep) {
    Map<String, Tensor> m = new HashMap<>(tangents.values());
    m.keySet().removeIf(keep.negate());
    return Bindings.of(m);
  }

  @Nested
  class RandomExpressions {
    @Test
    void shouldGiveTheSweepsPrimalAndTangentBitForBit() {
      Property.forAll(Gens.exprs(CONFIG), 20261203L, 200, e -> assertJvpIsDualEvaluation(e, pointFor(e), tangentsFor(e)));
    }

    @Test
    void shouldAgreeOnDeeperExpressions() {
      Property.forAll(Gens.exprs(CONFIG.withDepth(7).withMaxOps(16)), 61L, 50,
          e -> assertJvpIsDualEvaluation(e, pointFor(e), tangentsFor(e)));
    }

    @Test
    void shouldAgreeWhenSomeVariablesAreConstants() {
      Property.forAll(Gens.exprs(CONFIG), 17L, 100,
          e -> assertJvpIsDualEvaluation(e, pointFor(e), only(tangentsFor(e), n -> !n.equals("y"))));
    }

    @Test
    void shouldGiveJacfwdColumnKWithBasisTangentEk() {
      Property.forAll(Gens.exprs(CONFIG.withMaxOps(8)), 23L, 60, e -> {
        Bindings at = pointFor(e);
        for (Var v : Exprs.variables(e).values()) {
          Tensor jac = AD.jacfwd(e, at, v.name());
          int n = v.shape().size();
          double[] flat = jac.toArray();
          for (int k = 0; k < n; k++) {
            double[] ek = new double[n];
            ek[k] = 1;
            Tensor column = Dual.eval(e, duals(e, at, Bindings.of(v.name(), Tensor.of(ek, v.shape())))).tangent();
            double[] expected = new double[flat.length / n];
            for (int i = 0; i < expected.length; i++) {
              expected[i] = flat[i * n + k];
            }
            assertSameBits(Tensor.of(expected, e.shape()), column, e);
          }
        }
      });
    }
  }

  @Nested
  class EveryOp {
    @TestFactory
    Stream<DynamicTest> shouldGiveTheSweepsPrimalAndTangentBitForBit() {
      List<OpSpec> rows = OpTable.rows();
      return rows.stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> Property.forAll(row.inputs(),
          0xD0A1L + row.name().hashCode(), 10, (List<Tensor> xs) -> {
            Expr e = row.expr(xs);
            assertJvpIsDualEvaluation(e, OpSpec.bindings(xs), tangentsFor(e));
          })));
    }
  }
}
