package dev.fluxion.autodiff.tensor.internal;

import org.jspecify.annotations.Nullable;

/**
 * The eigendecomposition {@code S = V diag(w) Vᵀ} of the symmetric part {@code S = (A + Aᵀ)/2} of a square
 * matrix, by the cyclic Jacobi method in float64 on one thread in a fixed order (the same bits everywhere):
 * the kernel of {@code eigh}. Each sweep visits the pairs {@code p < q} row by row and annihilates
 * {@code s_pq} with a rotation (Rutishauser's update, as in Numerical Recipes §11.1) unless it is negligible,
 * {@code |s_pq| <= ε √|s_pp| √|s_qq|} (Demmel and Veselić's test, which also keeps small eigenvalues
 * accurate); the iteration stops after a sweep without rotations. Eigenvalues come out ascending (ties in
 * the order found); each eigenvector is signed so that its component of largest magnitude (the first of
 * several equal ones) is positive.
 */
public final class SymmetricEigen {
  /** More sweeps than convergence ever takes: Jacobi converges quadratically, in well under 20. */
  static final int MAX_SWEEPS = 100;
  private static final double EPS = Math.ulp(1.0);

  private SymmetricEigen() {}

  /**
   * Writes the eigenvalues of matrix {@code e} of a stack to {@code w[e·n:(e+1)·n]}, ascending, and, if
   * {@code v} is not null, its eigenvectors to the columns of matrix {@code e} of {@code v}. A matrix with
   * a non-finite entry gets NaN everywhere.
   *
   * @param a row-major {@code n × n} matrices, at least {@code e + 1} of them
   * @param e the matrix's position in the stack
   * @param n the order, {@code >= 0}
   * @param w the eigenvalues' output, at least {@code (e + 1)·n} long
   * @param v the eigenvectors' output, like {@code a}; null to skip them
   * @throws IllegalStateException if the iteration has not converged after {@value #MAX_SWEEPS} sweeps
   */
  public static void decompose(double[] a, int e, int n, double[] w, double @Nullable [] v) {
    int o = e * n * n;
    double[] s = new double[n * n];
    boolean finite = true;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        s[i * n + j] = (a[o + i * n + j] + a[o + j * n + i]) / 2;
        finite &= Double.isFinite(s[i * n + j]);
      }
    }
    if (!finite) {
      java.util.Arrays.fill(w, e * n, (e + 1) * n, Double.NaN);
      if (v != null) {
        java.util.Arrays.fill(v, o, o + n * n, Double.NaN);
      }
      return;
    }
    double[] q = v == null ? null : identity(n);
    int sweeps = 0;
    while (sweep(s, q, n)) {
      if (++sweeps == MAX_SWEEPS) {
        throw new IllegalStateException("eigh: the Jacobi iteration did not converge in " + MAX_SWEEPS + " sweeps");
      }
    }
    int[] order = ascending(s, n);
    for (int k = 0; k < n; k++) {
      w[e * n + k] = s[order[k] * n + order[k]];
    }
    if (v != null) {
      for (int k = 0; k < n; k++) {
        int c = order[k];
        int top = 0;
        for (int i = 1; i < n; i++) {
          if (Math.abs(q[i * n + c]) > Math.abs(q[top * n + c])) {
            top = i;
          }
        }
        double sign = q[top * n + c] < 0 ? -1 : 1;
        for (int i = 0; i < n; i++) {
          v[o + i * n + k] = sign * q[i * n + c];
        }
      }
    }
  }

  /** {@return whether a rotation was applied} One cyclic sweep over {@code s}, accumulating into {@code q}. */
  private static boolean sweep(double[] s, double @Nullable [] q, int n) {
    boolean rotated = false;
    for (int p = 0; p < n; p++) {
      for (int r = p + 1; r < n; r++) {
        double apq = s[p * n + r];
        double app = s[p * n + p];
        double aqq = s[r * n + r];
        if (Math.abs(apq) <= EPS * Math.sqrt(Math.abs(app)) * Math.sqrt(Math.abs(aqq))) {
          s[p * n + r] = 0;
          s[r * n + p] = 0;
          continue;
        }
        rotated = true;
        double theta = (aqq - app) / (2 * apq);
        double t = 1 / (Math.abs(theta) + Math.hypot(theta, 1));
        t = theta < 0 ? -t : t;
        double c = 1 / Math.sqrt(t * t + 1);
        double sn = t * c;
        double tau = sn / (1 + c);
        s[p * n + p] = app - t * apq;
        s[r * n + r] = aqq + t * apq;
        s[p * n + r] = 0;
        s[r * n + p] = 0;
        for (int k = 0; k < n; k++) {
          if (k != p && k != r) {
            double skp = s[k * n + p];
            double skq = s[k * n + r];
            s[k * n + p] = skp - sn * (skq + tau * skp);
            s[p * n + k] = s[k * n + p];
            s[k * n + r] = skq + sn * (skp - tau * skq);
            s[r * n + k] = s[k * n + r];
          }
        }
        if (q != null) {
          for (int k = 0; k < n; k++) {
            double vkp = q[k * n + p];
            double vkq = q[k * n + r];
            q[k * n + p] = vkp - sn * (vkq + tau * vkp);
            q[k * n + r] = vkq + sn * (vkp - tau * vkq);
          }
        }
      }
    }
    return rotated;
  }

  /** {@return the diagonal's positions sorted by value, ascending; equal values keep their order} */
  private static int[] ascending(double[] s, int n) {
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      int j = k;
      while (j > 0 && s[order[j - 1] * n + order[j - 1]] > s[k * n + k]) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = k;
    }
    return order;
  }

  private static double[] identity(int n) {
    double[] q = new double[n * n];
    for (int i = 0; i < n; i++) {
      q[i * n + i] = 1;
    }
    return q;
  }
}
