package dev.fluxion.nn.text;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.text.Generation.Sampling;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Greedy, temperature and top-k decoding: choices, determinism, frequencies, windows. */
class GenerationTest {
  private static final double[] LOGITS = {1.0, 3.0, 3.0, 0.0, 2.0};

  @Test
  void shouldPickTheMostLikelyTokenGreedilyTheSmallestIdOnTies() {
    assertEquals(1, Generation.next(LOGITS, Sampling.greedy(), Key.of(0)));
    assertEquals(1, Generation.next(LOGITS, new Sampling(1.0, 1), Key.of(5)), "top-1 sampling is greedy");
  }

  @Test
  void shouldDrawTheSameTokenForTheSameKeyAndFollowTheSoftmaxFrequencies() {
    Sampling s = new Sampling(1.0, 0);
    assertEquals(Generation.next(LOGITS, s, Key.of(42)), Generation.next(LOGITS, s, Key.of(42)));
    int n = 20000;
    int[] count = new int[LOGITS.length];
    for (int i = 0; i < n; i++) {
      count[Generation.next(LOGITS, s, Key.of(i))]++;
    }
    double z = 0;
    for (double l : LOGITS) {
      z += Math.exp(l);
    }
    for (int v = 0; v < LOGITS.length; v++) {
      double p = Math.exp(LOGITS[v]) / z;
      double sigma = Math.sqrt(n * p * (1 - p));
      assertEquals(n * p, count[v], 4 * sigma + 1, "token " + v);
    }
  }

  @Test
  void shouldNeverDrawOutsideTheTopK() {
    Sampling s = new Sampling(2.0, 3);
    for (int i = 0; i < 2000; i++) {
      int t = Generation.next(LOGITS, s, Key.of(i));
      assertTrue(t == 1 || t == 2 || t == 4, "drew " + t);
    }
  }

  @Test
  void shouldFeedTheLastWindowPaddedOnTheRightAndReadItsLastRealPosition() {
    int v = 10;
    int window = 4;
    UnaryOperator<Tensor> successor = ids -> {
      int[] x = ids.toIntArray();
      double[] logits = new double[window * v];
      for (int t = 0; t < window; t++) {
        logits[t * v + (x[t] + 1) % v] = 5;
      }
      return Tensor.of(logits, 1, window, v);
    };
    int[] out = Generation.generate(successor, window, new int[] {7}, 6, Sampling.greedy(), Key.of(1));
    assertArrayEquals(new int[] {7, 8, 9, 0, 1, 2, 3}, out);
    int[] sampled = Generation.generate(successor, window, new int[] {7}, 6, new Sampling(0.7, 0), Key.of(3));
    assertArrayEquals(sampled, Generation.generate(successor, window, new int[] {7}, 6, new Sampling(0.7, 0), Key.of(3)));
  }

  @Test
  void shouldRejectBadSettingsAndLogits() {
    assertThrows(IllegalArgumentException.class, () -> new Sampling(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Sampling(1, -2));
    assertThrows(IllegalArgumentException.class,
        () -> Generation.generate(ids -> ids, 3, new int[0], 2, Sampling.greedy(), Key.of(0)));
    var e = assertThrows(IllegalArgumentException.class,
        () -> Generation.generate(ids -> Tensor.zeros(1, 3), 3, new int[] {1}, 2, Sampling.greedy(), Key.of(0)));
    assertTrue(e.getMessage().contains("expected [1, 3, V]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Generation.next(new double[] {1, Double.NaN}, Sampling.greedy(),
        Key.of(0)));
  }
}
