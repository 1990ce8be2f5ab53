package dev.fluxion.bench;

import dev.fluxion.autodiff.tensor.BenchSgemm;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * The matrix products the GEMM benchmarks time: square {@code n x n} products and the products of
 * one training step of the MLP 784-128-10 on a batch of 64 (forward, and the backward products
 * with a transposed operand). Every case computes an {@code m x n} result with inner dimension
 * {@code k}, which costs {@code 2mnk} floating-point operations, in float64 through the public
 * {@link Tensor} API or in float32 through the raw kernel ({@link BenchSgemm}).
 */
public enum GemmCase {
  /** {@code A @ B}, 128 x 128 by 128 x 128. */
  N128("128x128 @ 128x128", Layout.NN, 128, 128, 128),
  /** {@code A @ B}, 256 x 256 by 256 x 256. */
  N256("256x256 @ 256x256", Layout.NN, 256, 256, 256),
  /** {@code A @ B}, 512 x 512 by 512 x 512. */
  N512("512x512 @ 512x512", Layout.NN, 512, 512, 512),
  /** {@code A @ B}, 1024 x 1024 by 1024 x 1024. */
  N1024("1024x1024 @ 1024x1024", Layout.NN, 1024, 1024, 1024),
  /** MLP layer 1 forward {@code X @ W1}: 64 x 784 by 784 x 128. */
  MLP_FWD1("X @ W1: 64x784 @ 784x128", Layout.NN, 64, 128, 784),
  /** MLP layer 2 forward {@code H @ W2}: 64 x 128 by 128 x 10. */
  MLP_FWD2("H @ W2: 64x128 @ 128x10", Layout.NN, 64, 10, 128),
  /** MLP layer 1 weight gradient {@code X^T @ dY}: (64 x 784)^T by 64 x 128. */
  MLP_DW1("dW1 = X^T @ dY: (64x784)^T @ 64x128", Layout.TN, 784, 128, 64),
  /** MLP hidden gradient {@code dY2 @ W2^T}: 64 x 10 by (128 x 10)^T. */
  MLP_DH("dH = dY2 @ W2^T: 64x10 @ (128x10)^T", Layout.NT, 64, 128, 10);

  /** Which operand is stored transposed. */
  public enum Layout {
    /** {@code A @ B}: {@link Tensor#matmul}. */
    NN,
    /** {@code A^T @ B}, {@code A} stored {@code k x m}: {@link Tensor#transposedMatmul}. */
    TN,
    /** {@code A @ B^T}, {@code B} stored {@code n x k}: {@link Tensor#matmulTransposed}. */
    NT
  }

  private final String label;
  private final Layout layout;
  private final int m;
  private final int n;
  private final int k;

  GemmCase(String label, Layout layout, int m, int n, int k) {
    this.label = label;
    this.layout = layout;
    this.m = m;
    this.n = n;
    this.k = k;
  }

  /** {@return a human-readable description, e.g. {@code "X @ W1: 64x784 @ 784x128"}} */
  public String label() {
    return label;
  }

  /** {@return which operand is stored transposed} */
  public Layout layout() {
    return layout;
  }

  /** {@return the rows of the result} */
  public int m() {
    return m;
  }

  /** {@return the columns of the result} */
  public int n() {
    return n;
  }

  /** {@return the inner (summed) dimension} */
  public int k() {
    return k;
  }

  /** {@return the floating-point operations of one product, {@code 2mnk}} */
  public double flops() {
    return 2.0 * m * n * k;
  }

  /** {@return the stored shape of the left operand: {@code k x m} for {@link Layout#TN}, else {@code m x k}} */
  public Shape leftShape() {
    return layout == Layout.TN ? Shape.of(k, m) : Shape.of(m, k);
  }

  /** {@return the stored shape of the right operand: {@code n x k} for {@link Layout#NT}, else {@code k x n}} */
  public Shape rightShape() {
    return layout == Layout.NT ? Shape.of(n, k) : Shape.of(k, n);
  }

  /**
   * {@return standard-normal operands {@code {left, right}} in their stored shapes}
   *
   * @param key the randomness; the same key gives the same operands
   */
  public Tensor[] operands(Key key) {
    Key[] keys = key.split();
    return new Tensor[] {Tensor.normal(keys[0], leftShape(), 0, 1), Tensor.normal(keys[1], rightShape(), 0, 1)};
  }

  /**
   * {@return the {@code m x n} product of the stored operands, through the public {@link Tensor} API}
   *
   * @param left the left operand in its stored shape
   * @param right the right operand in its stored shape
   */
  public Tensor multiply(Tensor left, Tensor right) {
    return switch (layout) {
      case NN -> left.matmul(right);
      case TN -> left.transposedMatmul(right);
      case NT -> left.matmulTransposed(right);
    };
  }

  /**
   * {@return the operands of {@link #operands} rounded to {@code float}, as row-major arrays {@code {left, right}}}
   *
   * @param key the randomness; the same key gives the same operands
   */
  public float[][] floatOperands(Key key) {
    Tensor[] ops = operands(key);
    return new float[][] {toFloat(ops[0].toArray()), toFloat(ops[1].toArray())};
  }

  /**
   * The {@code m x n} float32 product of the stored operands, through the library's SGEMM kernel.
   *
   * @param left the left operand in its stored shape, row-major
   * @param right the right operand in its stored shape, row-major
   * @param out the {@code m*n} result, overwritten
   */
  public void multiply(float[] left, float[] right, float[] out) {
    switch (layout) {
      case NN -> BenchSgemm.multiply(m, n, k, left, k, 1, right, n, 1, out);
      case TN -> BenchSgemm.multiply(m, n, k, left, 1, m, right, n, 1, out);
      case NT -> BenchSgemm.multiply(m, n, k, left, k, 1, right, 1, k, out);
    }
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
