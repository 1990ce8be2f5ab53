package dev.fluxion.autodiff.tensor;

/**
 * Constant 0/1 masks (float64), named as NumPy's and JAX's {@code tri}, {@code tril}, {@code triu}:
 * the triangles that causal attention and cumulative structures keep. The diagonal offset {@code k}
 * counts as in NumPy: 0 is the main diagonal, {@code k > 0} above it, {@code k < 0} below it.
 */
public final class Masks {
  private Masks() {}

  /**
   * {@return the {@code [n, m]} mask with 1 on and below diagonal {@code k} ({@code j - i <= k}), 0
   * above it: {@code tril(n, n, 0)} keeps the lower triangle with the diagonal, a causal mask}
   *
   * @param n rows, {@code >= 0}
   * @param m columns, {@code >= 0}
   * @param k the diagonal offset, any int
   * @throws IllegalArgumentException if {@code n} or {@code m} is negative
   */
  public static Tensor tril(int n, int m, int k) {
    return triangle("tril", n, m, k, true);
  }

  /**
   * {@return the {@code [n, m]} mask with 1 on and above diagonal {@code k} ({@code j - i >= k}), 0
   * below it: {@code triu(n, n, 1)} is the strictly upper triangle}
   *
   * @param n rows, {@code >= 0}
   * @param m columns, {@code >= 0}
   * @param k the diagonal offset, any int
   * @throws IllegalArgumentException if {@code n} or {@code m} is negative
   */
  public static Tensor triu(int n, int m, int k) {
    return triangle("triu", n, m, k, false);
  }

  private static Tensor triangle(String name, int n, int m, int k, boolean lower) {
    if (n < 0 || m < 0) {
      throw new IllegalArgumentException(name + ": needs n, m >= 0, got n = " + n + ", m = " + m);
    }
    double[] d = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        long offset = (long) j - i;
        d[i * m + j] = (lower ? offset <= k : offset >= k) ? 1 : 0;
      }
    }
    return Tensor.of(d, n, m);
  }
}
