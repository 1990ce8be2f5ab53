package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.internal.Parallel;
import dev.fluxion.autodiff.tensor.internal.Storage;

/**
 * Matrix products: shape handling here, the numeric kernel in {@link GemmKernel}. float64 operands
 * run the {@code double} kernel, float32 operands the {@code float} one directly on their storage
 * (each element the float32 FMA chain over the inner dimension, accumulated in float32).
 */
final class Gemm {
  private Gemm() {}

  /** The result shape of {@code a @ b}; see {@link Tensor#matmul}. */
  static Shape resultShape(Shape a, Shape b) {
    if (a.rank() == 0 || b.rank() == 0) {
      throw new IllegalArgumentException("matmul: " + a + " @ " + b + ": operands must have rank >= 1");
    }
    Shape a2 = a.rank() == 1 ? Shape.of(1, a.dim(0)) : a;
    Shape b2 = b.rank() == 1 ? Shape.of(b.dim(0), 1) : b;
    int k1 = a2.dim(-1);
    int k2 = b2.dim(-2);
    if (k1 != k2) {
      throw new IllegalArgumentException("matmul: " + a + " @ " + b + ": inner dimensions " + k1 + " and " + k2
          + " differ");
    }
    Shape batch = batchShape(a, b, a2, b2);
    int[] bd = batch.toArray();
    int extra = (a.rank() == 1 ? 0 : 1) + (b.rank() == 1 ? 0 : 1);
    int[] d = java.util.Arrays.copyOf(bd, bd.length + extra);
    int i = bd.length;
    if (a.rank() != 1) {
      d[i++] = a2.dim(-2);
    }
    if (b.rank() != 1) {
      d[i] = b2.dim(-1);
    }
    return Shape.of(d);
  }

  private static Shape batchShape(Shape a, Shape b, Shape a2, Shape b2) {
    Shape ba = Shape.of(java.util.Arrays.copyOf(a2.toArray(), a2.rank() - 2));
    Shape bb = Shape.of(java.util.Arrays.copyOf(b2.toArray(), b2.rank() - 2));
    try {
      return Shape.broadcast(ba, bb);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("matmul: " + a + " @ " + b + ": batch dimensions " + ba + " and " + bb
          + " do not broadcast", e);
    }
  }

  /** {@code a @ b} with batch broadcasting, in the operands' dtype (the caller checked they agree). */
  static Tensor matmul(Tensor a, Tensor b) {
    Shape out = resultShape(a.shape(), b.shape());
    Shape as = a.rank() == 1 ? Shape.of(1, a.shape().dim(0)) : a.shape();
    Shape bs = b.rank() == 1 ? Shape.of(b.shape().dim(0), 1) : b.shape();
    int m = as.dim(-2);
    int k = as.dim(-1);
    int n = bs.dim(-1);
    Shape batch = batchShape(a.shape(), b.shape(), as, bs);
    int[] ia = Elementwise.indexMap(leading(as), batch);
    int[] ib = Elementwise.indexMap(leading(bs), batch);
    if (bs.rank() == 2 && as.rank() > 2) {
      // one weight for every batch: the batch's rows stack into one product (each element's k-chain is unchanged)
      m *= ia.length;
      ia = new int[] {0};
      ib = new int[] {0};
    }
    return products(a, b, out, ia, ib, m, n, k, k, 1, n, 1);
  }

  /**
   * The products of a batch, item {@code p} reading {@code a} from {@code ia[p] m k} with strides
   * {@code ars, acs} and {@code b} from {@code ib[p] k n} with strides {@code brs, bcs}, into {@code out}.
   * Small products run whole, one item to a task (the pool splits the batch); a large one is split by the
   * kernel. Either way each element's k-chain is the same, so the bits are.
   */
  private static Tensor products(Tensor a, Tensor b, Shape out, int[] ia, int[] ib, int m, int n, int k, int ars,
      int acs, int brs, int bcs) {
    int items = ia.length;
    int chunks = GemmKernel.bands(m, n, k) > 1 || items < 2 ? 1
        : Parallel.chunks((long) items * m * n * k, GemmKernel.BAND_WORK, items);
    boolean inside = chunks == 1;
    if (a.dtype() == DType.FLOAT32) {
      float[] c = new float[out.size()];
      float[] x = a.rawFloats();
      float[] y = b.rawFloats();
      Parallel.forEach(chunks, t -> {
        for (int p = Parallel.start(items, chunks, t); p < Parallel.start(items, chunks, t + 1); p++) {
          if (k == 1) {
            outer(m, n, x, ia[p] * m, ars, y, ib[p] * n, c, p * m * n);
          } else {
            GemmKernel.multiply(m, n, k, x, ia[p] * m * k, ars, acs, y, ib[p] * k * n, brs, bcs, c, p * m * n, inside);
          }
        }
      });
      return Storage.wrap(out, c);
    }
    double[] c = new double[out.size()];
    double[] x = a.raw();
    double[] y = b.raw();
    Parallel.forEach(chunks, t -> {
      for (int p = Parallel.start(items, chunks, t); p < Parallel.start(items, chunks, t + 1); p++) {
        if (k == 1) {
          outer(m, n, x, ia[p] * m, ars, y, ib[p] * n, c, p * m * n);
        } else {
          GemmKernel.multiply(m, n, k, x, ia[p] * m * k, ars, acs, y, ib[p] * k * n, brs, bcs, c, p * m * n, inside);
        }
      }
    });
    return Tensor.wrap(out, c);
  }

