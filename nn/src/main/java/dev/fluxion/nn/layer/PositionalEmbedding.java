package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * Learned positions (GPT-2's): {@code y[n, t, :] = x[n, t, :] + P[t, :]} for {@code x [N, T, dim]},
 * {@code T <= maxLength}, with the parameter {@code P [maxLength, dim]} drawn from {@code N(0, 0.02²)}.
 * {@link SinusoidalPositions} is the fixed alternative.
 *
 * @param maxLength the longest sequence, {@code >= 1}
 */
public record PositionalEmbedding(int maxLength) implements Stateless<PositionalEmbedding.Params> {
  /**
   * The position table.
   *
   * @param table {@code [maxLength, dim]}
   */
  public record Params(Expr table) {}

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code maxLength < 1}
   */
  public PositionalEmbedding {
    if (maxLength < 1) {
      throw new IllegalArgumentException("PositionalEmbedding: maxLength must be >= 1, got " + maxLength);
    }
  }

  @Override
  public Params init(Key key, Shape inputShape) {
    int dim = SinusoidalPositions.sequence("PositionalEmbedding", inputShape, maxLength)[1];
    return new Params(constant(Tensor.normal(key, Shape.of(maxLength, dim), 0, 0.02)));
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    SinusoidalPositions.sequence("PositionalEmbedding", inputShape, maxLength);
    return inputShape;
  }

  @Override
  public Expr forward(Params p, Expr x, Mode mode) {
    int t = SinusoidalPositions.sequence("PositionalEmbedding", example(x), maxLength)[0];
    Expr table = p.table();
    return x.plus(t == maxLength ? table : slice(table, new int[] {0, 0}, new int[] {t, table.shape().dim(1)},
        new int[] {1, 1}));
  }

  @Override
  public String describe() {
    return "PositionalEmbedding(maxLength " + maxLength + ")";
  }

  /** The last two axes of a batch: one example's {@code [T, dim]}. */
  static Shape example(Expr x) {
    if (x.shape().rank() < 2) {
      throw new IllegalArgumentException("positions: a batch must be [N, T, dim], got " + x.shape());
    }
    return Shape.of(x.shape().dim(-2), x.shape().dim(-1));
  }
}
