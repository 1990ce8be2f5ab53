package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.concat;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;

/**
 * A bidirectional recurrent layer, PyTorch's {@code bidirectional=True}: for {@code x [N, T, D]}, the
 * forward layer's outputs {@code [N, T, H_f]} and the backward layer's {@code [N, T, H_b]} (a loop from
 * {@code t = T - 1} down to 0, outputs at their own {@code t}) concatenated along the features,
 * {@code [N, T, H_f + H_b]}. Output {@code t} of the forward half sees {@code x_0 … x_t}, of the backward
 * half {@code x_t … x_(T-1)}. Each half has its own weights ({@link Params}).
 *
 * @param forward the forward-in-time layer, output {@code [T, H_f]} for an example {@code [T, D]}
 * @param backward the backward-in-time layer, output {@code [T, H_b]}
 * @param <P> the halves' parameter record
 */
public record Bidirectional<P>(Stateless<P> forward, Stateless<P> backward)
    implements Stateless<Bidirectional.Params<P>> {
  /**
   * The two halves' weights: {@code forward} is PyTorch's {@code *_l0}, {@code backward} its {@code *_l0_reverse}.
   *
   * @param forward the forward layer's parameters
   * @param backward the backward layer's parameters
   * @param <P> the halves' parameter record
   */
  public record Params<P>(P forward, P backward) {}

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a layer is null
   */
  public Bidirectional {
    Checks.notNull(forward, "forward");
    Checks.notNull(backward, "backward");
  }

  /**
   * {@return a bidirectional {@link LSTM}, {@code [N, T, D] → [N, T, 2H]}}
   *
   * @param hidden each direction's state size {@code H}, {@code >= 1}
   * @throws IllegalArgumentException if {@code hidden < 1}
   */
  public static Bidirectional<RecurrentParams> lstm(int hidden) {
    return new Bidirectional<>(new LSTM(hidden), new LSTM(hidden, true));
  }

  /**
   * {@return a bidirectional {@link GRU}, {@code [N, T, D] → [N, T, 2H]}}
   *
   * @param hidden each direction's state size {@code H}, {@code >= 1}
   * @throws IllegalArgumentException if {@code hidden < 1}
   */
  public static Bidirectional<RecurrentParams> gru(int hidden) {
    return new Bidirectional<>(new GRU(hidden), new GRU(hidden, true));
  }

  /** {@inheritDoc} The forward half's key is {@code key.split(2)[0]}, the backward half's {@code [1]}. */
  @Override
  public Params<P> init(Key key, Shape inputShape) {
    outputShape(inputShape);
    Key[] k = key.split(2);
    return new Params<>(forward.init(k[0], inputShape), backward.init(k[1], inputShape));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the halves' outputs are not sequences {@code [T, H]} of the input's length
   */
  @Override
  public Shape outputShape(Shape inputShape) {
    Shape f = forward.outputShape(inputShape);
    Shape b = backward.outputShape(inputShape);
    if (f.rank() != 2 || b.rank() != 2 || f.dim(0) != inputShape.dim(0) || b.dim(0) != inputShape.dim(0)) {
      throw new IllegalArgumentException("Bidirectional: the halves must map [T, D] to [T, H], got " + f + " and "
          + b + " for " + inputShape);
    }
    return Shape.of(f.dim(0), f.dim(1) + b.dim(1));
  }

  @Override
  public Expr forward(Params<P> params, Expr x, Mode mode) {
    return concat(2, forward.forward(params.forward(), x, mode), backward.forward(params.backward(), x, mode));
  }

  @Override
  public String describe() {
    return "Bidirectional(" + forward.describe() + ", " + backward.describe() + ")";
  }
}
