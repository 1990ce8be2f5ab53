package dev.fluxion.nn.optim;

import static dev.fluxion.nn.optim.Fixtures.GRADS;
import static dev.fluxion.nn.optim.Fixtures.assertParams;
import static dev.fluxion.nn.optim.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.nn.optim.Fixtures.Params;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The first steps of every optimizer from theta0 = (w = [1, -2], b = 0.5) with the gradients
 * g1 = ([0.5, -1], 2), g2 = ([1.5, 0.5], -3), g3 = ([-0.5, 0], 1), against the published update
 * equations worked out by hand (components listed as [w0, w1, b]).
 */
class OptimizersTest {
  private static final double TOL = 1e-12;

  @Nested
  class Sgd {
    @Test
    void shouldStepAgainstTheGradient() {
      // p = p - lr g, lr = 0.1
      List<Params> p = run(Optimizers.sgd(0.1), GRADS);
      // [1 - 0.05, -2 + 0.1, 0.5 - 0.2]
      assertParams(p.get(0), 0.95, -1.9, 0.3, TOL);
      // [0.95 - 0.15, -1.9 - 0.05, 0.3 + 0.3]
      assertParams(p.get(1), 0.8, -1.95, 0.6, TOL);
      // [0.8 + 0.05, -1.95 - 0, 0.6 - 0.1]
      assertParams(p.get(2), 0.85, -1.95, 0.5, TOL);
    }

    @Test
    void shouldFollowAScheduleFromStepZero() {
      // lr(t) = 0.1 / (1 + t): 0.1, 0.05, 0.0333...
      List<Params> p = run(Optimizers.sgd(step -> 0.1 / (1 + step), 0, false), GRADS);
      assertParams(p.get(0), 0.95, -1.9, 0.3, TOL);
      // [0.95 - 0.05 * 1.5, -1.9 - 0.05 * 0.5, 0.3 + 0.05 * 3]
      assertParams(p.get(1), 0.875, -1.925, 0.45, TOL);
      // [0.875 + 0.5 / 30, -1.925, 0.45 - 1 / 30]
      assertParams(p.get(2), 0.875 + 0.5 / 30, -1.925, 0.45 - 1.0 / 30, TOL);
    }

    @Test
    void shouldAccumulateMomentumAsPyTorch() {
      // PyTorch SGD (dampening 0): b1 = g1, b = mu b + g; p = p - lr b; mu = 0.9, lr = 0.1
      List<Params> p = run(Optimizers.sgd(0.1, 0.9, false), GRADS);
      // b1 = [0.5, -1, 2]; p1 = [1 - 0.05, -2 + 0.1, 0.5 - 0.2]
      assertParams(p.get(0), 0.95, -1.9, 0.3, TOL);
      // b2 = 0.9 b1 + g2 = [0.45 + 1.5, -0.9 + 0.5, 1.8 - 3] = [1.95, -0.4, -1.2]
      // p2 = [0.95 - 0.195, -1.9 + 0.04, 0.3 + 0.12]
      assertParams(p.get(1), 0.755, -1.86, 0.42, TOL);
      // b3 = 0.9 b2 + g3 = [1.755 - 0.5, -0.36 + 0, -1.08 + 1] = [1.255, -0.36, -0.08]
      // p3 = [0.755 - 0.1255, -1.86 + 0.036, 0.42 + 0.008]
      assertParams(p.get(2), 0.6295, -1.824, 0.428, TOL);
    }

    @Test
    void shouldLookAheadWithNesterov() {
      // PyTorch Nesterov: b as above, d = g + mu b; p = p - lr d
      List<Params> p = run(Optimizers.sgd(0.1, 0.9, true), GRADS);
      // d1 = g1 + 0.9 g1 = [0.95, -1.9, 3.8]; p1 = [1 - 0.095, -2 + 0.19, 0.5 - 0.38]
      assertParams(p.get(0), 0.905, -1.81, 0.12, TOL);
      // d2 = g2 + 0.9 b2 = [1.5 + 1.755, 0.5 - 0.36, -3 - 1.08] = [3.255, 0.14, -4.08]
      // p2 = [0.905 - 0.3255, -1.81 - 0.014, 0.12 + 0.408]
      assertParams(p.get(1), 0.5795, -1.824, 0.528, TOL);
      // d3 = g3 + 0.9 b3 = [-0.5 + 1.1295, 0 - 0.324, 1 - 0.072] = [0.6295, -0.324, 0.928]
      // p3 = [0.5795 - 0.06295, -1.824 + 0.0324, 0.528 - 0.0928]
      assertParams(p.get(2), 0.51655, -1.7916, 0.4352, TOL);
    }
  }

