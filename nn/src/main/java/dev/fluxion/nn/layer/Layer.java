package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.tree.Trees;

/**
 * A layer: a pure function {@code (params, state, x, mode) -> (y, state')} over an immutable
 * parameter record {@code P} and an immutable state record {@code S} (running statistics;
 * {@link NoState} for most layers). Hyperparameters live in the layer value, not in
 * {@code P}. Shapes are per example: {@code x} is {@code [N, ...inputShape]}.
 *
 * <p>Parameter and state records hold {@code Expr} leaves: constants when concrete, variables
 * when traced for differentiation (see {@code Trees}).
 *
 * <p><b>dtype.</b> A model picks its dtype at init, as JAX/Equinox's {@code dtype=}:
 * {@link #init(Key, Shape, DType)} and {@link #initState(Shape, DType)}; the two-argument forms
 * are float64. Parameters are drawn in float64 and rounded once, so a float32 model starts at its
 * float64 twin's parameters rounded to nearest. Batches must then come in the same dtype.
 *
 * @param <P> the parameter record
 * @param <S> the state record
 */
public interface Layer<P, S> {
  /**
   * {@return fresh parameters for examples of shape {@code inputShape}, drawn from {@code key}}
   *
   * @param key the randomness; split it, never reuse it
   * @param inputShape the shape of one example
   * @throws IllegalArgumentException if the layer does not accept that shape
   */
  P init(Key key, Shape inputShape);

  /**
   * {@return fresh parameters in {@code dtype}: {@link #init(Key, Shape)}'s, converted with {@link Trees#cast}}
   *
   * @param key the randomness; split it, never reuse it
   * @param inputShape the shape of one example
   * @param dtype the parameters' dtype, e.g. {@code DType.FLOAT32}
   * @throws IllegalArgumentException if the layer does not accept that shape
   */
  default P init(Key key, Shape inputShape, DType dtype) {
    return Trees.cast(init(key, inputShape), dtype);
  }

  /**
   * {@return the initial state for examples of shape {@code inputShape}}
   *
   * @param inputShape the shape of one example
   */
  S initState(Shape inputShape);

  /**
   * {@return the initial state in {@code dtype} (e.g. BatchNorm's running statistics)}
   *
   * @param inputShape the shape of one example
   * @param dtype the state's dtype, that of the parameters
   */
  default S initState(Shape inputShape, DType dtype) {
    return Trees.cast(initState(inputShape), dtype);
  }

  /**
   * {@return the output shape per example}
   *
   * @param inputShape the shape of one example
   * @throws IllegalArgumentException naming the layer and the shape if it does not fit
   */
  Shape outputShape(Shape inputShape);

  /**
   * {@return the layer applied to a batch {@code x [N, ...inputShape]}}
   *
   * @param params the parameter record
   * @param state this layer's state from {@code init} or the previous apply (e.g. running statistics)
   * @param x a batch, shape {@code [N, ...inputShape]}
   * @param mode training or evaluation, and the seed
   * @throws IllegalArgumentException if the shapes do not fit
   */
  Output<S> apply(P params, S state, Expr x, Mode mode);

  /** {@return A short description, e.g. {@code Dense(784 -> 128)}} */
  String describe();

  /**
   * {@return this layer followed by {@code next}}
   *
   * @param next any layer accepting this layer's output shape
   */
  default Sequential andThen(Layer<?, ?> next) {
    return Sequential.of(this, next);
  }

  /**
   * The result of applying a layer.
   *
   * @param y the output batch
   * @param state the next state
   * @param <S> the state record
   */
  record Output<S>(Expr y, S state) {}
}
