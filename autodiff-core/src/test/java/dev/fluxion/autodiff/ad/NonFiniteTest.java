package dev.fluxion.autodiff.ad;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.NonFinite.Phase;
import dev.fluxion.autodiff.ad.NonFinite.Report;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NonFiniteTest {
  private final Expr x = variable("x");

  @Nested
  class Values {
    @Test
    void shouldFindLogOfZeroInTheValuePhase() {
      Report r = NonFinite.find(log(x.minus(1.0)), Bindings.of("x", 1.0)).orElseThrow();
      assertEquals(Phase.VALUE, r.phase());
      assertEquals("log", r.op());
      assertEquals("log(x - 1)", r.expression());
      assertEquals(0, r.index());
      assertEquals(Double.NEGATIVE_INFINITY, r.element());
      assertEquals("x - 1 = 0.0", r.arguments());
      assertEquals("value of log(x - 1) (op log) is -Infinity at element 0; arguments: x - 1 = 0.0", r.toString());
    }

    @Test
    void shouldReportTheFirstBadElementOfATensor() {
      Expr v = variable("v", 4);
      Report r = NonFinite.find(log(v).sum(), Bindings.of("v", Tensor.vector(1, 2, 0, -1))).orElseThrow();
      assertEquals(Phase.VALUE, r.phase());
      assertEquals(2, r.index());
      assertEquals(Double.NEGATIVE_INFINITY, r.element());
      assertEquals("v = [1.0, 2.0, 0.0, -1.0]", r.arguments());
    }

    @Test
    void shouldReportABadBindingAtItsVariable() {
      Report r = NonFinite.find(sin(x), Bindings.of("x", Double.NaN)).orElseThrow();
      assertEquals("variable", r.op());
      assertEquals("", r.arguments());
    }
  }

  @Nested
  class Derivatives {
    @Test
    void shouldFindTheInfiniteSlopeOfSqrtAtZeroInTheTangentPhase() {
      // sqrt(0) = 0 is finite, but sqrt'(0) = 1 / (2 * 0) = inf.
      Report r = NonFinite.find(sqrt(x), Bindings.of("x", 0.0)).orElseThrow();
      assertEquals(Phase.TANGENT, r.phase());
      assertEquals("sqrt", r.op());
      assertEquals("sqrt(x)", r.expression());
      assertEquals(Double.POSITIVE_INFINITY, r.element());
    }

    @Test
    void shouldFindZeroTimesInfinityInTheTangentPhaseWhenTheSeedIsZero() {
      // A zero tangent is an ordinary number outside masks: 0 · sqrt'(0) = 0 · inf = NaN, as in JAX.
      Report r = NonFinite.find(sqrt(x), Bindings.of("x", 0.0), Bindings.of("x", 0.0)).orElseThrow();
      assertEquals(Phase.TANGENT, r.phase());
      assertEquals("sqrt", r.op());
      assertEquals("sqrt(x)", r.expression());
      assertTrue(Double.isNaN(r.element()));
    }

    @Test
    void shouldKeepTheUntakenBranchOfWhereOutOfTheAdjoints() {
      // where evaluates both branches: sqrt(-1) is NaN in the value and tangent phases, but
      // the branch is discarded and the strong-zero rules (where's zero cotangent times
      // sqrt's NaN slope = 0) keep it out of every adjoint.
      Expr safe = where(gt(x, scalar(0)), sqrt(x), scalar(0));
      Bindings at = Bindings.of("x", -1.0);
      List<Report> each = NonFinite.findEachPhase(safe, at);
      assertEquals(List.of(Phase.VALUE, Phase.TANGENT), each.stream().map(Report::phase).toList());
      assertEquals("sqrt(x)", each.get(0).expression());
      assertTrue(Double.isNaN(each.get(0).element()));
      assertEquals("sqrt(x)", each.get(1).expression());
      assertEquals(Phase.VALUE, NonFinite.find(safe, at).orElseThrow().phase());
      assertEquals(0.0, AD.eval(safe, at).item());
      assertEquals(0.0, AD.grad(safe, at, "x").item());
    }
  }

  @Nested
  class Finite {
    @Test
    void shouldReturnEmptyForAFiniteExpression() {
      Expr x1 = variable("x1");
      Expr x2 = variable("x2");
      Expr survey = log(x1).plus(x1.times(x2)).minus(sin(x2));
      Bindings at = Bindings.of("x1", 2.0).with("x2", 5.0);
      assertTrue(NonFinite.find(survey, at).isEmpty());
      assertTrue(NonFinite.findEachPhase(survey, at).isEmpty());
    }

    @Test
    void shouldRejectUnknownVariablesAndBadTangents() {
      assertThrows(IllegalArgumentException.class, () -> NonFinite.find(x, Bindings.of("x", 1.0).with("y", 2.0)));
      assertThrows(IllegalArgumentException.class, () -> NonFinite.find(x, Bindings.of("x", 1.0),
          Bindings.of("x", Tensor.ones(2))));
    }

    @Test
    void shouldSummarizeLargeTensors() {
      Tensor t = Tensor.of(new double[] {1, Double.NaN, -3, 4, 5, 6, Double.POSITIVE_INFINITY}, 7);
      assertEquals("shape [7], finite range [-3.0, 6.0], 2 non-finite", NonFinite.summary(t));
    }
  }
}
