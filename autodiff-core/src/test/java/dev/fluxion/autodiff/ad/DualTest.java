package dev.fluxion.autodiff.ad;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link Dual}: the survey example, every method against the op it names, nesting and perturbation tags. */
class DualTest {
  private static final Shape S = Shape.of(2, 3);
  private static final Tensor A = Tensor.uniform(Key.of(1), S, 0.5, 2);
  private static final Tensor B = Tensor.uniform(Key.of(2), S, 0.5, 2);
  private static final Tensor DA = Tensor.uniform(Key.of(3), S, -1, 1);
  private static final Tensor DB = Tensor.uniform(Key.of(4), S, -1, 1);

  private static void assertSameBits(Tensor expected, Tensor actual) {
    assertEquals(expected.shape(), actual.shape());
    assertTrue(Arrays.equals(expected.toArray(), actual.toArray()),
        () -> "expected " + expected + " but was " + actual);
  }

  /** {@code d} has the primal and tangent {@code AD.jvp} gives for {@code f} at (A, B) along (DA, DB). */
  private static void assertLikeJvp(Expr f, Dual d) {
    boolean binary = Exprs.variables(f).containsKey("b");
    Jvp j = AD.jvp(f, Bindings.of("a", A).with("b", B), binary ? Bindings.of("a", DA).with("b", DB) : Bindings.of("a", DA));
    assertSameBits(j.value(), d.primal());
    assertSameBits(j.tangent(), d.tangent());
  }

  @Nested
  class SurveyExample {
    @Test
    void shouldGiveTheTangentAlongX1() {
      Dual x1 = Dual.variable(2.0);
      Dual x2 = Dual.constant(5.0);
      Dual f = x1.log().plus(x1.times(x2)).minus(x2.sin());
      assertEquals(Math.log(2) + 10 - Math.sin(5), f.primal().item(), 1e-12);
      assertEquals(5.5, f.tangent().item(), 0.0);
      Expr e = log(variable("x1")).plus(variable("x1").times(variable("x2"))).minus(sin(variable("x2")));
      Jvp j = AD.jvp(e, Bindings.of("x1", 2.0).with("x2", 5.0), Bindings.of("x1", 1.0));
      assertSameBits(j.value(), f.primal());
      assertSameBits(j.tangent(), f.tangent());
    }

    @Test
    void shouldGiveTheTangentAlongX2() {
      Dual f = Dual.eval(log(variable("x1")).plus(variable("x1").times(variable("x2"))).minus(sin(variable("x2"))),
          Map.of("x1", Dual.constant(2.0), "x2", Dual.variable(5.0)));
      assertEquals(2 - Math.cos(5), f.tangent().item(), 1e-15);
    }
  }

  @Nested
  class EveryMethod {
    private final Dual a = Dual.of(A, DA);
    private final Dual b = Dual.of(B, DB);
    private final Expr ea = variable("a", S);
    private final Expr eb = variable("b", S);

    @Test
    void shouldComputeWhatTheUnaryOpComputesInForwardMode() {
      List<UnaryOperator<Dual>> duals = List.of(Dual::unaryMinus, Dual::exp, Dual::log, Dual::sqrt, Dual::abs,
          Dual::sin, Dual::cos, Dual::tan, Dual::tanh, Dual::sigmoid, Dual::relu, d -> d.leakyRelu(0.1),
          Dual::softplus, Dual::step, Dual::sign, Dual::square, Dual::reciprocal, Dual::sum, Dual::mean,
          d -> d.sum(new int[] {1}, true), d -> d.pow(2.5), d -> d.plus(1.5), d -> d.minus(1.5), d -> d.times(1.5),
          d -> d.div(1.5));
      List<UnaryOperator<Expr>> exprs = List.of(Expr::unaryMinus, Expr::exp, Expr::log, x -> sqrt(x), x -> abs(x),
          x -> sin(x), x -> cos(x), x -> tan(x), x -> tanh(x), x -> sigmoid(x), x -> relu(x), x -> leakyRelu(x, 0.1),
          x -> softplus(x), x -> step(x), x -> sign(x), x -> square(x), x -> reciprocal(x), Expr::sum, Expr::mean,
          x -> sum(x, new int[] {1}, true), x -> x.pow(2.5), x -> x.plus(1.5), x -> x.minus(1.5), x -> x.times(1.5),
          x -> x.div(1.5));
      for (int k = 0; k < duals.size(); k++) {
        assertLikeJvp(exprs.get(k).apply(ea), duals.get(k).apply(a));
      }
    }

