package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/** Scaled dot-product attention and the masks it takes. */
public final class Attention {
  private Attention() {}

  /**
   * {@return {@code softmax(q kᵀ / √d, mask) v}, PyTorch's {@code scaled_dot_product_attention}: shape
   * {@code [..., Tq, dv]}; a query whose keys are all masked attends to nothing and gives zeros (no NaN)}
   *
   * @param q queries {@code [..., Tq, d]}
   * @param k keys {@code [..., Tk, d]}, leading axes broadcasting with {@code q}'s
   * @param v values {@code [..., Tk, dv]}
   * @param mask 1 where a query may attend to a key, 0 where not, broadcasting to {@code [..., Tq, Tk]};
   *     null for none
   * @throws IllegalArgumentException if the shapes do not fit
   */
  public static Expr scaledDotProduct(Expr q, Expr k, Expr v, @Nullable Expr mask) {
    Checks.notNull(q, "q");
    Checks.notNull(k, "k");
    Checks.notNull(v, "v");
    int d = q.shape().dim(-1);
    Expr scores = matmul(q, swapLast(k)).times(1 / Math.sqrt(d));
    Expr weights = mask == null ? softmax(scores, -1) : softmax(scores, -1, mask);
    return matmul(weights, v);
  }

  /**
   * {@return the causal mask {@code [t, t]}: 1 where key {@code j <= } query {@code i} (a position sees
   * itself and the past), else 0}
   *
   * @param t the sequence length, {@code >= 1}
   */
  public static Tensor causalMask(int t) {
    double[] m = new double[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = 0; j <= i; j++) {
        m[i * t + j] = 1;
      }
    }
    return Tensor.of(m, t, t);
  }

  /**
   * {@return a padding mask {@code [N, 1, 1, T]} for heads {@code [N, H, Tq, T]} from {@code keep [N, T]}
   * (1 for a token, 0 for padding)}
   *
   * @param keep {@code [N, T]}, 0/1
   */
  public static Expr keysMask(Expr keep) {
    Shape s = Checks.notNull(keep, "keep").shape();
    if (s.rank() != 2) {
      throw new IllegalArgumentException("keysMask: keep must be [N, T], got " + s);
    }
    return reshape(keep, s.dim(0), 1, 1, s.dim(1));
  }

  /** The last two axes swapped. */
  static Expr swapLast(Expr x) {
    int r = x.shape().rank();
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) {
      perm[i] = i;
    }
    perm[r - 2] = r - 1;
    perm[r - 1] = r - 2;
    return permute(x, perm);
  }
}
