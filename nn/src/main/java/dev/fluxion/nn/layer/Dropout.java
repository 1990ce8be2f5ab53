package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;

/**
 * Inverted dropout: in training, each element is zeroed with probability {@code rate} and the
 * rest scaled by {@code 1/(1 - rate)}; in evaluation, the identity. The mask is drawn from the
 * mode's seed and stream, so it is reproducible and differs per batch when the seed does.
 *
 * @param rate the drop probability, in {@code [0, 1)}
 */
public record Dropout(double rate) implements Stateless<NoParams> {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if rate is outside {@code [0, 1)}
   */
  public Dropout {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
    }
  }

  @Override
  public NoParams init(Key key, Shape inputShape) {
    return NoParams.INSTANCE;
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  public Expr forward(NoParams p, Expr x, Mode mode) {
    if (!mode.training() || rate == 0) {
      return x;
    }
    Expr mask = Fx.apply(new RandomMask(x.shape(), 1 - rate, mode.stream(), x.dtype()), mode.seed());
    return x.times(mask).div(1 - rate);
  }

  @Override
  public String describe() {
    return "Dropout(" + rate + ")";
  }
}
