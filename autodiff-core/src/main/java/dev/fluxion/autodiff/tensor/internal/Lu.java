package dev.fluxion.autodiff.tensor.internal;

/**
 * The LU decomposition with partial pivoting, {@code P A = L U}, of a square matrix in float64, on one
 * thread in a fixed order (the same bits everywhere): the kernel of {@code solve} and {@code logAbsDet}.
 * Row {@code k}'s pivot is the first largest magnitude in column {@code k} at or below the diagonal.
 */
public final class Lu {
  private final int n;
  /** {@code L} below the diagonal (unit diagonal implied) and {@code U} on and above it, row-major. */
  private final double[] lu;
  /** Row {@code i} of {@code P A} is row {@code perm[i]} of {@code A}. */
  private final int[] perm;
  /** {@code +1} or {@code -1}: the parity of the row swaps. */
  private final int parity;

  private Lu(int n, double[] lu, int[] perm, int parity) {
    this.n = n;
    this.lu = lu;
    this.perm = perm;
    this.parity = parity;
  }

  /**
   * {@return the decomposition of the {@code n × n} row-major matrix at {@code a[from:from + n²]}} ({@code a}
   * is not changed)
   *
   * @param a at least {@code from + n²} numbers
   * @param from where the matrix starts
   * @param n the order, {@code >= 0}
   */
  public static Lu of(double[] a, int from, int n) {
    double[] lu = java.util.Arrays.copyOfRange(a, from, from + n * n);
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    int parity = 1;
    for (int k = 0; k < n; k++) {
      int p = k;
      double best = Math.abs(lu[k * n + k]);
      for (int i = k + 1; i < n; i++) {
        double v = Math.abs(lu[i * n + k]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      if (p != k) {
        for (int j = 0; j < n; j++) {
          double t = lu[k * n + j];
          lu[k * n + j] = lu[p * n + j];
          lu[p * n + j] = t;
        }
        int t = perm[k];
        perm[k] = perm[p];
        perm[p] = t;
        parity = -parity;
      }
      double pivot = lu[k * n + k];
      if (pivot == 0) {
        continue;
      }
      for (int i = k + 1; i < n; i++) {
        double f = lu[i * n + k] / pivot;
        lu[i * n + k] = f;
        for (int j = k + 1; j < n; j++) {
          lu[i * n + j] -= f * lu[k * n + j];
        }
      }
    }
    return new Lu(n, lu, perm, parity);
  }

  /** {@return the first column whose pivot is exactly 0, or -1 if the matrix is not singular} */
  public int zeroPivot() {
    for (int k = 0; k < n; k++) {
      if (lu[k * n + k] == 0 || Double.isNaN(lu[k * n + k])) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Writes {@code X} with {@code A X = B} for the row-major {@code n × m} matrix {@code B} at
   * {@code b[from:]} to {@code x[from:]}: forward then back substitution, column by column.
   *
   * @param b at least {@code from + n·m} numbers
   * @param from where {@code B} starts in {@code b} and {@code X} in {@code x}
   * @param m the number of right-hand sides
   * @param x the output, at least {@code from + n·m} long
   */
  public void solve(double[] b, int from, int m, double[] x) {
    double[] col = new double[n];
    for (int c = 0; c < m; c++) {
      for (int i = 0; i < n; i++) {
        double s = b[from + perm[i] * m + c];
        for (int j = 0; j < i; j++) {
          s -= lu[i * n + j] * col[j];
        }
        col[i] = s;
      }
      for (int i = n - 1; i >= 0; i--) {
        double s = col[i];
        for (int j = i + 1; j < n; j++) {
          s -= lu[i * n + j] * col[j];
        }
        col[i] = s / lu[i * n + i];
      }
      for (int i = 0; i < n; i++) {
        x[from + i * m + c] = col[i];
      }
    }
  }

  /** {@return {@code log |det A|}: the sum of the pivots' log magnitudes ({@code -∞} if one is 0)} */
  public double logAbsDet() {
    double s = 0;
    for (int k = 0; k < n; k++) {
      s += Math.log(Math.abs(lu[k * n + k]));
    }
    return s;
  }

  /** {@return the sign of {@code det A}: {@code 1}, {@code -1}, or {@code 0} if a pivot is 0} */
  public double detSign() {
    double sign = parity;
    for (int k = 0; k < n; k++) {
      double p = lu[k * n + k];
      if (p == 0) {
        return 0;
      }
      sign = p < 0 ? -sign : sign;
    }
    return sign;
  }
}
