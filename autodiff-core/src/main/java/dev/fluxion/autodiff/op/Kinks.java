package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
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
}