    @Test
    void shouldComputeWhatTheBinaryOpComputesInForwardMode() {
      List<BinaryOperator<Dual>> duals = List.of(Dual::plus, Dual::minus, Dual::times, Dual::div, Dual::pow,
          Dual::maximum, Dual::minimum);
      List<BinaryOperator<Expr>> exprs = List.of(Expr::plus, Expr::minus, Expr::times, Expr::div, Expr::pow,
          (x, y) -> maximum(x, y), (x, y) -> minimum(x, y));
      for (int k = 0; k < duals.size(); k++) {
        assertLikeJvp(exprs.get(k).apply(ea, eb), duals.get(k).apply(a, b));
      }
    }

    @Test
    void shouldMultiplyMatricesAndBroadcast() {
      Dual bt = Dual.of(B.transpose(), DB.transpose());
      Dual ab = a.matmul(bt);
      assertEquals(Shape.of(2, 2), ab.shape());
      Tensor expected = DA.matmul(B.transpose()).plus(A.matmul(DB.transpose()));
      assertArrayEquals(expected.toArray(), ab.tangent().toArray(), 1e-14);
      Dual row = Dual.of(Tensor.of(new double[] {1, 2, 3}, 3), Tensor.of(new double[] {1, 0, 0}, 3));
      Dual sum = a.plus(row);
      assertEquals(S, sum.shape());
      assertSameBits(DA.plus(Tensor.of(new double[] {1, 0, 0, 1, 0, 0}, 2, 3)), sum.tangent());
    }

    @Test
    void shouldTreatConstantOperandsAsZeroTangent() {
      Dual c = Dual.constant(B);
      assertSameBits(DA.times(B), a.times(c).tangent());
      assertSameBits(Tensor.zeros(S), c.sin().tangent());
      assertTrue(c.sin().isConstant());
    }
  }

  @Nested
  class Factories {
    @Test
    void shouldSeedTangentsOfOnesZerosOrADirection() {
      assertSameBits(Tensor.ones(S), Dual.variable(A).tangent());
      assertSameBits(DA, Dual.variable(A, DA).tangent());
      assertSameBits(Tensor.zeros(S), Dual.constant(A).tangent());
      assertSameBits(A, Dual.constant(A).primal());
      assertFalse(Dual.variable(A).isConstant());
    }

    @Test
    void shouldCompareByPerturbationAndBits() {
      assertEquals(Dual.of(A, DA), Dual.of(A, DA));
      assertEquals(Dual.of(A, DA).hashCode(), Dual.of(A, DA).hashCode());
      assertNotEquals(Dual.of(A, DA), Dual.of(A, DB));
      assertNotEquals(Dual.of(A, Tensor.zeros(S)), Dual.constant(A));
      assertEquals(Dual.constant(A), Dual.constant(A));
      Dual inner = Dual.variable(1.0);
      assertNotEquals(Dual.of(inner, inner), Dual.of(inner, inner), "each nesting has its own ε");
    }

