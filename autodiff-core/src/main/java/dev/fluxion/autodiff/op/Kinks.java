package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/** Element searches for {@link Op#kinkAt}. */
final class Kinks {
  private Kinks() {}

  /** {@return the first index where {@code t} is 0, or -1} */
  static int firstZero(Tensor t) {
    double[] d = t.toArray();
    for (int i = 0; i < d.length; i++) {
      if (d[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  /** {@return the first index where two distinct argument nodes have equal values, or -1} */
  static int firstTie(List<Expr> x, List<Tensor> values) {
    if (x.get(0) == x.get(1)) {
      return -1;
    }
    double[] a = values.get(0).toArray();
    double[] b = values.get(1).toArray();
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        return i;
      }
    }
    return -1;
  }

  /** {@return the index of the first element tying a window's maximum of {@code x [N, C, H, W]}, or -1} */
  static int firstPoolTie(Tensor x, PoolGeometry g) {
    double[] v = x.toArray();
    int planes = x.shape().dim(0) * x.shape().dim(1);
    int h = x.shape().dim(2);
    int w = x.shape().dim(3);
    for (int p = 0; p < planes; p++) {
      for (int r = 0; r + g.windowH() <= h; r += g.strideH()) {
        for (int c = 0; c + g.windowW() <= w; c += g.strideW()) {
          double best = Double.NEGATIVE_INFINITY;
          int bestAt = -1;
          for (int i = r; i < r + g.windowH(); i++) {
            for (int j = c; j < c + g.windowW(); j++) {
              int at = (p * h + i) * w + j;
              if (bestAt >= 0 && v[at] == best) {
                return at;
              }
              if (bestAt < 0 || v[at] > best) {
                best = v[at];
                bestAt = at;
              }
            }
          }
        }
      }
    }
    return -1;
  }
}
