package dev.fluxion.nn.loss;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.Domain;
import dev.fluxion.autodiff.check.Gen;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.Property;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Properties of every loss on seeded random batches: naive formulas, invariances, reductions, derivatives. */
class LossProperties {
  private static final long SEED = 20240611L;
  private static final int TRIES = 40;
  private static final int GRAD_TRIES = 20;
  private static final double DELTA = 0.8;
  private static final double MARGIN = 1.0;
  private static final double KINK_GAP = 1e-3;

  /**
   * A random batch: logits {@code [n, k]} with integer labels and soft labels (rows summing to 1),
   * and a regression problem {@code pred, target [n, d]} with binary-classification targets.
   */
  record Batch(Tensor logits, int[] labels, Tensor soft, Tensor pred, Tensor target, Tensor probs) {
    int n() {
      return logits.shape().dim(0);
    }

    int k() {
      return logits.shape().dim(1);
    }

    Tensor labelTensor() {
      return Tensor.of(Arrays.stream(labels).asDoubleStream().toArray(), labels.length);
    }

    /** The first {@code m} examples. */
    Batch head(int m) {
      return new Batch(rows(logits, m), Arrays.copyOf(labels, m), rows(soft, m), rows(pred, m), rows(target, m),
          rows(probs, m));
    }

    private static Tensor rows(Tensor t, int m) {
      return t.slice(new int[] {0, 0}, new int[] {m, t.shape().dim(1)}, new int[] {1, 1});
    }

    @Override
    public String toString() {
      return "logits " + logits + ", labels " + Arrays.toString(labels) + ", soft " + soft + ", pred " + pred
          + ", target " + target + ", probs " + probs;
    }
  }

  private static final Gen<Batch> BATCHES = Gen.of(LossProperties::batch,
      b -> b.n() > 1 ? Stream.of(b.head(1), b.head(b.n() - 1)) : Stream.empty());

  private static Batch batch(SplittableRandom rng) {
    int n = rng.nextInt(1, 6);
    int k = rng.nextInt(2, 6);
    int d = rng.nextInt(1, 4);
    Domain moderate = Domain.symmetric(4);
    int[] labels = rng.ints(n, 0, k).toArray();
    double[] soft = rng.doubles(n * k, 0, 1).toArray();
    for (int i = 0; i < n; i++) {
      double total = 0;
      for (int j = 0; j < k; j++) {
        total += soft[i * k + j];
      }
      for (int j = 0; j < k; j++) {
        soft[i * k + j] /= total;
      }
    }
    return new Batch(sample(moderate, rng, n, k), labels, Tensor.of(soft, n, k), sample(moderate, rng, n, d),
        sample(moderate, rng, n, d), Tensor.of(rng.doubles(n * d, 0, 1).toArray(), n, d));
  }

  private static Tensor sample(Domain domain, SplittableRandom rng, int... dims) {
    double[] v = new double[Shape.of(dims).size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = domain.sample(rng);
    }
    return Tensor.of(v, dims);
  }

  private static double[] perExample(Expr loss, Bindings at) {
    return AD.eval(loss, at).toArray();
  }

  private static Var z(Batch b) {
    return variable("z", b.logits().shape());
  }

  private static Bindings atLogits(Batch b) {
    return Bindings.of("z", b.logits());
  }

  private static Var x(Batch b) {
    return variable("x", b.pred().shape());
  }

  private static Bindings atPred(Batch b) {
    return Bindings.of("x", b.pred());
  }

  @Nested
  class NaiveFormulas {
    @Test
    void shouldAgreeWithNaiveSoftmaxCrossEntropy() {
      Property.forAll(BATCHES, SEED, TRIES, b -> {
        double[] l = perExample(Losses.softmaxCrossEntropy(z(b), b.labelTensor(), Reduction.NONE), atLogits(b));
        for (int i = 0; i < b.n(); i++) {
          double total = 0;
          for (int j = 0; j < b.k(); j++) {
            total += Math.exp(b.logits().get(i, j));
          }
          assertEquals(-Math.log(Math.exp(b.logits().get(i, b.labels()[i])) / total), l[i], 1e-12);
        }
      });
    }