    @Test
    void shouldRejectATangentOfAnotherShape() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dual.of(A, Tensor.zeros(3)));
      assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2, 3]"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Dual.of(Dual.variable(A), Dual.constant(1.0)));
    }

    @Test
    void shouldRejectUnboundAndMisshapenVariablesInEval() {
      Expr f = sin(variable("x", S));
      IllegalArgumentException unbound = assertThrows(IllegalArgumentException.class, () -> Dual.eval(f, Map.of()));
      assertTrue(unbound.getMessage().contains("x"), unbound.getMessage());
      IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
          () -> Dual.eval(f, Map.of("x", Dual.variable(1.0))));
      assertTrue(shape.getMessage().contains("[2, 3]"), shape.getMessage());
    }

    @Test
    void shouldRejectNullArguments() {
      assertThrows(IllegalArgumentException.class, () -> Dual.variable((Tensor) nullValue()));
      assertThrows(IllegalArgumentException.class, () -> Dual.variable(1.0).plus((Dual) nullValue()));
    }

    private static <T> T nullValue() {
      return null;
    }
  }

  @Nested
  class SecondDerivatives {
    private static final double X = 0.7;

    /** f''(X) by nesting duals both ways, against AD.hessian and the symbolic second derivative. */
    private static double assertSecondDerivative(UnaryOperator<Dual> f, UnaryOperator<Expr> e) {
      Expr fx = e.apply(variable("x"));
      Bindings at = Bindings.of("x", X);
      double byHessian = AD.hessian(fx, at, "x").item();
      double symbolic = AD.eval(AD.gradExpr(AD.gradExpr(fx, "x"), "x"), at).item();
      double tolerance = 1e-12 * Math.max(1, Math.abs(byHessian));
      assertEquals(symbolic, byHessian, tolerance);
      double nested = Dual.derivative(Dual.derivative(f)).apply(Dual.constant(X)).primal().item();
      assertEquals(byHessian, nested, tolerance);
      Dual tower = f.apply(Dual.of(Dual.variable(X), Dual.constant(1.0)));
      assertEquals(byHessian, tower.tangentPart().tangent().item(), tolerance);
      double slope = AD.grad(fx, at, "x").item();
      assertEquals(slope, tower.tangent().item(), 1e-12 * Math.max(1, Math.abs(slope)));
      assertEquals(tower.primalPart().tangent().item(), tower.tangent().item(), 0.0);
      return nested;
    }

    @Test
    void shouldDifferentiateSineTwice() {
      assertEquals(-Math.sin(X), assertSecondDerivative(Dual::sin, x -> sin(x)), 1e-15);
    }

    @Test
    void shouldDifferentiateExpTimesSquareTwice() {
      double nested = assertSecondDerivative(x -> x.exp().times(x.square()), x -> exp(x).times(square(x)));
      assertEquals(Math.exp(X) * (X * X + 4 * X + 2), nested, 1e-12);
    }

    @Test
    void shouldDifferentiateACompositeTwice() {
      assertSecondDerivative(x -> x.tanh().times(x.square().plus(1.0).log()).div(x.sigmoid()),
          x -> tanh(x).times(log(square(x).plus(1.0))).div(sigmoid(x)));
    }

    @Test
    void shouldDifferentiateThreeTimes() {
      UnaryOperator<Dual> third = Dual.derivative(Dual.derivative(Dual.derivative(Dual::sin)));
      assertEquals(-Math.cos(X), third.apply(Dual.constant(X)).primal().item(), 1e-15);
    }

    @Test
    void shouldGiveAHessianVectorProductByNestingDirections() {
      Expr x = variable("x", 3);
      Expr f = sum(sin(x).times(x).times(x));
      Tensor at = Tensor.of(new double[] {0.3, -1.1, 2.0}, 3);
      Tensor u = Tensor.of(new double[] {1, 2, -1}, 3);
      Tensor v = Tensor.of(new double[] {0.5, 0, 3}, 3);
      Tensor h = AD.hessian(f, Bindings.of("x", at), "x");
      double expected = Tensor.of(v.toArray(), 1, 3).matmul(h).matmul(Tensor.of(u.toArray(), 3, 1)).item();
      UnaryOperator<Dual> fd = d -> Dual.eval(f, Map.of("x", d));
      Dual vHu = Dual.directional(p -> Dual.directional(fd, p, Dual.constant(u)), Dual.constant(at), Dual.constant(v));
      assertEquals(expected, vHu.primal().item(), 1e-12);
    }
  }

  @Nested
  class PerturbationConfusion {
    @Test
    void shouldGiveOneForTheSiskindPearlmutterExample() {
      // d/dx [ x · (d/dy (x + y)) ] = 1; a confused implementation gives 2
      UnaryOperator<Dual> outer = x -> x.times(Dual.derivative(y -> x.plus(y)).apply(Dual.constant(1.0)));
      for (double x0 : new double[] {-2, 0, 0.5, 3}) {
        assertEquals(1.0, Dual.derivative(outer).apply(Dual.constant(x0)).primal().item(), 0.0);
      }
    }

    @Test
    void shouldConfuseTwoPerturbationsThatShareOneEpsilon() {
      // the hazard the tags prevent: both inputs on the one ε of Dual.of, so the inner slope sees x's tangent too
      Dual x = Dual.variable(3.0);
      Dual innerSlope = Dual.constant(x.plus(Dual.variable(1.0)).tangent());
      assertEquals(2.0, innerSlope.primal().item(), 0.0);
    }

    @Test
    void shouldExtractAPerturbationThatEscapedInsideANewerOne() {
      // f returns a dual with a newer tag than the derivative's own: its coefficient is taken part by part
      Dual d = Dual.derivative(x -> Dual.of(x.times(x), x)).apply(Dual.constant(3.0));
      assertEquals(6.0, d.primal().item(), 0.0);
      assertEquals(1.0, d.tangent().item(), 0.0);
    }
  }
}
