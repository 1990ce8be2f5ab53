package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LSTM and GRU against loops written from PyTorch's documented equations, element by element. */
class RecurrentTest {
  private static final int N = 2;
  private static final int T = 6;
  private static final int D = 3;
  private static final int H = 4;
  private static final Tensor X = Tensor.normal(Key.of(9), Shape.of(N, T, D), 0, 1);

  @Test
  void shouldFollowPyTorchsLstmEquations() {
    LSTM lstm = new LSTM(H);
    Map<String, Tensor> w = Trees.tensors(lstm.init(Key.of(1), Shape.of(T, D)));
    Tensor y = AD.eval(lstm.forward(lstm.init(Key.of(1), Shape.of(T, D)), constant(X), Mode.eval()), Bindings.of());
    assertEquals(Shape.of(N, T, H), y.shape());
    for (int n = 0; n < N; n++) {
      double[] h = new double[H];
      double[] c = new double[H];
      for (int t = 0; t < T; t++) {
        double[] z = preActivation(w, 4, n, t, h);
        for (int j = 0; j < H; j++) {
          double i = sig(z[j]);
          double f = sig(z[H + j]);
          double g = Math.tanh(z[2 * H + j]);
          double o = sig(z[3 * H + j]);
          c[j] = f * c[j] + i * g;
          h[j] = o * Math.tanh(c[j]);
        }
        for (int j = 0; j < H; j++) {
          assertEquals(h[j], y.get(n, t, j), 1e-14, "n " + n + ", t " + t + ", j " + j);
        }
      }
    }
  }

  @Test
  void shouldFollowPyTorchsGruEquations() {
    GRU gru = new GRU(H);
    RecurrentParams p = gru.init(Key.of(2), Shape.of(T, D));
    Map<String, Tensor> w = Trees.tensors(p);
    Tensor y = AD.eval(gru.forward(p, constant(X), Mode.eval()), Bindings.of());
    for (int n = 0; n < N; n++) {
      double[] h = new double[H];
      for (int t = 0; t < T; t++) {
        double[] xi = project(w.get("wIh"), w.get("bIh"), row(n, t), 3);
        double[] hh = project(w.get("wHh"), w.get("bHh"), h, 3);
        double[] next = new double[H];
        for (int j = 0; j < H; j++) {
          double r = sig(xi[j] + hh[j]);
          double zz = sig(xi[H + j] + hh[H + j]);
          double nn = Math.tanh(xi[2 * H + j] + r * hh[2 * H + j]);
          next[j] = (1 - zz) * nn + zz * h[j];
        }
        h = next;
        for (int j = 0; j < H; j++) {
          assertEquals(h[j], y.get(n, t, j), 1e-14);
        }
      }
    }
  }

  @Test
  void shouldKeepTheGradientGraphIndependentOfTheSequenceLength() {
    LSTM lstm = new LSTM(H);
    int[] counts = new int[2];
    int[] lengths = {5, 500};
    for (int k = 0; k < 2; k++) {
      RecurrentParams p = Trees.trace(lstm.init(Key.of(3), Shape.of(lengths[k], D)), "p.");
      Var x = new Var("x", Shape.of(1, lengths[k], D));
      counts[k] = Exprs.nodeCount(AD.gradExpr(sum(lstm.forward(p, x, Mode.eval())), "p.wHh"));
    }
    assertEquals(counts[0], counts[1], "gradient graph nodes for T = 5 and T = 500");
  }

  @Test
  void shouldRejectInputsThatAreNotSequences() {
    var e = assertThrows(IllegalArgumentException.class, () -> new GRU(2).outputShape(Shape.of(3)));
    assertTrue(e.getMessage().contains("sequence [T, features]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LSTM(0));
  }

  private static double[] preActivation(Map<String, Tensor> w, int gates, int n, int t, double[] h) {
    double[] a = project(w.get("wIh"), w.get("bIh"), row(n, t), gates);
    double[] b = project(w.get("wHh"), w.get("bHh"), h, gates);
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private static double[] row(int n, int t) {
    double[] r = new double[D];
    for (int d = 0; d < D; d++) {
      r[d] = X.get(n, t, d);
    }
    return r;
  }

  /** {@code W v + b} for {@code W [gates·H, len(v)]}. */
  private static double[] project(Tensor w, Tensor b, double[] v, int gates) {
    double[] out = new double[gates * H];
    for (int i = 0; i < out.length; i++) {
      double s = b.get(i);
      for (int k = 0; k < v.length; k++) {
        s += w.get(i, k) * v[k];
      }
      out[i] = s;
    }
    return out;
  }

  private static double sig(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
