package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.constant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Rotary position embeddings: the definition element by element, lengths kept, scores depending on
 * relative positions only, and a causal attention layer with them still blind to later tokens.
 */
class RotaryTest {
  private static final int T = 7;
  private static final int D = 6;

  private static Tensor rotate(Tensor x) {
    return AD.eval(Rotary.apply(constant(x), Rotary.BASE), Bindings.of());
  }

  @Test
  void shouldTurnEachPairByItsPositionsAngle() {
    Tensor x = Tensor.normal(Key.of(1), Shape.of(2, T, D), 0, 1);
    Tensor y = rotate(x);
    for (int n = 0; n < 2; n++) {
      for (int t = 0; t < T; t++) {
        for (int i = 0; i < D / 2; i++) {
          double angle = t * Math.pow(Rotary.BASE, -2.0 * i / D);
          double a = x.get(n, t, i);
          double b = x.get(n, t, i + D / 2);
          assertEquals(a * Math.cos(angle) - b * Math.sin(angle), y.get(n, t, i), 1e-15);
          assertEquals(b * Math.cos(angle) + a * Math.sin(angle), y.get(n, t, i + D / 2), 1e-15);
        }
      }
    }
    for (int j = 0; j < D; j++) {
      assertEquals(x.get(0, 0, j), y.get(0, 0, j), 0.0, "position 0 is not turned");
    }
  }

  @Test
  void shouldKeepLengthsAndSeeOnlyRelativePositions() {
    Tensor q = Tensor.normal(Key.of(2), Shape.of(1, 1, D), 0, 1).broadcastTo(Shape.of(1, T, D));
    Tensor k = Tensor.normal(Key.of(3), Shape.of(1, 1, D), 0, 1).broadcastTo(Shape.of(1, T, D));
    Tensor rq = rotate(q);
    Tensor rk = rotate(k);
    for (int t = 0; t < T; t++) {
      double before = 0;
      double after = 0;
      for (int j = 0; j < D; j++) {
        before += q.get(0, t, j) * q.get(0, t, j);
        after += rq.get(0, t, j) * rq.get(0, t, j);
      }
      assertEquals(before, after, 1e-13, "length at " + t);
    }
    double[][] score = new double[T][T];
    for (int a = 0; a < T; a++) {
      for (int b = 0; b < T; b++) {
        for (int j = 0; j < D; j++) {
          score[a][b] += rq.get(0, a, j) * rk.get(0, b, j);
        }
      }
    }
    for (int a = 0; a + 1 < T; a++) {
      for (int b = 0; b + 1 < T; b++) {
        assertEquals(score[a][b], score[a + 1][b + 1], 1e-12, "score(" + a + ", " + b + ") depends on a - b only");
      }
    }
  }

  @Test
  void shouldKeepACausalLayerBlindToLaterTokens() {
    MultiHeadAttention mha = new MultiHeadAttention(2, true, true);
    MultiHeadAttention.Params p = mha.init(Key.of(4), Shape.of(T, 8));
    Tensor x = Tensor.normal(Key.of(5), Shape.of(1, T, 8), 0, 1);
    double[] changed = x.toArray();
    for (int j = 0; j < 8; j++) {
      changed[(T - 1) * 8 + j] += 1;
    }
    Tensor before = AD.eval(mha.forward(p, constant(x), Mode.eval()), Bindings.of());
    Tensor after = AD.eval(mha.forward(p, constant(Tensor.of(changed, x.shape())), Mode.eval()), Bindings.of());
    for (int t = 0; t < T - 1; t++) {
      for (int j = 0; j < 8; j++) {
        assertEquals(before.get(0, t, j), after.get(0, t, j), 0.0, "position " + t);
      }
    }
    assertEquals("MultiHeadAttention(2 heads, causal, rotary)", mha.describe());
  }

  @Test
  void shouldRejectAnOddHeadSize() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new MultiHeadAttention(2, false, true).init(Key.of(1), Shape.of(T, 6)));
    assertTrue(e.getMessage().contains("even head size (rotary)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Rotary.apply(constant(Tensor.zeros(3, 5)), Rotary.BASE));
  }
}
