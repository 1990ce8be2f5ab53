package dev.fluxion.nn.init;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;

/**
 * The fan-in and fan-out of a weight shape: the number of inputs and outputs each unit is connected to.
 *
 * <p>Fluxion's dense weights are {@code [in, out]} (applied as {@code x @ W}), so for rank 2
 * {@code fanIn = shape[0]} and {@code fanOut = shape[1]} — the transpose of PyTorch's
 * {@code [out, in]} {@code Linear.weight}, giving the same numbers for the same layer (and
 * matching JAX's default {@code in_axis=-2, out_axis=-1}). Convolution weights
 * {@code [O, C, k1, k2, ...]} follow PyTorch's {@code _calculate_fan_in_and_fan_out}:
 * {@code fanIn = C * k1 * k2 * ...}, {@code fanOut = O * k1 * k2 * ...}.
 *
 * @param fanIn the number of inputs per output unit, {@code >= 0}
 * @param fanOut the number of outputs per input unit, {@code >= 0}
 */
public record Fans(long fanIn, long fanOut) {
  /** Which fan a variance-scaling initializer divides by. */
  public enum Mode {
    /** {@code fanIn}: preserves the variance of activations in the forward pass. */
    FAN_IN,
    /** {@code fanOut}: preserves the variance of gradients in the backward pass. */
    FAN_OUT,
    /** {@code (fanIn + fanOut) / 2}: the Glorot compromise. */
    FAN_AVG
  }

  /**
   * Checks the fans.
   *
   * @throws IllegalArgumentException if a fan is negative
   */
  public Fans {
    if (fanIn < 0 || fanOut < 0) {
      throw new IllegalArgumentException("fans must be >= 0, got fanIn " + fanIn + ", fanOut " + fanOut);
    }
  }

  /**
   * {@return the fans of a weight shape: {@code [in, out]} for dense layers, {@code [O, C, k...]} for convolutions}
   *
   * @param shape rank {@code >= 2}
   * @throws IllegalArgumentException if the shape is null or has rank {@code < 2} (a bias has no fans)
   */
  public static Fans of(Shape shape) {
    Checks.notNull(shape, "shape");
    if (shape.rank() < 2) {
      throw new IllegalArgumentException("fans need a weight of rank >= 2 ([in, out] or [O, C, k...]), got shape " + shape);
    }
    if (shape.rank() == 2) {
      return new Fans(shape.dim(0), shape.dim(1));
    }
    try {
      long receptive = 1;
      for (int i = 2; i < shape.rank(); i++) {
        receptive = Math.multiplyExact(receptive, shape.dim(i));
      }
      return new Fans(Math.multiplyExact(shape.dim(1), receptive), Math.multiplyExact(shape.dim(0), receptive));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("fans of shape " + shape + " overflow a long");
    }
  }

  /**
   * The fan selected by {@code mode}.
   *
   * @param mode which fan
   * @return {@code fanIn}, {@code fanOut} or their mean
   * @throws IllegalArgumentException if {@code mode} is null
   */
  public double fan(Mode mode) {
    return switch (Checks.notNull(mode, "mode")) {
      case FAN_IN -> fanIn;
      case FAN_OUT -> fanOut;
      case FAN_AVG -> ((double) fanIn + fanOut) / 2;
    };
  }
}
