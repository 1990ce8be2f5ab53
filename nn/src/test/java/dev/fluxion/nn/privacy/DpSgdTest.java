package dev.fluxion.nn.privacy;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.train.CompiledModel.PerExample;
import dev.fluxion.nn.tree.Trees;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clipping, summing and noising per-example gradients, and the privacy accountant, against closed forms. */
class DpSgdTest {
  /** Two examples, gradients over two leaves: example 0 has norm 5 (3, 4), example 1 norm 1 (0.6, 0.8). */
  private static PerExample<List<Object>> twoExamples() {
    Tensor a = Tensor.of(new double[] {3, 0.6}, 2, 1);
    Tensor b = Tensor.of(new double[] {4, 0.8}, 2, 1);
    return new PerExample<>(Tensor.vector(1, 2), List.of(Fx.constant(a), Fx.constant(b)));
  }

  @Test
  void shouldClipEachExampleToTheNormAndAverage() {
    var r = DpSgd.privatize(twoExamples(), 2.0, 0.0, Key.of(1));
    assertEquals(Tensor.vector(5, 1), r.norms());
    assertEquals(1, r.clipped());
    List<Tensor> g = Trees.tensors(r.gradient()).values().stream().toList();
    assertEquals((3 * 0.4 + 0.6) / 2, g.get(0).item(), 1e-15, "example 0 scaled by 2/5, example 1 kept");
    assertEquals((4 * 0.4 + 0.8) / 2, g.get(1).item(), 1e-15);
  }

  @Test
  void shouldAddNoiseOfStandardDeviationSigmaC() {
    int n = 20000;
    Tensor zeros = Tensor.zeros(1, n);
    var per = new PerExample<List<Object>>(Tensor.vector(0), List.of(Fx.constant(zeros)));
    Tensor g = Trees.tensors(DpSgd.privatize(per, 0.5, 3.0, Key.of(2)).gradient()).values().iterator().next();
    double[] v = g.toArray();
    double mean = 0;
    double sq = 0;
    for (double d : v) {
      mean += d / n;
      sq += d * d / n;
    }
    assertEquals(0, mean, 0.05, "zero-mean noise");
    assertEquals(1.5, Math.sqrt(sq - mean * mean), 0.03, "σC = 1.5 (one example, so the mean divides by 1)");
    assertEquals(g, Trees.tensors(DpSgd.privatize(per, 0.5, 3.0, Key.of(2)).gradient()).values().iterator().next(),
        "the same key gives the same bits");
  }

  @Test
  void shouldRejectBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> DpSgd.privatize(twoExamples(), 0, 1, Key.of(1)));
    assertThrows(IllegalArgumentException.class, () -> DpSgd.privatize(twoExamples(), 1, -1, Key.of(1)));
    assertThrows(IllegalArgumentException.class, () -> DpSgd.privatize(twoExamples(), Double.NaN, 1, Key.of(1)));
    var wrong = new PerExample<List<Object>>(Tensor.vector(1, 2, 3), List.of(Fx.constant(Tensor.zeros(2, 1))));
    var e = assertThrows(IllegalArgumentException.class, () -> DpSgd.privatize(wrong, 1, 1, Key.of(1)));
    assertTrue(e.getMessage().contains("batch axis of size 3"), e.getMessage());
  }

  @Test
  void shouldMatchTheClosedFormsOfTheAccountant() {
    double q = 0.01;
    double sigma = 1.1;
    double a2 = Math.log(1 + q * q * (Math.exp(1 / (sigma * sigma)) - 1));
    assertEquals(a2, RdpAccountant.rdp(q, sigma, 2), 1e-15, "order 2: log(1 + q²(e^(1/σ²) − 1))");
    for (int alpha : new int[] {2, 5, 32}) {
      assertEquals(alpha / (2 * sigma * sigma), RdpAccountant.rdp(1, sigma, alpha), 1e-12,
          "no sampling: the Gaussian mechanism's α/(2σ²)");
    }
    double eps = RdpAccountant.epsilon(q, sigma, 1000, 1e-5);
    assertTrue(eps < RdpAccountant.epsilon(q, sigma, 2000, 1e-5), "more steps spend more");
    assertTrue(eps > RdpAccountant.epsilon(q, 2 * sigma, 1000, 1e-5), "more noise spends less");
    assertTrue(eps < RdpAccountant.epsilon(1, sigma, 1000, 1e-5), "sampling amplifies privacy");
    assertThrows(IllegalArgumentException.class, () -> RdpAccountant.epsilon(0, 1, 1, 1e-5));
    assertThrows(IllegalArgumentException.class, () -> RdpAccountant.epsilon(0.1, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> RdpAccountant.rdp(0.1, 1, 1));
  }
}
