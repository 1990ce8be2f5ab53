package dev.fluxion.autodiff.tensor;

/**
 * Window and stride of a 2-D pooling (NCHW, no padding).
 *
 * @param windowH window height, {@code >= 1}
 * @param windowW window width, {@code >= 1}
 * @param strideH vertical stride, {@code >= 1}
 * @param strideW horizontal stride, {@code >= 1}
 */
public record PoolGeometry(int windowH, int windowW, int strideH, int strideW) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a window or stride is below 1
   */
  public PoolGeometry {
    if (windowH < 1 || windowW < 1 || strideH < 1 || strideW < 1) {
      throw new IllegalArgumentException("pool2d: window and stride must be >= 1, got window [" + windowH + ", "
          + windowW + "] stride [" + strideH + ", " + strideW + "]");
    }
  }

  /**
   * {@return geometry from {@code [kh, kw]} and {@code [sh, sw]} arrays}
   *
   * @param window the window size along each spatial axis
   * @param stride the stride along each spatial axis
   */
  public static PoolGeometry of(int[] window, int[] stride) {
    Checks.notNull(window, "window");
    Checks.notNull(stride, "stride");
    if (window.length != 2 || stride.length != 2) {
      throw new IllegalArgumentException("pool2d: window and stride need 2 entries each");
    }
    return new PoolGeometry(window[0], window[1], stride[0], stride[1]);
  }

  /**
   * {@return a square {@code window × window} window moved by {@code stride} along both axes}
   *
   * @param window {@code >= 1}
   * @param stride {@code >= 1}
   * @throws IllegalArgumentException if either is below 1
   */
  public static PoolGeometry square(int window, int stride) {
    return new PoolGeometry(window, window, stride, stride);
  }

  /** {@return whether no two windows share an element: each stride at least its window} */
  public boolean disjoint() {
    return strideH >= windowH && strideW >= windowW;
  }

  /** {@return the attributes as graphs print them: {@code window=[kh, kw], stride=[sh, sw]}} */
  public String describe() {
    return "window=[" + windowH + ", " + windowW + "], stride=[" + strideH + ", " + strideW + "]";
  }
}
