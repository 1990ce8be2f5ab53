package dev.fluxion.autodiff.ad;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The strong-zero rule: masks (where, relu, abs at 0, max) cut a branch off with an exact zero; any
 * other derivative floating point cannot represent comes out non-finite, in every mode.
 */
class StrongZerosTest {
  private static final Expr X = variable("x");

  /** df/dx at {@code x} by reverse, forward, symbolic and a compiled plan, in that order. */
  private static double[] derivatives(UnaryOperator<Expr> f, double at) {
    Expr e = f.apply(X);
    Bindings b = Bindings.of("x", at);
    double reverse = AD.grad(e, b, "x").item();
    double forward = AD.jvp(e, b, Bindings.of("x", 1.0)).tangent().item();
    double symbolic = AD.eval(AD.gradExpr(e, "x"), b).item();
    double plan = Plan.valueAndGrad(e, List.of("x")).run(b).get("x").item();
    return new double[] {reverse, forward, symbolic, plan};
  }

  private static void assertAllNaN(double[] d, String what) {
    for (int i = 0; i < d.length; i++) {
      assertTrue(Double.isNaN(d[i]), what + ": mode " + i + " gave " + d[i]);
    }
  }

  private static void assertAllEqual(double expected, double[] d, String what) {
    for (int i = 0; i < d.length; i++) {
      assertEquals(expected, d[i], 0.0, what + ": mode " + i);
    }
  }

  @Nested
  class Unrepresentable {
    @Test
    void shouldGiveNaNForSqrtSquaredAtZero() {
      assertAllNaN(derivatives(x -> pow(sqrt(x), 2.0), 0.0), "sqrt(x)^2 at 0");
    }

    @Test
    void shouldGiveNaNForLogOfExpBeyondOverflow() {
      assertAllNaN(derivatives(x -> log(exp(x)), 800.0), "ln(exp(x)) at 800");
    }

    @Test
    void shouldGiveNaNForAZeroFactorTimesAnInfiniteDerivative() {
      assertAllNaN(derivatives(x -> sqrt(x).times(0.0), 0.0), "0 * sqrt(x) at 0");
    }

    @Test
    void shouldKeepFiniteDerivativesWhereTheyExist() {
      assertAllEqual(1.0, derivatives(x -> pow(sqrt(x), 2.0), 4.0), "sqrt(x)^2 at 4");
      assertAllEqual(1.0, derivatives(x -> log(exp(x)), 3.0), "ln(exp(x)) at 3");
    }

    @Test
    void shouldNameTheNodeWhereTheNonFiniteNumberAppears() {
      NonFinite.Report exp = NonFinite.find(log(exp(X)), Bindings.of("x", 800.0)).orElseThrow();
      assertEquals("exp", exp.op());
      assertEquals("value of exp(x) (op exp) is Infinity at element 0; arguments: x = 800.0", exp.toString());
      NonFinite.Report sqrt = NonFinite.find(pow(sqrt(X), 2.0), Bindings.of("x", 0.0)).orElseThrow();
      assertEquals(NonFinite.Phase.TANGENT, sqrt.phase());
      assertEquals("sqrt", sqrt.op());
      assertTrue(sqrt.toString().startsWith("tangent of sqrt(x) (op sqrt) is Infinity"), sqrt.toString());
    }
  }

  @Nested
  class Masks {
    @Test
    void shouldCutOffTheBranchWhereDidNotTake() {
      UnaryOperator<Expr> safeLog = x -> where(gt(x, scalar(0.0)), log(x), scalar(0.0));
      assertAllEqual(0.0, derivatives(safeLog, 0.0), "where(x > 0, log(x), 0) at 0");
      assertAllEqual(0.0, derivatives(safeLog, -1.0), "where(x > 0, log(x), 0) at -1");
      assertAllEqual(0.5, derivatives(safeLog, 2.0), "where(x > 0, log(x), 0) at 2");
      UnaryOperator<Expr> safeSqrt = x -> where(gt(x, scalar(0.0)), scalar(0.0), sqrt(x).times(3.0)).plus(x);
      assertAllEqual(1.0, derivatives(safeSqrt, 1.0), "where(x > 0, 0, 3 sqrt(x)) + x at 1");
    }

    @Test
    void shouldCutOffWhatReluAbsAndMaxDiscard() {
      assertAllEqual(0.0, derivatives(x -> relu(neg(sqrt(x))), 0.0), "relu(-sqrt(x)) at 0");
      assertAllEqual(0.0, derivatives(x -> abs(sqrt(x)), 0.0), "abs(sqrt(x)) at 0");
      assertAllEqual(0.0, derivatives(x -> maximum(sqrt(x), scalar(1.0)), 0.0), "max(sqrt(x), 1) at 0");
      assertAllEqual(0.0, derivatives(x -> max(concat(0, reshape(sqrt(x), 1), ones(Shape.of(1)))), 0.0), "max([sqrt(x), 1]) at 0");
    }

    @Test
    void shouldCutOffOnlyWhereEveryUseIsMasked() {
      UnaryOperator<Expr> once = x -> {
        Expr l = log(x);
        return where(gt(x, scalar(0.0)), l, scalar(0.0)).plus(l);
      };
      assertAllEqual(Double.POSITIVE_INFINITY, derivatives(once, 0.0), "where(x > 0, l, 0) + l, l = log(x), at 0");
      UnaryOperator<Expr> twice = x -> {
        Expr l = log(x);
        return where(gt(x, scalar(0.0)), l, scalar(0.0)).plus(where(gt(x, scalar(1.0)), l, scalar(0.0)));
      };
      assertAllEqual(0.0, derivatives(twice, 0.0), "where(x > 0, l, 0) + where(x > 1, l, 0) at 0");
    }
  }

  @Nested
  class Folding {
    @Test
    void shouldNotFoldAVariableTimesZero() {
      Expr f = X.times(0.0).plus(variable("y"));
      assertEquals(List.of("x", "y"), List.copyOf(Exprs.variables(f).keySet()));
      Map<String, Tensor> g = AD.grad(f, Bindings.of("x", 1.0).with("y", 2.0));
      assertEquals(0.0, g.get("x").item());
      assertEquals(1.0, g.get("y").item());
      assertTrue(Double.isNaN(AD.eval(f, Bindings.of("x", Double.POSITIVE_INFINITY).with("y", 2.0)).item()));
    }

    @Test
    void shouldNotFoldZeroOverAVariable() {
      assertTrue(Double.isNaN(AD.eval(scalar(0.0).div(X), Bindings.of("x", 0.0)).item()));
    }
  }
}
