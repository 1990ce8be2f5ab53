package dev.fluxion.autodiff.check;

import static dev.fluxion.autodiff.check.BadSin.badSin;
import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Random expression DAGs pass every check; a wrong rule is caught, localized and shrunk. */
class RandomExprProperties {
  private static final ExprGenConfig CONFIG = ExprGenConfig.of(Map.of("x", Shape.of(2, 3), "y", Shape.of(3),
      "s", Shape.scalar()));

  /** A point for {@code e}'s variables, a function of their names and shapes only (stable under shrinking). */
  static Bindings pointFor(Expr e) {
    return Gens.bindings(e, CONFIG.domain()).generate(new SplittableRandom(7));
  }

  @Nested
  class CorrectRules {
    @Test
    void shouldPassEveryCheckOnRandomExpressions() {
      Property.forAll(Gens.exprs(CONFIG), 20240601L, 200, e -> GradCheck.assertCorrect(e, pointFor(e)));
    }

    @Test
    void shouldPassEveryCheckOnDeeperExpressions() {
      ExprGenConfig deep = CONFIG.withDepth(7).withMaxOps(16);
      Property.forAll(Gens.exprs(deep), 77L, 50, e -> GradCheck.assertCorrect(e, pointFor(e)));
    }

    @Test
    void shouldPassWithVariablesInAnotherDomain() {
      ExprGenConfig wide = CONFIG.withDomain(Domain.symmetric(3)).withMaxOps(5);
      Property.forAll(Gens.exprs(wide), 5L, 20,
          e -> GradCheck.assertCorrect(e, Gens.bindings(e, wide.domain()).generate(new SplittableRandom(3))));
    }
  }

  /** {@code e} computing in float32: its variables float32, its constants rounded to float32. */
  static Expr inFloat32(Expr e) {
    Map<Expr, Expr> memo = new java.util.IdentityHashMap<>();
    for (Expr n : Exprs.topologicalOrder(e)) {
      memo.put(n, switch (n) {
        case Var v -> new Var(v.name(), v.shape(), DType.FLOAT32);
        case Const c -> new Const(c.value().cast(DType.FLOAT32));
        case Apply a -> Apply.of(a.op(), a.args().stream().map(memo::get).toList());
      });
    }
    return memo.get(e);
  }

  /** {@link #pointFor} rounded to float32. */
  static Bindings float32PointFor(Expr e) {
    Map<String, Tensor> m = new java.util.LinkedHashMap<>();
    pointFor(e).values().forEach((k, t) -> m.put(k, t.cast(DType.FLOAT32)));
    return Bindings.of(m);
  }

  @Nested
  class Float32 {
    @Test
    void shouldPassEveryCheckOnRandomExpressionsComputedInFloat32() {
      Property.forAll(Gens.exprs(CONFIG), 20261203L, 100, e -> {
        Expr f = inFloat32(e);
        GradCheck.assertCorrect(f, float32PointFor(f));
      });
    }
  }

  @Nested
  class WrongRule {
    private final Options reverseOnly = Options.defaults().withChecks(CheckKind.REVERSE_VS_FD);

    @Test
    void shouldCatchAndLocalizeTheWrongNodeInsideRandomExpressions() {
      Property.forAll(Gens.exprs(CONFIG), 99L, 20, e -> {
        Expr bad = badSin(e.times(0.5).plus(variable("t")));
        Expr f = sin(bad).plus(e).sum();
        Report r = GradCheck.check(f, pointFor(f), reverseOnly);
        assertFalse(r.passed(), () -> "not caught: " + Exprs.print(f));
        assertNotNull(r.culprit(), r::toString);
        assertSame(bad, r.culprit().node(), r::toString);
        assertEquals("badSin", r.culprit().op());
      });
    }

    @Test
    void shouldShrinkAFailingRandomExpressionToAMinimalOne() {
      List<OpBuilder> ops = new ArrayList<>(OpBuilders.standard());
      ops.add(OpBuilder.unary("badSin", BadSin::badSin));
      Gen<Expr> gen = Gens.exprs(CONFIG.withOps(ops).withMaxOps(12));
      PropertyFailure failure = assertThrows(PropertyFailure.class, () -> Property.forAll(gen, 31337L, 200,
          e -> assertTrue(GradCheck.check(e, pointFor(e), reverseOnly).passed(), "gradient check failed")));
      Expr shrunk = (Expr) failure.shrunk();
      assertTrue(Exprs.nodeCount(shrunk) <= 3, () -> "not minimal: " + Exprs.print(shrunk));
      assertTrue(Exprs.topologicalOrder(shrunk).stream()
          .anyMatch(n -> n instanceof Apply a && a.op() == BadSin.OP), Exprs.print(shrunk));
      assertTrue(Exprs.nodeCount((Expr) failure.original()) > Exprs.nodeCount(shrunk));
      assertTrue(failure.getMessage().contains("seed=31337L, try " + failure.tryNumber()), failure.getMessage());
      assertTrue(failure.getMessage().contains("shrunk:   badSin("), failure.getMessage());
    }
  }
}
