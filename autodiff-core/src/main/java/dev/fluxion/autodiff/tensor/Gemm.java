package dev.fluxion.autodiff.tensor;

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
    if (a.dtype() == DType.FLOAT32) {
      float[] c = new float[out.size()];
      for (int p = 0; p < ia.length; p++) {
        GemmKernel.gemm(m, n, k, a.rawFloats(), ia[p] * m * k, b.rawFloats(), ib[p] * k * n, c, p * m * n);
      }
      return Storage.wrap(out, c);
    }
    double[] c = new double[out.size()];
    for (int p = 0; p < ia.length; p++) {
      GemmKernel.gemm(m, n, k, a.raw(), ia[p] * m * k, b.raw(), ib[p] * k * n, c, p * m * n);
    }
    return Tensor.wrap(out, c);
  }

  /** {@code a @ b^T} for matrices {@code a [m,k]} and {@code b [n,k]}, without materializing the transpose. */
  static Tensor matmulNT(Tensor a, Tensor b) {
    requireMatrices("matmulTransposed", a, b, a.shape().dim(1), b.shape().dim(1));
    int m = a.shape().dim(0);
    int k = a.shape().dim(1);
    int n = b.shape().dim(0);
    if (a.dtype() == DType.FLOAT32) {
      float[] c = new float[m * n];
      GemmKernel.gemmNT(m, n, k, a.rawFloats(), 0, b.rawFloats(), 0, c, 0);
      return Storage.wrap(Shape.of(m, n), c);
    }
    double[] c = new double[m * n];
    GemmKernel.gemmNT(m, n, k, a.raw(), 0, b.raw(), 0, c, 0);
    return Tensor.wrap(Shape.of(m, n), c);
  }

  /** {@code a^T @ b} for matrices {@code a [k,m]} and {@code b [k,n]}, without materializing the transpose. */
  static Tensor matmulTN(Tensor a, Tensor b) {
    requireMatrices("transposedMatmul", a, b, a.shape().dim(0), b.shape().dim(0));
    int k = a.shape().dim(0);
    int m = a.shape().dim(1);
    int n = b.shape().dim(1);
    if (a.dtype() == DType.FLOAT32) {
      float[] c = new float[m * n];
      GemmKernel.gemmTN(m, n, k, a.rawFloats(), 0, b.rawFloats(), 0, c, 0);
      return Storage.wrap(Shape.of(m, n), c);
    }
    double[] c = new double[m * n];
    GemmKernel.gemmTN(m, n, k, a.raw(), 0, b.raw(), 0, c, 0);
    return Tensor.wrap(Shape.of(m, n), c);
  }

  private static void requireMatrices(String op, Tensor a, Tensor b, int k1, int k2) {
    if (a.rank() != 2 || b.rank() != 2) {
      throw new IllegalArgumentException(op + ": " + a.shape() + ", " + b.shape() + ": operands must be matrices");
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
