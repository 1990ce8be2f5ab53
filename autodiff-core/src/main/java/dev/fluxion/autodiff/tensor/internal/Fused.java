package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * Chains of elementwise operations computed in one pass, for compiled plans and optimizer updates:
 * each method returns exactly the numbers its formula gives when evaluated operation by operation
 * (Java never fuses a multiply and an add), without the intermediate tensors or a function call per
 * element.
 */
public final class Fused {
  private Fused() {}

  /**
   * {@return {@code maskedMul(a, step(x))}: {@code a == 0 || step(x) == 0 ? 0 : a * step(x)}, the adjoint
   * of {@code relu} at {@code x} for the cotangent {@code a} (NaN for a NaN {@code x} and nonzero
   * {@code a}); computed without a data-dependent branch as {@code (a + 0.0) * step(x) + 0.0}, the same
   * bits for finite {@code a} (the additions only turn {@code -0.0} into {@code 0.0}), with non-finite
   * products fixed in a second loop}
   *
   * @param a the cotangent of relu's output, any shape
   * @param x the point, of {@code a}'s shape
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor maskedMulStep(Tensor a, Tensor x) {
    Checks.notNull(a, "a");
    Checks.notNull(x, "x");
    if (!a.shape().equals(x.shape())) {
      throw new IllegalArgumentException("maskedMulStep: shapes " + a.shape() + " and " + x.shape() + " differ");
    }
    if (Widen.float32("maskedMulStep", a, x)) {
      return maskedMulStep32(a, x);
    }
    double[] u = Storage.raw(a);
    double[] v = Storage.raw(x);
    double[] r = new double[u.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (u[i] + 0.0) * Scalars.stepOf(v[i]) + 0.0;
    }
    for (int i = 0; i < r.length; i++) {
      if (r[i] != r[i]) {
        r[i] = maskedStep(u[i], v[i]);
      }
    }
    return Storage.wrap(a.shape(), r);
  }

  /**
   * The float32 loops of {@link #maskedMulStep}: the same formula in float, the same bits as the
   * float64 loop rounded (its additions of {@code 0.0} and products by 0, 1 or NaN are exact).
   */
  private static Tensor maskedMulStep32(Tensor a, Tensor x) {
    float[] u = Storage.floats(a);
    float[] v = Storage.floats(x);
    float[] r = new float[u.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Scalars.mul(u[i] + 0.0f, Scalars.stepOf(v[i])) + 0.0f;
    }
    for (int i = 0; i < r.length; i++) {
      if (r[i] != r[i]) {
        r[i] = (float) maskedStep(u[i], v[i]);
      }
    }
    return Storage.wrap(a.shape(), r);
  }

  /** {@return {@code maskedMul(g, step(z))} of one element} */
  static double maskedStep(double g, double z) {
    double s = Scalars.stepOf(z);
    return g == 0 || s == 0 ? 0.0 : g * s;
  }

  /**
   * {@return {@code maskedMul(maxPool2dBackward(x, yBar, geometry), step(z))}: the adjoint of
   * {@code maxPool2d(relu(z))}-style chains without the scattered intermediate}
   *
   * @param x the max-pooling input {@code [N, C, H, W]}
   * @param yBar the pooling output cotangent {@code [N, C, OH, OW]}
   * @param z the point of the step mask, of {@code x}'s shape
   * @param geometry window and stride, as in the forward call
   * @throws IllegalArgumentException if the shapes or arguments are invalid
   */
  public static Tensor maxPool2dBackwardMaskedStep(Tensor x, Tensor yBar, Tensor z, PoolGeometry geometry) {
    Checks.notNull(x, "x");
    Checks.notNull(yBar, "yBar");
    Checks.notNull(z, "z");
    Shape y = ConvShapes.pool2d("maxPool2dBackwardMaskedStep", x.shape(), geometry);
    ConvShapes.requireShape("maxPool2dBackwardMaskedStep", "cotangent", yBar.shape(), y);
    if (!z.shape().equals(x.shape())) {
      throw new IllegalArgumentException("maxPool2dBackwardMaskedStep: shapes " + x.shape() + " and " + z.shape()
          + " differ");
    }
    Widen.float32("maxPool2dBackwardMaskedStep", x, yBar, z);
    return PoolKernels.maxScatterMaskedStep(x, yBar, z, geometry);
  }

  /**
   * {@return {@code conv2d(x, w) + broadcast(bias)}: the convolution with {@code bias[o]} added to
   * every element of output channel {@code o}, image by image while its block is in cache}
   *
   * @param x the input {@code [N, C, H, W]}
   * @param w the weight {@code [O, C, KH, KW]}
   * @param bias {@code O} values, of shape {@code [O]} or {@code [O, 1, 1]}
   * @param geometry stride and zero padding
   * @throws IllegalArgumentException if the shapes or arguments are invalid
   */
  public static Tensor conv2dBias(Tensor x, Tensor w, Tensor bias, ConvGeometry geometry) {
    Checks.notNull(x, "x");
    Checks.notNull(w, "w");
    Checks.notNull(bias, "bias");
    ConvShapes.conv2d(x.shape(), w.shape(), geometry);
    int o = w.shape().dim(0);
    if (!bias.shape().equals(Shape.of(o)) && !bias.shape().equals(Shape.of(o, 1, 1))) {
      throw new IllegalArgumentException("conv2dBias: bias of shape " + bias.shape() + " for " + o
          + " output channels; expected [" + o + "] or [" + o + ", 1, 1]");
    }
    if (Widen.float32("conv2dBias", x, w, bias)) {
      // rounded as the unfused conv2d and add are: the float32 convolution first, then the float32 sum
      return ConvKernels32.forward(ConvKernels.Geometry.of(x.shape(), w.shape(), geometry), x, w,
          Storage.floats(bias));
    }
    return ConvKernels.forward(x, w, Storage.raw(bias), geometry);
  }

  private static double[] same(String op, Tensor x, Tensor y) {
    Checks.notNull(x, "x");
    Checks.notNull(y, "y");
    if (!x.shape().equals(y.shape())) {
      throw new IllegalArgumentException(op + ": shapes " + x.shape() + " and " + y.shape() + " differ");
    }
    return Storage.raw(x);
  }
}