  /**
   * A product with inner dimension 1, the outer product {@code c[i, j] = a[i] · b[j]} (as per-example
   * weight gradients are), written directly: the general kernel would pack both operands for one
   * multiply per element. {@code + 0.0} gives the kernel's sum from zero, bit for bit (a zero product is +0). With
   * {@code k = 1} a row of {@code b} is contiguous in every layout the products read, so the inner loop has
   * unit stride and C2 vectorizes it.
   */
  private static void outer(int m, int n, float[] x, int xo, int xs, float[] y, int yo, float[] c, int co) {
    for (int i = 0; i < m; i++) {
      float a = x[xo + i * xs];
      int row = co + i * n;
      for (int j = 0; j < n; j++) {
        c[row + j] = a * y[yo + j] + 0.0f;
      }
    }
  }

  /** {@link #outer(int, int, float[], int, int, float[], int, float[], int)} in float64. */
  private static void outer(int m, int n, double[] x, int xo, int xs, double[] y, int yo, double[] c, int co) {
    for (int i = 0; i < m; i++) {
      double a = x[xo + i * xs];
      int row = co + i * n;
      for (int j = 0; j < n; j++) {
        c[row + j] = a * y[yo + j] + 0.0;
      }
    }
  }

  /**
   * {@code a @ b^T} for {@code a [..., m, k]} and {@code b [..., n, k]} with equal batch dimensions,
   * without materializing the transpose.
   */
  static Tensor matmulNT(Tensor a, Tensor b) {
    requireBatches("matmulTransposed", a, b, a.shape().dim(-1), b.shape().dim(-1));
    int m = a.shape().dim(-2);
    int k = a.shape().dim(-1);
    int n = b.shape().dim(-2);
    return products(a, b, withLast(a.shape(), m, n), items(a.shape()), items(a.shape()), m, n, k, k, 1, 1, k);
  }

  /**
   * {@code a^T @ b} for {@code a [..., k, m]} and {@code b [..., k, n]} with equal batch dimensions,
   * without materializing the transpose.
   */
  static Tensor matmulTN(Tensor a, Tensor b) {
    requireBatches("transposedMatmul", a, b, a.shape().dim(-2), b.shape().dim(-2));
    int k = a.shape().dim(-2);
    int m = a.shape().dim(-1);
    int n = b.shape().dim(-1);
    return products(a, b, withLast(a.shape(), m, n), items(a.shape()), items(a.shape()), m, n, k, 1, m, n, 1);
  }

  /** {@code 0, 1, ...}, one per matrix of a batch of shape {@code s}. */
  private static int[] items(Shape s) {
    int[] p = new int[s.rank() == 2 ? 1 : leading(s).size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    return p;
  }

  /** {@code s} with its last two dimensions {@code m, n}. */
  private static Shape withLast(Shape s, int m, int n) {
    int[] d = s.toArray();
    d[d.length - 2] = m;
    d[d.length - 1] = n;
    return Shape.of(d);
  }

  private static void requireBatches(String op, Tensor a, Tensor b, int k1, int k2) {
    if (a.rank() < 2 || a.rank() != b.rank() || !leading(a.shape()).equals(leading(b.shape()))) {
      throw new IllegalArgumentException(op + ": " + a.shape() + ", " + b.shape()
          + ": operands must be matrices or batches of matrices with equal batch dimensions");
    }
    if (k1 != k2) {
      throw new IllegalArgumentException(op + ": " + a.shape() + ", " + b.shape() + ": inner dimensions " + k1
          + " and " + k2 + " differ");
    }
  }

  /** The batch dimensions: all but the last two. */
  private static Shape leading(Shape s) {
    return Shape.of(java.util.Arrays.copyOf(s.toArray(), s.rank() - 2));
  }
}
