package dev.fluxion.nn.init;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * A parameter initializer: a pure function {@code (key, shape) -> tensor}; the same key and
 * shape always give the same tensor, in float64 unless a dtype is given. Factories live in
 * {@link Initializers}.
 */
@FunctionalInterface
public interface Initializer {
  /**
   * A tensor of {@code shape} drawn from {@code key}.
   *
   * @param key the random key; the result depends only on it and the shape
   * @param shape the parameter shape; variance-scaling initializers need rank {@code >= 2} (see {@link Fans})
   * @return a fresh tensor of {@code shape}
   * @throws IllegalArgumentException if an argument is null or the shape does not suit the initializer
   */
  Tensor init(Key key, Shape shape);

  /**
   * {@link #init(Key, Shape)} in {@code dtype}: the float64 draw rounded once to nearest.
   *
   * @param key the random key; the result depends only on it, the shape and the dtype
   * @param shape the parameter shape
   * @param dtype the result's dtype
   * @return a fresh tensor of {@code shape} and {@code dtype}
   * @throws IllegalArgumentException if an argument is null or the shape does not suit the initializer
   */
  default Tensor init(Key key, Shape shape, DType dtype) {
    return init(key, shape).cast(dev.fluxion.autodiff.tensor.Checks.notNull(dtype, "dtype"));
  }

  /**
   * {@link #init(Key, Shape)} with the shape given as dimensions.
   *
   * @param key the randomness; split it, never reuse it
   * @param dims the dimensions, each {@code >= 0}
   * @return a fresh tensor of shape {@code dims}
   * @throws IllegalArgumentException if an argument is invalid
   */
  default Tensor init(Key key, int... dims) {
    return init(key, Shape.of(dims));
  }
}
