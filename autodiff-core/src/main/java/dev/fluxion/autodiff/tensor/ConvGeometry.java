package dev.fluxion.autodiff.tensor;

/**
 * Stride and zero padding of a 2-D convolution (NCHW).
 *
 * @param strideH vertical stride, {@code >= 1}
 * @param strideW horizontal stride, {@code >= 1}
 * @param padH rows of zeros above and below, {@code >= 0}
 * @param padW columns of zeros left and right, {@code >= 0}
 */
public record ConvGeometry(int strideH, int strideW, int padH, int padW) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a stride is below 1 or a padding is negative
   */
  public ConvGeometry {
    if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
      throw new IllegalArgumentException("conv2d: stride must be >= 1 and padding >= 0, got stride [" + strideH
          + ", " + strideW + "] padding [" + padH + ", " + padW + "]");
    }
  }

  /**
   * {@return geometry from {@code [sh, sw]} and {@code [ph, pw]} arrays}
   *
   * @param stride the stride along each spatial axis
   * @param padding the zero padding along each spatial axis
   */
  public static ConvGeometry of(int[] stride, int[] padding) {
    Checks.notNull(stride, "stride");
    Checks.notNull(padding, "padding");
    if (stride.length != 2 || padding.length != 2) {
      throw new IllegalArgumentException("conv2d: stride and padding need 2 entries each");
    }
    return new ConvGeometry(stride[0], stride[1], padding[0], padding[1]);
  }

  /**
   * {@return the same stride and padding along both spatial axes}
   *
   * @param stride {@code >= 1}
   * @param padding {@code >= 0}
   * @throws IllegalArgumentException if the stride is below 1 or the padding negative
   */
  public static ConvGeometry square(int stride, int padding) {
    return new ConvGeometry(stride, stride, padding, padding);
  }

  /** {@return the attributes as graphs print them: {@code stride=[sh, sw], padding=[ph, pw]}} */
  public String describe() {
    return "stride=[" + strideH + ", " + strideW + "], padding=[" + padH + ", " + padW + "]";
  }
}
