package dev.fluxion.nn.loss;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Class labels are checked on every evaluation, eager and compiled, not only when the loss is built. */
class LabelChecksTest {
  private final Var z = variable("z", 3, 2);
  private final Var y = variable("y", 3);
  private final Tensor logits = Tensor.matrix(new double[] {1, 0}, new double[] {0, 1}, new double[] {2, 2});

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  private Bindings at(double... labels) {
    return Bindings.of("z", logits).with("y", Tensor.vector(labels));
  }

  @Nested
  class VariableLabels {
    private void assertRejectedEverywhere(BiFunction<Expr, Expr, Expr> loss, String name) {
      Expr l = loss.apply(z, y);
      Plan plan = Plan.of(l);
      assertDoesNotThrow(() -> plan.run(at(0, 1, 1)), "labels in range pass");
      String expected = name + ": label 2 at index 2 is outside [0, 2) (2 classes)";
      assertEquals(expected, message(() -> AD.eval(l, at(0, 1, 2))), "eager");
      assertEquals(expected, message(() -> AD.grad(l, at(0, 1, 2), "z")), "eager gradient");
      assertEquals(expected, message(() -> plan.run(at(0, 1, 2))), "compiled, second batch");
      Plan gradPlan = Plan.valueAndGrad(l, java.util.List.of("z"));
      assertEquals(expected, message(() -> gradPlan.run(at(0, 1, 2))), "compiled gradient");
    }

    @Test
    void shouldCheckSoftmaxCrossEntropyLabelsOnEveryRun() {
      assertRejectedEverywhere(Losses::softmaxCrossEntropy, "softmaxCrossEntropy");
    }

    @Test
    void shouldCheckHingeLabelsOnEveryRun() {
      assertRejectedEverywhere((a, b) -> Losses.multiClassHinge(a, b, 1.0), "multiClassHinge");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
    void shouldRejectNegativeFractionalAndNonFiniteLabels(double bad) {
      Expr l = Losses.softmaxCrossEntropy(z, y);
      String m = message(() -> AD.eval(l, at(0, bad, 1)));
      assertTrue(m.startsWith("softmaxCrossEntropy: label " + Labels.format(bad) + " at index 1 "), m);
      assertTrue(m.endsWith("[0, 2) (2 classes)"), m);
    }

    @Test
    void shouldExplainASingleOutputUnitWithTwoLabels() {
      Var one = variable("o", 2, 1);
      Expr l = Losses.softmaxCrossEntropy(one, variable("t", 2));
      String m = message(() -> AD.eval(l, Bindings.of("o", Tensor.zeros(2, 1)).with("t", Tensor.vector(0, 1))));
      assertTrue(m.startsWith("softmaxCrossEntropy: label 1 at index 1 is outside [0, 1) (1 class; a single output"
          + " unit is one class"), m);
    }

    @Test
    void shouldLeaveTheLossOfValidLabelsUnchanged() {
      Expr variable = Losses.softmaxCrossEntropy(z, y);
      Expr constant = Losses.softmaxCrossEntropy(z, Tensor.vector(1, 0, 1));
      Bindings b = at(1, 0, 1);
      assertEquals(AD.eval(constant, b), AD.eval(variable, b));
      assertEquals(AD.grad(constant, b, "z"), AD.grad(variable, b, "z"));
    }
  }

  @Nested
  class VariableTargets {
    private final Var t = variable("t", 3, 2);

    private Bindings targets(double bad) {
      return Bindings.of("z", logits).with("t", Tensor.matrix(new double[] {1, 0}, new double[] {0, bad},
          new double[] {0.5, 0.5}));
    }

    @Test
    void shouldCheckBinaryTargetsOnEveryRun() {
      Plan plan = Plan.of(Losses.binaryCrossEntropyWithLogits(z, t));
      assertDoesNotThrow(() -> plan.run(targets(1)));
      assertEquals("binaryCrossEntropyWithLogits: targets entry 2.0 at index [1, 1] is outside [0, 1]",
          message(() -> plan.run(targets(2))));
    }

    @Test
    void shouldCheckOneHotTargetsOnEveryRun() {
      Expr l = Losses.softmaxCrossEntropyOneHot(z, t);
      assertEquals("softmaxCrossEntropyOneHot: oneHot entry NaN at index [1, 1] is outside [0, 1]",
          message(() -> AD.grad(l, targets(Double.NaN), "z")));
    }

    @Test
    void shouldDifferentiateThroughTheCheckAsTheIdentity() {
      Expr checked = Losses.binaryCrossEntropyWithLogits(z, t, Reduction.SUM);
      Bindings b = targets(0.25);
      Tensor expected = logits.times(-0.5); // d/dt of the per-example mean over 2 columns of -z t
      assertEquals(expected, AD.grad(checked, b, "t"));
    }
  }

  @Nested
  class ConstantLabels {
    @Test
    void shouldRejectWhenTheLossIsBuilt() {
      assertEquals("softmaxCrossEntropy: label -1 at index 0 is outside [0, 2) (2 classes)",
          message(() -> Losses.softmaxCrossEntropy(z, Tensor.vector(-1, 0, 0))));
      assertEquals("multiClassHinge: label NaN at index 1 is not a class index in [0, 2) (2 classes)",
          message(() -> Losses.multiClassHinge(z, Tensor.vector(0, Double.NaN, 0), 1.0)));
    }
  }

  @Nested
  class MetricLabels {
    @Test
    void shouldNameTheLabelIndexAndClassCountInAccuracyAndConfusionMatrix() {
      assertEquals("accuracy: label 0.5 at index 0 is not an integer class index in [0, 2) (2 classes)",
          message(() -> Metrics.accuracy(logits, Tensor.vector(0.5, 0, 0))));
      assertEquals("confusionMatrix: label NaN at index 2 is not a class index in [0, 2) (2 classes)",
          message(() -> Metrics.confusionMatrix(logits, Tensor.vector(0, 0, Double.NaN), 2)));
      assertEquals("confusionMatrix: label 2 at index 1 is outside [0, 2) (2 classes)",
          message(() -> Metrics.confusionMatrix(logits, Tensor.vector(0, 2, 0), 2)));
    }

    @Test
    void shouldRejectOneHotRowsThatNameNoClass() {
      Tensor bad = Tensor.matrix(new double[] {1, 0}, new double[] {0, 0}, new double[] {0, 1});
      assertEquals("accuracy: one-hot label row 1 is all zeros (no class among 2)",
          message(() -> Metrics.accuracy(logits, bad)));
      Tensor nan = Tensor.matrix(new double[] {1, 0}, new double[] {0, Double.NaN}, new double[] {0, 1});
      assertEquals("confusionMatrix: one-hot label NaN at row 1, column 1 is outside [0, 1] (2 classes)",
          message(() -> Metrics.confusionMatrix(logits, nan, 2)));
    }
  }
}
