package dev.fluxion.nn.loss;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LossesTest {
  private static final double TOL = 1e-12;
  private final Var p = variable("p", 2, 2);
  private final Tensor pred = Tensor.matrix(new double[] {1, 2}, new double[] {3, 4});
  private final Tensor target = Tensor.matrix(new double[] {0, 2}, new double[] {1, 1});
  private final Bindings at = Bindings.of("p", pred);

  private static double value(Expr e, Bindings b) {
    return AD.eval(e, b).item();
  }

  private static Tensor eval(Expr e, Bindings b) {
    return AD.eval(e, b);
  }

  private static void assertClose(Tensor expected, Tensor actual, double tol) {
    assertTrue(expected.allClose(actual, 0, tol), () -> "expected " + expected + " but was " + actual);
  }

  @Nested
  class Regression {
    @Test
    void shouldComputeMseWithEachReduction() {
      Expr t = constant(target);
      assertEquals(3.5, value(Losses.mse(p, t), at), TOL);
      assertEquals(7.0, value(Losses.mse(p, t, Reduction.SUM), at), TOL);
      assertEquals(Tensor.vector(0.5, 6.5), eval(Losses.mse(p, t, Reduction.NONE), at));
    }

    @Test
    void shouldComputeMae() {
      assertEquals(1.5, value(Losses.mae(p, constant(target)), at), TOL);
      assertEquals(Tensor.vector(0.5, 2.5), eval(Losses.mae(p, constant(target), Reduction.NONE), at));
    }

    @Test
    void shouldComputeHuberOnBothPieces() {
      // r = [[1, 0], [2, 3]], delta 1: [[0.5, 0], [1.5, 2.5]]
      assertEquals(Tensor.vector(0.25, 2.0), eval(Losses.huber(p, constant(target), 1.0, Reduction.NONE), at));
      assertEquals(1.125, value(Losses.huber(p, constant(target), 1.0), at), TOL);
    }

    @Test
    void shouldGiveHuberTheGradientDeltaSignRAtAndAroundDelta() {
      Var x = variable("x", 1);
      double delta = 1.5;
      Expr loss = Losses.huber(x, zeros(Shape.of(1)), delta);
      for (double r : new double[] {delta, -delta, delta - 1e-9, delta + 1e-9, -delta - 1e-9}) {
        Tensor g = AD.grad(loss, Bindings.of("x", Tensor.vector(r)), "x");
        assertEquals(Math.signum(r) * Math.min(Math.abs(r), delta), g.item(), 1e-8, "r = " + r);
      }
      assertEquals(0.5 * delta * delta, value(loss, Bindings.of("x", Tensor.vector(delta))), TOL);
    }

    @Test
    void shouldGiveHuberSecondDerivativeOneAtAZeroResidual() {
      Var x = variable("x", 1);
      Expr loss = Losses.huber(x, zeros(Shape.of(1)), 1.0);
      assertEquals(1.0, AD.hessian(loss, Bindings.of("x", Tensor.vector(0.0)), "x").item(), TOL);
      assertEquals(0.0, AD.hessian(loss, Bindings.of("x", Tensor.vector(3.0)), "x").item(), TOL);
    }

    @Test
    void shouldVerifyRegressionGradientsToSecondOrder() {
      Var t = variable("t", 2, 2);
      Bindings both = at.with("t", Tensor.matrix(new double[] {0.3, 2.6}, new double[] {1.1, 3.2}));
      GradCheck.assertCorrect(Losses.mse(p, t), both);
      GradCheck.assertCorrect(Losses.mae(p, t, Reduction.SUM), both);
      GradCheck.assertCorrect(Losses.huber(p, t, 1.0, Reduction.NONE), both);
    }
  }

  @Nested
  class BinaryCrossEntropy {
    private final Var z = variable("z", 1, 2);

    @Test
    void shouldMatchHandComputedValues() {
      Expr loss = Losses.binaryCrossEntropyWithLogits(z, constant(Tensor.matrix(new double[] {0, 1})));
      double expected = (Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(-0.5))) / 2;
      assertEquals(expected, value(loss, Bindings.of("z", Tensor.matrix(new double[] {-1, 0.5}))), TOL);
    }

    @Test
    void shouldHaveGradientSigmoidMinusTargetAtZero() {
      Var x = variable("x", 2);
      Expr loss = Losses.binaryCrossEntropyWithLogits(x, constant(Tensor.vector(1.0, 0.3)), Reduction.SUM);
      Tensor g = AD.grad(loss, Bindings.of("x", Tensor.vector(0.0, 0.0)), "x");
      assertClose(Tensor.vector(-0.5, 0.2), g, TOL);
      GradCheck.assertCorrect(loss, Bindings.of("x", Tensor.vector(0.0, 0.0)));
    }

    @Test
    void shouldStayFiniteAndAccurateAtLargeLogits() {
      Var x = variable("x", 4);
      Expr loss = Losses.binaryCrossEntropyWithLogits(x, constant(Tensor.vector(1, 1, 0, 1)), Reduction.NONE);
      Bindings b = Bindings.of("x", Tensor.vector(1e4, -1e4, 1e4, 40));
      Tensor l = eval(loss, b);
      assertEquals(0.0, l.get(0));
      assertEquals(1e4, l.get(1));
      assertEquals(1e4, l.get(2));
      assertEquals(Math.log1p(Math.exp(-40)), l.get(3), 1e-30);
      assertClose(Tensor.vector(0, -1, 1, 0), AD.grad(sum(loss), b, "x"), 1e-15);
    }

    @Test
    void shouldVerifyGradientsToSecondOrder() {
      Var t = variable("t", 1, 2);
      GradCheck.assertCorrect(Losses.binaryCrossEntropyWithLogits(z, t),
          Bindings.of("z", Tensor.matrix(new double[] {-1.3, 0.7})).with("t", Tensor.matrix(new double[] {0.2, 0.9})));
    }
  }

  @Nested
  class SoftmaxCrossEntropy {
    private final Var z = variable("z", 1, 3);

    @Test
    void shouldMatchHandComputedValues() {
      Bindings b = Bindings.of("z", Tensor.matrix(new double[] {1, 2, 3}));
      double lse = 3 + Math.log(1 + Math.exp(-1) + Math.exp(-2));
      assertEquals(lse - 3, value(Losses.softmaxCrossEntropy(z, Tensor.vector(2)), b), TOL);
      assertEquals(lse - 1, value(Losses.softmaxCrossEntropy(z, Tensor.vector(0)), b), TOL);
    }

    @Test
    void shouldBeExactAtLogitsOfMagnitude1e4() {
      Bindings b = Bindings.of("z", Tensor.matrix(new double[] {1e4, 0, -1e4}));
      Expr first = Losses.softmaxCrossEntropy(z, Tensor.vector(0));
      Expr last = Losses.softmaxCrossEntropy(z, Tensor.vector(2));
      assertEquals(0.0, value(first, b));
      assertEquals(2e4, value(last, b));
      assertEquals(Tensor.matrix(new double[] {0, 0, 0}), AD.grad(first, b, "z"));
      assertEquals(Tensor.matrix(new double[] {1, 0, -1}), AD.grad(last, b, "z"));
      Expr oneHot = Losses.softmaxCrossEntropyOneHot(z, constant(Tensor.matrix(new double[] {0, 0, 1})));
      assertEquals(2e4, value(oneHot, b));
      assertEquals(Tensor.matrix(new double[] {1, 0, -1}), AD.grad(oneHot, b, "z"));
    }

    @Test
    void shouldHaveGradientSoftmaxMinusLabels() {
      Tensor logits = Tensor.matrix(new double[] {0.5, -1, 2}, new double[] {1, 1, 0});
      Tensor soft = Tensor.matrix(new double[] {0.25, 0.25, 0.5}, new double[] {0, 0.9, 0.1});
      Var x = variable("x", 2, 3);
      Expr loss = Losses.softmaxCrossEntropyOneHot(x, constant(soft), Reduction.SUM);
      assertClose(logits.softmax(1).minus(soft), AD.grad(loss, Bindings.of("x", logits), "x"), 1e-15);
    }

    @Test
    void shouldTakeVariableLabelsWithoutDifferentiatingThem() {
      Var x = variable("x", 2, 3);
      Var y = variable("y", 2);
      Bindings b = Bindings.of("x", Tensor.matrix(new double[] {0.5, -1, 2}, new double[] {1, 1, 0})).with("y",
          Tensor.vector(2, 0));
      Expr traced = Losses.softmaxCrossEntropy(x, y);
      Expr fixed = Losses.softmaxCrossEntropy(x, Tensor.vector(2, 0));
      assertEquals(value(fixed, b), value(traced, b), TOL);
      assertEquals(AD.grad(fixed, b, "x"), AD.grad(traced, b, "x"));
      assertEquals(Tensor.zeros(2), AD.grad(traced, b, "y"));
    }

    @Test
    void shouldIgnoreAMaskedClassWithZeroWeight() {
      Var x = variable("x", 1, 3);
      Bindings b = Bindings.of("x", Tensor.matrix(new double[] {1, 2, Double.NEGATIVE_INFINITY}));
      Expr loss = Losses.softmaxCrossEntropyOneHot(x, constant(Tensor.matrix(new double[] {0, 1, 0})));
      assertEquals(Math.log1p(Math.exp(-1)), value(loss, b), TOL);
      Tensor g = AD.grad(loss, b, "x");
      assertTrue(g.allFinite(), g::toString);
      assertEquals(0.0, g.get(0, 2));
    }

    @Test
    void shouldVerifyGradientsToSecondOrder() {
      Var x = variable("x", 3, 4);
      Bindings b = Bindings.of("x", Tensor.normal(dev.fluxion.autodiff.tensor.Key.of(7), Shape.of(3, 4), 0, 2));
      GradCheck.assertCorrect(Losses.softmaxCrossEntropy(x, Tensor.vector(3, 0, 1)), b);
      Tensor soft = Tensor.matrix(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {1, 0, 0, 0}, new double[] {0, 0.5,
          0.5, 0});
      GradCheck.assertCorrect(Losses.softmaxCrossEntropyOneHot(x, constant(soft), Reduction.NONE), b);
    }
  }

  @Nested
  class Hinge {
    /** The three examples of CS231n's linear-classification notes: losses 2.9, 0 and 12.9. */
    private final Tensor scores = Tensor.matrix(new double[] {3.2, 5.1, -1.7}, new double[] {1.3, 4.9, 2.0},
        new double[] {2.2, 2.5, -3.1});
    private final Tensor labels = Tensor.vector(0, 1, 2);
    private final Var s = variable("s", 3, 3);
    private final Bindings b = Bindings.of("s", scores);

    @Test
    void shouldMatchTheCs231nExample() {
      Expr perExample = Losses.multiClassHinge(s, constant(labels), 1.0, Reduction.NONE);
      assertClose(Tensor.vector(2.9, 0, 12.9), eval(perExample, b), 1e-12);
      assertEquals(15.8 / 3, value(Losses.multiClassHinge(s, labels, 1.0), b), 1e-12);
    }

    @Test
    void shouldCountEachViolatedMarginInTheGradient() {
      Tensor g = AD.grad(Losses.multiClassHinge(s, labels, 1.0, Reduction.SUM), b, "s");
      assertEquals(Tensor.matrix(new double[] {-1, 1, 0}, new double[] {0, 0, 0}, new double[] {1, 1, -2}), g);
    }

    @Test
    void shouldVerifyGradientsToSecondOrder() {
      GradCheck.assertCorrect(Losses.multiClassHinge(s, labels, 1.0), b);
      GradCheck.assertCorrect(Losses.multiClassHinge(s, labels, 0.5, Reduction.NONE), b);
    }
  }

  @Nested
  class Errors {
    private final Var logits = variable("logits", 32, 10);

    private static String message(Runnable r) {
      return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void shouldNameLossAndShapesOnABatchMismatch() {
      assertEquals("softmaxCrossEntropy: logits [32, 10] and labels [31] differ in batch size",
          message(() -> Losses.softmaxCrossEntropy(logits, Tensor.zeros(31))));
      assertEquals("multiClassHinge: logits [32, 10] and labels [31] differ in batch size",
          message(() -> Losses.multiClassHinge(logits, variable("y", 31), 1.0)));
    }

    @Test
    void shouldRejectShapesThatWouldBroadcast() {
      assertEquals("mse: pred [32, 1] and target [32] differ in shape",
          message(() -> Losses.mse(variable("p", 32, 1), variable("t", 32))));
      assertEquals("softmaxCrossEntropyOneHot: logits [32, 10] and oneHot [32, 9] differ in shape",
          message(() -> Losses.softmaxCrossEntropyOneHot(logits, variable("t", 32, 9))));
      assertEquals("huber: pred has shape [] but needs a batch axis (rank >= 1)",
          message(() -> Losses.huber(variable("p"), variable("t"), 1.0)));
    }

    @Test
    void shouldRejectBadLabels() {
      double[] d = new double[32];
      d[3] = 10;
      assertEquals("softmaxCrossEntropy: label 10 at index 3 is outside [0, 10) (10 classes)",
          message(() -> Losses.softmaxCrossEntropy(logits, Tensor.of(d, 32))));
      d[3] = 1.5;
      assertEquals("multiClassHinge: label 1.5 at index 3 is not an integer class index in [0, 10) (10 classes)",
          message(() -> Losses.multiClassHinge(logits, Tensor.of(d, 32), 1.0)));
      assertTrue(message(() -> Losses.softmaxCrossEntropy(logits, variable("y", 32, 10))).contains("one-hot variant"));
      assertEquals("softmaxCrossEntropy: logits must have shape [n, k] with k >= 1, got [32]",
          message(() -> Losses.softmaxCrossEntropy(variable("z", 32), Tensor.zeros(32))));
    }

    @Test
    void shouldRejectTargetsOutsideZeroOne() {
      assertEquals("binaryCrossEntropyWithLogits: targets entry 2.0 at index [1] is outside [0, 1]",
          message(() -> Losses.binaryCrossEntropyWithLogits(variable("z", 2), constant(Tensor.vector(1, 2)))));
    }

    @Test
    void shouldRejectNonFiniteHyperparameters() {
      Var x = variable("x", 3);
      assertEquals("huber: delta must be finite and > 0, got NaN", message(() -> Losses.huber(x, x, Double.NaN)));
      assertEquals("huber: delta must be finite and > 0, got 0.0", message(() -> Losses.huber(x, x, 0)));
      assertEquals("multiClassHinge: margin must be finite and >= 0, got Infinity",
          message(() -> Losses.multiClassHinge(logits, Tensor.zeros(32), Double.POSITIVE_INFINITY)));
      assertEquals("reduction is null", message(() -> Losses.mse(x, x, null)));
    }
  }
}
