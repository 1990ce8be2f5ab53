package dev.fluxion.autodiff.expr;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Masks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * The DSL's masking helpers, lowered to {@code where} on constant masks and the {@code softmax} op, so
 * that no new op (and no new derivative rule) is needed: triangles of the last two axes and the
 * masked softmax.
 */
final class Masking {
  private Masking() {}

  /** The lower ({@code lower}) or upper triangle of {@code x}'s last two axes from diagonal {@code k}. */
  static Expr triangle(String name, Expr x, int k, boolean lower) {
    Shape s = Checks.notNull(x, "x").shape();
    if (s.rank() < 2) {
      throw new IllegalArgumentException(name + ": needs rank >= 2 (a triangle of the last two axes), got shape "
          + s);
    }
    int n = s.dim(-2);
    int m = s.dim(-1);
    Tensor mask = lower ? Masks.tril(n, m, k) : Masks.triu(n, m, k);
    return where(constant(mask.cast(x.dtype())), x, scalar(0));
  }

  /**
   * The softmax of {@code x} along normalised {@code axis} over the entries {@code mask} keeps; 0 at
   * the others, and 0 on a line with nothing kept. Masked entries are replaced by the dtype's most
   * negative finite number before the stable softmax op (so their {@code e^(x - logsumexp)} is an
   * exact 0 on lines with a kept entry, and nothing is infinite on lines without one), then the
   * result is masked again: every value and derivative stays finite, and the masked entries' values
   * (even infinite or NaN) never reach the output or any derivative.
   */
  static Expr softmax(Expr x, int axis, Expr mask) {
    Checks.notNull(mask, "mask");
    Shape s = x.shape();
    Shape both;
    try {
      both = Shape.broadcast(mask.shape(), s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("softmax: mask shape " + mask.shape() + " does not broadcast to x's "
          + s, e);
    }
    if (!both.equals(s)) {
      throw new IllegalArgumentException("softmax: mask shape " + mask.shape() + " does not broadcast to x's "
          + s + " (it would broadcast x to " + both + ")");
    }
    if (mask instanceof Const c) {
      checkZeroOne(c.value());
    }
    Expr keep = broadcastTo(cast(mask, x.dtype()), s);
    Expr filled = where(keep, x, scalar(lowest(x.dtype())));
    return where(keep, Fx.softmax(filled, axis), scalar(0));
  }

  private static double lowest(DType dtype) {
    return dtype == DType.FLOAT32 ? -Float.MAX_VALUE : -Double.MAX_VALUE;
  }

  private static void checkZeroOne(Tensor mask) {
    double[] d = mask.toArray();
    for (int i = 0; i < d.length; i++) {
      if (d[i] != 0 && d[i] != 1) {
        throw new IllegalArgumentException("softmax: mask must hold only 0 (masked) and 1 (kept), got " + d[i]
            + " at flat index " + i);
      }
    }
  }
}
