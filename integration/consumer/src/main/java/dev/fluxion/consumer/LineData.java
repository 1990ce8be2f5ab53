package dev.fluxion.consumer;

import dev.fluxion.autodiff.tensor.Tensor;

/** Java side of the consumer: noiseless samples of the line y = 3x - 1 at x = -1, -0.5, ..., 1. */
public final class LineData {
  /** The true slope. */
  public static final double SLOPE = 3.0;
  /** The true intercept. */
  public static final double INTERCEPT = -1.0;

  private LineData() {}

  /** The five inputs, shape [5]. */
  public static Tensor xs() {
    return Tensor.vector(-1.0, -0.5, 0.0, 0.5, 1.0);
  }

  /** The targets SLOPE * x + INTERCEPT, shape [5]. */
  public static Tensor ys() {
    double[] x = xs().toArray();
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = SLOPE * x[i] + INTERCEPT;
    }
    return Tensor.vector(y);
  }
}
