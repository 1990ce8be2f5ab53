package dev.fluxion.autodiff.tensor;

/**
 * Chains of primitives computed in one pass, for compiled plans: each method returns exactly the
 * numbers the chain it names would, element by element, without the intermediate tensors.
 */
public final class Fused {
  private Fused() {}

  /**
   * {@return {@code maskedMul(a, step(x))}: {@code a == 0 ? 0 : a * (x > 0 ? 1 : 0)}, the adjoint
   * of {@code relu} at {@code x} for the cotangent {@code a}}
   *
   * @param a the cotangent
   * @param x the point, of {@code a}'s shape
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor maskedMulStep(Tensor a, Tensor x) {
    Checks.notNull(a, "a");
    Checks.notNull(x, "x");
    if (!a.shape().equals(x.shape())) {
      throw new IllegalArgumentException("maskedMulStep: shapes " + a.shape() + " and " + x.shape() + " differ");
    }
    double[] u = a.raw();
    double[] v = x.raw();
    double[] r = new double[u.length];
    for (int i = 0; i < r.length; i++) {
      double s = u[i];
      r[i] = s == 0 ? 0.0 : s * (v[i] > 0 ? 1.0 : 0.0);
    }
    return Tensor.wrap(a.shape(), r);
  }
}
