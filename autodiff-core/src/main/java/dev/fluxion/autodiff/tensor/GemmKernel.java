package dev.fluxion.autodiff.tensor;

/** The GEMM kernel {@code C[m,n] = A[m,k] @ B[k,n]} on row-major arrays with offsets. */
final class GemmKernel {
  private GemmKernel() {}

  static void gemm(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
    double[] row = new double[n];
    for (int i = 0; i < m; i++) {
      java.util.Arrays.fill(row, 0);
      for (int p = 0; p < k; p++) {
        double av = a[aOff + i * k + p];
        int bo = bOff + p * n;
        for (int j = 0; j < n; j++) {
          row[j] += av * b[bo + j];
        }
      }
      System.arraycopy(row, 0, c, cOff + i * n, n);
    }
  }
}