  @Nested
  class Adam {
    @Test
    void shouldMatchKingmaAndBaAlgorithmOne() {
      // m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; mHat = m / (1-b1^t); vHat = v / (1-b2^t);
      // p = p - lr mHat / (sqrt(vHat) + eps); lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8
      List<Params> p = run(Optimizers.adam(0.1, 0.9, 0.999, 1e-8), GRADS);
      // t=1: m = 0.1 g1, v = 0.001 g1^2, so mHat = g1, vHat = g1^2 and the step is lr g / (|g| + eps):
      // p1 = [1 - 0.1 * 0.5/0.50000001, -2 + 0.1 * 1/1.00000001, 0.5 - 0.1 * 2/2.00000001]
      assertParams(p.get(0), 0.900000002, -1.900000001, 0.4000000005, 1e-11);
      // t=2: m = 0.9 m + 0.1 g2 = [0.045 + 0.15, -0.09 + 0.05, 0.18 - 0.3] = [0.195, -0.04, -0.12]
      //      v = 0.999 v + 0.001 g2^2 = [0.00024975 + 0.00225, 0.000999 + 0.00025, 0.003996 + 0.009]
      //        = [0.00249975, 0.001249, 0.012996]
      //      1 - 0.9^2 = 0.19, 1 - 0.999^2 = 0.001999
      //      mHat = [1.026315789474, -0.210526315789, -0.631578947368]
      //      vHat = [1.250500250125, 0.624812406203, 6.501250625313]
      //      step = mHat / (sqrt(vHat) + eps) = [0.917781110773, -0.266337036291, -0.247701815163]
      // p2 = p1 - 0.1 step
      assertParams(p.get(1), 0.808221890923, -1.873366297371, 0.424770182016, 1e-11);
      // t=3: m = [0.1755 - 0.05, -0.036 + 0, -0.108 + 0.1] = [0.1255, -0.036, -0.008]
      //      v = [0.00249725025 + 0.00025, 0.001247751 + 0, 0.012983004 + 0.001]
      //      1 - 0.9^3 = 0.271, 1 - 0.999^3 = 0.002997001
      //      step = [0.483691843063, -0.205879300395, -0.013666707422]
      assertParams(p.get(2), 0.759852706616, -1.852778367331, 0.426136852758, 1e-11);
    }
  }

  @Nested
  class AdamW {
    @Test
    void shouldDecayTheWeightsOutsideTheAdaptiveStep() {
      // Loshchilov and Hutter: p = p - lr (adamStep + wd p), the Adam step as above; lr = 0.1, wd = 0.1
      List<Params> p = run(Optimizers.adamw(0.1, 0.9, 0.999, 1e-8, 0.1), GRADS);
      // p1 = [1 - 0.1 (0.99999998 + 0.1), -2 - 0.1 (-0.99999999 - 0.2), 0.5 - 0.1 (0.999999995 + 0.05)]
      assertParams(p.get(0), 0.890000002, -1.880000001, 0.3950000005, 1e-11);
      // p2 = p1 - 0.1 ([0.917781110773, -0.266337036291, -0.247701815163] + 0.1 p1)
      assertParams(p.get(1), 0.789321890903, -1.834566297361, 0.415820182011, 1e-11);
      // p3 = p2 - 0.1 ([0.483691843063, -0.205879300395, -0.013666707422] + 0.1 p2)
      assertParams(p.get(2), 0.733059487687, -1.795632704348, 0.413028650933, 1e-11);
    }

    @Test
    void shouldDifferFromCoupledL2() {
      // Coupled: the decay term passes through Adam's normalization, so at t=1 the step is
      // (g + wd p) / |g + wd p| = sign(g + wd p) and the decay has no separate effect.
      var coupled = Transformations.chain(Transformations.addDecayedWeights(0.1),
          Transformations.scaleByAdam(0.9, 0.999, 1e-8), Transformations.scaleByLearningRate(0.1));
      // g1 + 0.1 p0 = [0.6, -1.2, 2.05]: p1 = p0 - 0.1 sign = [0.9, -1.9, 0.4] (up to eps)
      assertParams(run(coupled, GRADS).get(0), 0.9, -1.9, 0.4, 1e-8);
    }
  }

  @Nested
  class RmsProp {
    @Test
    void shouldNormalizeByTheRootMeanSquare() {
      // PyTorch: v = a v + (1-a) g^2; p = p - lr g / (sqrt(v) + eps); a = 0.9, lr = 0.01, eps = 1e-8
      List<Params> p = run(Optimizers.rmsprop(0.01, 0.9, 1e-8, 0, false), GRADS);
      // v1 = 0.1 g1^2 = [0.025, 0.1, 0.4]; g / sqrt(v) = sign(g) / sqrt(0.1) = +-3.16227766
      // p1 = [1 - 0.0316227746, -2 + 0.0316227756, 0.5 - 0.0316227761]
      assertParams(p.get(0), 0.968377225398, -1.968377224398, 0.468377223898, 1e-11);
      // v2 = [0.0225 + 0.225, 0.09 + 0.025, 0.36 + 0.9] = [0.2475, 0.115, 1.26]
      // g2 / (sqrt(v2) + eps) = [1.5 / 0.497493729, 0.5 / 0.339116509, -3 / 1.122497226]
      //                       = [3.015113385, 1.474419518, -2.672612395]
      assertParams(p.get(1), 0.938226091547, -1.983121419579, 0.495103347851, 1e-11);
      // v3 = [0.22275 + 0.025, 0.1035 + 0, 1.134 + 0.1] = [0.24775, 0.1035, 1.234]
      // g3 / (sqrt(v3) + eps) = [-1.004530584, 0, 0.900207063]
      assertParams(p.get(2), 0.948271397391, -1.983121419579, 0.486101277218, 1e-11);
    }