    @Test
    void shouldAgreeWithNaiveBinaryCrossEntropy() {
      Property.forAll(BATCHES, SEED, TRIES, b -> {
        Expr loss = Losses.binaryCrossEntropyWithLogits(x(b), constant(b.probs()), Reduction.SUM);
        double expected = 0;
        double[] zs = b.pred().toArray();
        double[] ts = b.probs().toArray();
        int d = b.pred().shape().dim(1);
        for (int i = 0; i < zs.length; i++) {
          double s = 1 / (1 + Math.exp(-zs[i]));
          expected += (-ts[i] * Math.log(s) - (1 - ts[i]) * Math.log(1 - s)) / d;
        }
        assertEquals(expected, AD.eval(loss, atPred(b)).item(), 1e-12);
      });
    }

    @Test
    void shouldAgreeWithNaiveWestonWatkinsHinge() {
      Property.forAll(BATCHES, SEED, TRIES, b -> {
        double[] l = perExample(Losses.multiClassHinge(z(b), b.labelTensor(), MARGIN, Reduction.NONE), atLogits(b));
        for (int i = 0; i < b.n(); i++) {
          int y = b.labels()[i];
          double expected = 0;
          for (int j = 0; j < b.k(); j++) {
            expected += j == y ? 0 : Math.max(0, MARGIN + b.logits().get(i, j) - b.logits().get(i, y));
          }
          assertEquals(expected, l[i], 1e-12);
        }
      });
    }

    @Test
    void shouldRelateHuberToMseAndMae() {
      Property.forAll(BATCHES, SEED, TRIES, b -> {
        Expr t = constant(b.target());
        double mse = AD.eval(Losses.mse(x(b), t), atPred(b)).item();
        double mae = AD.eval(Losses.mae(x(b), t), atPred(b)).item();
        assertEquals(mse / 2, AD.eval(Losses.huber(x(b), t, 100), atPred(b)).item(), 1e-12, "large delta");
        double small = 1e-6;
        double huber = AD.eval(Losses.huber(x(b), t, small), atPred(b)).item();
        assertTrue(huber / small <= mae + 1e-9 && huber / small >= mae - small, "small delta: " + huber / small);
      });
    }
  }

  @Nested
  class Invariances {
    @Test
    void shouldIgnoreAShiftOfTheLogitsEvenBy1e4() {
      Property.forAll(BATCHES, SEED, TRIES, b -> {
        Bindings shifted = Bindings.of("z", b.logits().plus(1e4));
        for (Expr loss : List.of(Losses.softmaxCrossEntropy(z(b), b.labelTensor(), Reduction.NONE),
            Losses.softmaxCrossEntropyOneHot(z(b), constant(b.soft()), Reduction.NONE))) {
          assertTrue(AD.eval(loss, atLogits(b)).allClose(AD.eval(loss, shifted), 0, 1e-9));
        }
      });
    }

    @Test
    void shouldAgreeBetweenIndexAndOneHotLabels() {
      Property.forAll(BATCHES, SEED, TRIES, b -> {
        Expr byIndex = Losses.softmaxCrossEntropy(z(b), b.labelTensor());
        Expr byOneHot = Losses.softmaxCrossEntropyOneHot(z(b), constant(Tensor.oneHot(b.labels(), b.k())));
        assertEquals(AD.eval(byIndex, atLogits(b)).item(), AD.eval(byOneHot, atLogits(b)).item(), 1e-13);
      });
    }

    @Test
    void shouldHaveGradientSoftmaxMinusLabelsOverN() {
      Property.forAll(BATCHES, SEED, TRIES, b -> {
        Tensor probs = b.logits().softmax(1);
        Tensor g = AD.grad(Losses.softmaxCrossEntropy(z(b), b.labelTensor()), atLogits(b), "z");
        assertTrue(probs.minus(Tensor.oneHot(b.labels(), b.k())).div(b.n()).allClose(g, 0, 1e-14));
        Tensor gs = AD.grad(Losses.softmaxCrossEntropyOneHot(z(b), constant(b.soft())), atLogits(b), "z");
        assertTrue(probs.minus(b.soft()).div(b.n()).allClose(gs, 0, 1e-14));
      });
    }

