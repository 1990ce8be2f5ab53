package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.constant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bidirectional LSTM and GRU: the forward half is the plain layer, the backward half is the plain layer
 * over the time-reversed sequence read back in reverse, and each half sees only its side of the sequence.
 */
class BidirectionalTest {
  private static final int N = 2;
  private static final int T = 7;
  private static final int D = 3;
  private static final int H = 4;
  private static final Tensor X = Tensor.normal(Key.of(9), Shape.of(N, T, D), 0, 1);

  private static Tensor run(Stateless<RecurrentParams> layer, RecurrentParams p, Tensor x) {
    return AD.eval(layer.forward(p, constant(x), Mode.eval()), Bindings.of());
  }

  private static Tensor reversedInTime(Tensor x) {
    int n = x.shape().dim(0);
    int t = x.shape().dim(1);
    int d = x.shape().dim(2);
    double[] v = x.toArray();
    double[] r = new double[v.length];
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < t; s++) {
        System.arraycopy(v, (i * t + s) * d, r, (i * t + (t - 1 - s)) * d, d);
      }
    }
    return Tensor.of(r, x.shape());
  }

  @Test
  void shouldBeTheForwardLayerAndTheReversedLayerSideBySide() {
    for (Bidirectional<RecurrentParams> bi : List.of(Bidirectional.lstm(H), Bidirectional.gru(H))) {
      Bidirectional.Params<RecurrentParams> p = bi.init(Key.of(4), Shape.of(T, D));
      Tensor y = AD.eval(bi.forward(p, constant(X), Mode.eval()), Bindings.of());
      assertEquals(Shape.of(N, T, 2 * H), y.shape());
      assertEquals(bi.outputShape(Shape.of(T, D)), Shape.of(T, 2 * H));
      Stateless<RecurrentParams> plain = bi.backward() instanceof LSTM ? new LSTM(H) : new GRU(H);
      Tensor forward = run(plain, p.forward(), X);
      Tensor backwardOfReversed = run(plain, p.backward(), reversedInTime(X));
      for (int n = 0; n < N; n++) {
        for (int t = 0; t < T; t++) {
          for (int j = 0; j < H; j++) {
            String at = bi.describe() + " n " + n + ", t " + t + ", j " + j;
            assertEquals(forward.get(n, t, j), y.get(n, t, j), 0.0, at);
            assertEquals(backwardOfReversed.get(n, T - 1 - t, j), y.get(n, t, H + j), 1e-15, at);
          }
        }
      }
    }
  }

  @Test
  void shouldLetEachHalfSeeOnlyItsSideOfTheSequence() {
    Bidirectional<RecurrentParams> bi = Bidirectional.lstm(H);
    Bidirectional.Params<RecurrentParams> p = bi.init(Key.of(5), Shape.of(T, D));
    int changed = 3;
    double[] v = X.toArray();
    for (int n = 0; n < N; n++) {
      for (int k = 0; k < D; k++) {
        v[(n * T + changed) * D + k] += 1.0;
      }
    }
    Tensor before = AD.eval(bi.forward(p, constant(X), Mode.eval()), Bindings.of());
    Tensor after = AD.eval(bi.forward(p, constant(Tensor.of(v, X.shape())), Mode.eval()), Bindings.of());
    for (int n = 0; n < N; n++) {
      for (int t = 0; t < T; t++) {
        for (int j = 0; j < H; j++) {
          if (t < changed) {
            assertEquals(before.get(n, t, j), after.get(n, t, j), 0.0, "forward half before the change, t " + t);
          }
          if (t > changed) {
            assertEquals(before.get(n, t, H + j), after.get(n, t, H + j), 0.0, "backward half after the change, t " + t);
          }
        }
        assertNotEquals(before.get(n, changed, 0), after.get(n, changed, 0), "forward half at the change");
        assertNotEquals(before.get(n, changed, H), after.get(n, changed, H), "backward half at the change");
      }
    }
  }

  @Test
  void shouldDescribeItselfAndRejectInputsThatAreNotSequences() {
    assertEquals("Bidirectional(GRU(4), GRU(4, reverse))", Bidirectional.gru(4).describe());
    assertEquals(new LSTM(4, false), new LSTM(4));
    var e = assertThrows(IllegalArgumentException.class, () -> Bidirectional.lstm(2).outputShape(Shape.of(3)));
    assertTrue(e.getMessage().contains("sequence [T, features]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Bidirectional.gru(0));
    assertThrows(IllegalArgumentException.class, () -> new Bidirectional<>(new LSTM(2), null));
  }
}
