package dev.fluxion.autodiff.control;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code cond}: the predicate picks one branch, only that one runs, and its derivatives at every order
 * are those of the branch taken.
 */
class CondTest {
  private static final Var X = new Var("x", Shape.of(3));
  private static final Var P = new Var("p", Shape.scalar());

  /** {@code p ? sum(sin(x) x) : sum(x³)}. */
  private static final Expr F = Cond.cond(P, a -> sum(sin(a.get(0)).times(a.get(0))),
      a -> sum(a.get(0).times(a.get(0)).times(a.get(0))), X);

  @Test
  void shouldTakeTheBranchThePredicatePicksWithItsDerivatives() {
    Tensor x = Tensor.vector(0.3, -1.2, 2.0);
    for (double p : new double[] {1, 0}) {
      Bindings at = Bindings.of("x", x).with("p", p);
      Expr branch = p != 0 ? sum(sin(X).times(X)) : sum(X.times(X).times(X));
      assertEquals(AD.eval(branch, at), AD.eval(F, at), "value, p = " + p);
      assertEquals(AD.grad(branch, at, "x"), AD.grad(F, at, "x"), "gradient, p = " + p);
      assertEquals(AD.hessian(branch, at, "x"), AD.hessian(F, at, "x"), "Hessian, p = " + p);
      assertEquals(AD.grad(branch, at, "x"), Plan.of(AD.gradExpr(F, "x")).run(at).get("out"), "compiled, p = " + p);
    }
    // p = 0 sits on the switch, where finite differences in p cross it; p = 1 does not
    GradCheck.assertCorrect(F, Bindings.of("x", x).with("p", 1.0));
  }

  @Test
  void shouldRunOnlyTheBranchTaken() {
    Var a = new Var("a", Shape.of(2, 2));
    Expr safe = Cond.cond(P, m -> sum(solve(m.get(0), constant(Tensor.vector(1, 1)))), m -> sum(m.get(0)), a);
    Bindings singular = Bindings.of("a", Tensor.of(new double[] {1, 2, 2, 4}, 2, 2)).with("p", 0.0);
    assertEquals(9.0, AD.eval(safe, singular).item(), "the solve branch never ran");
    var e = assertThrows(IllegalArgumentException.class, () -> AD.eval(safe, singular.with("p", 1.0)));
    assertTrue(e.getMessage().contains("singular"), e.getMessage());
  }

  @Test
  void shouldPickByADataDependentPredicate() {
    Expr relu = Cond.cond(gt(sum(X), scalar(0.0)), a -> a.get(0), a -> a.get(0).times(0.0), X);
    Bindings up = Bindings.of("x", Tensor.vector(1, 2, -0.5));
    Bindings down = Bindings.of("x", Tensor.vector(-1, 0.2, -0.5));
    assertEquals(Tensor.vector(1, 2, -0.5), AD.eval(relu, up));
    assertEquals(Tensor.vector(1, 1, 1), AD.grad(sum(relu), up, "x"));
    assertEquals(Tensor.vector(0, 0, 0), AD.grad(sum(relu), down, "x"));
    Expr cubed = Cond.cond(gt(sum(X), scalar(0.0)), a -> sin(a.get(0)), a -> a.get(0).times(a.get(0)).times(a.get(0)), X);
    GradCheck.assertCorrect(cubed, up);
    GradCheck.assertCorrect(cubed, down);
  }

  @Test
  void shouldRejectBadPredicatesAndBranches() {
    var nan = assertThrows(IllegalArgumentException.class, () -> AD.eval(F, Bindings.of("x", Tensor.zeros(3))
        .with("p", Double.NaN)));
    assertTrue(nan.getMessage().contains("cond: the predicate is NaN"), nan.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Cond.cond(X, a -> a.get(0), a -> a.get(0), X));
    var shapes = assertThrows(IllegalArgumentException.class, () -> Cond.cond(P, a -> a.get(0), a -> sum(a.get(0)), X));
    assertTrue(shapes.getMessage().contains("they must agree"), shapes.getMessage());
    Var w = new Var("w", Shape.of(3));
    var outside = assertThrows(IllegalArgumentException.class, () -> Cond.cond(P, a -> a.get(0).times(w),
        a -> a.get(0), X));
    assertTrue(outside.getMessage().contains("reads variable w from outside"), outside.getMessage());
  }
}