    @Test
    void shouldReduceConsistently() {
      List<BiFunction<Batch, Reduction, Expr>> losses = List.of(
          (b, r) -> Losses.mse(x(b), constant(b.target()), r),
          (b, r) -> Losses.mae(x(b), constant(b.target()), r),
          (b, r) -> Losses.huber(x(b), constant(b.target()), DELTA, r),
          (b, r) -> Losses.binaryCrossEntropyWithLogits(x(b), constant(b.probs()), r),
          (b, r) -> Losses.softmaxCrossEntropy(z(b), b.labelTensor(), r),
          (b, r) -> Losses.softmaxCrossEntropyOneHot(z(b), constant(b.soft()), r),
          (b, r) -> Losses.multiClassHinge(z(b), b.labelTensor(), MARGIN, r));
      Property.forAll(BATCHES, SEED, TRIES, b -> {
        Bindings at = atPred(b).with("z", b.logits());
        for (var loss : losses) {
          Tensor none = AD.eval(loss.apply(b, Reduction.NONE), at);
          double sum = AD.eval(loss.apply(b, Reduction.SUM), at).item();
          double mean = AD.eval(loss.apply(b, Reduction.MEAN), at).item();
          assertEquals(Shape.of(b.n()), none.shape());
          assertEquals(none.sum().item(), sum, 1e-12);
          assertEquals(sum / b.n(), mean, 1e-12);
          assertTrue(Arrays.stream(none.toArray()).allMatch(v -> v >= 0), "losses are non-negative: " + none);
        }
      });
    }
  }

  @Nested
  class Derivatives {
    @Test
    void shouldVerifyClassificationLossesToSecondOrder() {
      Gen<Batch> awayFromKinks = BATCHES.filter(LossProperties::hingeAwayFromKinks);
      Property.forAll(awayFromKinks, SEED, GRAD_TRIES, b -> {
        GradCheck.assertCorrect(Losses.softmaxCrossEntropy(z(b), b.labelTensor()), atLogits(b));
        GradCheck.assertCorrect(Losses.softmaxCrossEntropyOneHot(z(b), constant(b.soft()), Reduction.NONE),
            atLogits(b));
        GradCheck.assertCorrect(Losses.multiClassHinge(z(b), b.labelTensor(), MARGIN, Reduction.SUM), atLogits(b));
        Var t = variable("t", b.probs().shape());
        GradCheck.assertCorrect(Losses.binaryCrossEntropyWithLogits(x(b), t), atPred(b).with("t", b.probs()));
      });
    }

    @Test
    void shouldVerifyRegressionLossesToSecondOrder() {
      Gen<Batch> awayFromKinks = BATCHES.filter(LossProperties::residualsAwayFromKinks);
      Property.forAll(awayFromKinks, SEED, GRAD_TRIES, b -> {
        Var t = variable("t", b.target().shape());
        Bindings at = atPred(b).with("t", b.target());
        GradCheck.assertCorrect(Losses.mse(x(b), t), at);
        GradCheck.assertCorrect(Losses.mae(x(b), t, Reduction.SUM), at);
        GradCheck.assertCorrect(Losses.huber(x(b), t, DELTA, Reduction.NONE), at);
      });
    }
  }

  /** True if no hinge term sits within {@link #KINK_GAP} of its kink. */
  static boolean hingeAwayFromKinks(Batch b) {
    for (int i = 0; i < b.n(); i++) {
      double sy = b.logits().get(i, b.labels()[i]);
      for (int j = 0; j < b.k(); j++) {
        if (j != b.labels()[i] && Math.abs(MARGIN + b.logits().get(i, j) - sy) < KINK_GAP) {
          return false;
        }
      }
    }
    return true;
  }

  /** True if every residual is away from 0 (mae) and from ±δ (huber). */
  static boolean residualsAwayFromKinks(Batch b) {
    double[] r = b.pred().minus(b.target()).toArray();
    return Arrays.stream(r).allMatch(v -> Math.abs(v) > KINK_GAP && Math.abs(Math.abs(v) - DELTA) > KINK_GAP);
  }
}