    @Test
    void shouldCenterByTheMeanGradient() {
      // centered: m = a m + (1-a) g; p = p - lr g / (sqrt(v - m^2) + eps)
      List<Params> p = run(Optimizers.rmsprop(0.01, 0.9, 1e-8, 0, true), GRADS);
      // m1 = 0.1 g1, v1 = 0.1 g1^2: v1 - m1^2 = 0.09 g1^2, so the step is g / (0.3 |g| + eps) ~ +-3.3333333
      assertParams(p.get(0), 0.966666668889, -1.966666667778, 0.466666667222, 1e-11);
      // m2 = 0.9 m1 + 0.1 g2 = [0.045 + 0.15, -0.09 + 0.05, 0.18 - 0.3] = [0.195, -0.04, -0.12]
      // v2 - m2^2 = [0.2475 - 0.038025, 0.115 - 0.0016, 1.26 - 0.0144]; sqrt = [0.457684, 0.336749, 1.116065]
      // step = [3.277367555, 1.484784633, -2.688016629]
      assertParams(p.get(1), 0.933892993338, -1.981514514110, 0.493546833510, 1e-11);
      // m3 = [0.1255, -0.036, -0.008]; v3 - m3^2 = [0.24775 - 0.01575025, 0.1035 - 0.001296, 1.234 - 0.000064]
      // step = [-1.038069036, 0, 0.900230408]
      assertParams(p.get(2), 0.944273683697, -1.981514514110, 0.484544529426, 1e-11);
    }

    @Test
    void shouldAccumulateMomentumOfTheNormalizedStep() {
      // PyTorch: buf = mu buf + g / (sqrt(v) + eps); p = p - lr buf; mu = 0.9
      List<Params> p = run(Optimizers.rmsprop(0.01, 0.9, 1e-8, 0.9, false), GRADS);
      // buf1 = d1 (the first plain RMSProp step)
      assertParams(p.get(0), 0.968377225398, -1.968377224398, 0.468377223898, 1e-11);
      // buf2 = 0.9 d1 + d2 = [2.846049714 + 3.015113385, -2.846049804 + 1.474419518, 2.846049849 - 2.672612395]
      //      = [5.861163099, -1.371630286, 0.173437454]
      assertParams(p.get(1), 0.909765594405, -1.954660921538, 0.466642849360, 1e-11);
      // buf3 = 0.9 buf2 + d3 = [5.275046789 - 1.004530584, -1.234467257, 0.156093708 + 0.900207063]
      assertParams(p.get(2), 0.867060432356, -1.942316248963, 0.456079841642, 1e-11);
    }
  }

  @Nested
  class Adagrad {
    @Test
    void shouldDivideByTheAccumulatedRootSumOfSquares() {
      // PyTorch: s = s + g^2; p = p - lr g / (sqrt(s) + eps); lr = 0.1, eps = 1e-10
      List<Params> p = run(Optimizers.adagrad(0.1, 1e-10), GRADS);
      // s1 = g1^2 = [0.25, 1, 4]; step = g / (|g| + eps) = sign(g) (1 - eps/|g|)
      assertParams(p.get(0), 0.90000000002, -1.90000000001, 0.400000000005, TOL);
      // s2 = [0.25 + 2.25, 1 + 0.25, 4 + 9] = [2.5, 1.25, 13]
      // step = [1.5 / 1.58113883, 0.5 / 1.118033989, -3 / 3.605551275] = [0.948683298, 0.447213595, -0.832050294]
      assertParams(p.get(1), 0.805131670221, -1.944721359556, 0.483205029436, 1e-11);
      // s3 = [2.75, 1.25, 14]; step = [-0.5 / 1.658312395, 0, 1 / 3.741657387] = [-0.301511345, 0, 0.267261242]
      assertParams(p.get(2), 0.835282804677, -1.944721359556, 0.456478905246, 1e-11);
    }
  }

  @Nested
  class ApplyUpdates {
    @Test
    void shouldAddLeafWiseKeepingTheType() {
      Params sum = Optimizers.applyUpdates(Fixtures.THETA0, GRADS.get(0));
      // [1 + 0.5, -2 - 1, 0.5 + 2]
      assertParams(sum, 1.5, -3.0, 2.5, 0);
      assertEquals(Params.class, sum.getClass());
    }
  }
}
