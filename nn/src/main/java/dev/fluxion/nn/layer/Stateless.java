package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Shape;

/**
 * A layer without state: implement {@link #forward}.
 *
 * @param <P> the parameter record
 */
public interface Stateless<P> extends Layer<P, NoState> {
  /**
   * {@return the layer applied to a batch {@code x [N, ...inputShape]}}
   *
   * @param params the parameter record
   * @param x a batch, shape {@code [N, ...inputShape]}
   * @param mode training or evaluation, and the seed
   */
  Expr forward(P params, Expr x, Mode mode);

  @Override
  default NoState initState(Shape inputShape) {
    return NoState.INSTANCE;
  }

  @Override
  default Output<NoState> apply(P params, NoState state, Expr x, Mode mode) {
    return new Output<>(forward(params, x, mode), NoState.INSTANCE);
  }
}
