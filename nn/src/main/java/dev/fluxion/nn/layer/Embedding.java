package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * A lookup table {@code y[..., :] = table[x[...], :]}: int32 token ids {@code x [N, ...]} in
 * {@code [0, vocabulary)} → {@code y [N, ..., dim]}, {@code table [vocabulary, dim]}. A
 * {@code gather}, so a step costs O(tokens × dim) whatever the vocabulary, and the table's gradient
 * adds the rows of repeated tokens. Initialized like PyTorch's {@code nn.Embedding}: standard normal.
 *
 * <p>The batch is int32 whatever the model's dtype ({@code Tensor.of(int[], ...)}); a float batch is
 * an error, as a token id coded as a float is no id.
 *
 * @param vocabulary the number of token ids, {@code >= 1}
 * @param dim the embedding size, {@code >= 1}
 */
public record Embedding(int vocabulary, int dim) implements Stateless<Embedding.Params> {
  /**
   * The table.
   *
   * @param table one row per token id, {@code [vocabulary, dim]}
   */
  public record Params(Expr table) {}

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a size is below 1
   */
  public Embedding {
    if (vocabulary < 1 || dim < 1) {
      throw new IllegalArgumentException("Embedding: vocabulary and dim must be >= 1, got " + vocabulary + " and " + dim);
    }
  }

  @Override
  public Params init(Key key, Shape inputShape) {
    return new Params(constant(Tensor.normal(key, Shape.of(vocabulary, dim), 0, 1)));
  }

  /** {@return the ids' shape with {@code dim} appended: {@code [T]} → {@code [T, dim]}} */
  @Override
  public Shape outputShape(Shape inputShape) {
    int[] d = java.util.Arrays.copyOf(inputShape.toArray(), inputShape.rank() + 1);
    d[inputShape.rank()] = dim;
    return Shape.of(d);
  }

  /**
   * {@return the rows of the table at {@code x}}
   *
   * @throws IllegalArgumentException if {@code x} is not int32; when evaluated, if an id is outside
   *     {@code [0, vocabulary)} (the message gives its position)
   */
  @Override
  public Expr forward(Params p, Expr x, Mode mode) {
    if (x.dtype() != DType.INT32) {
      throw new IllegalArgumentException("Embedding: token ids must be int32, got " + x.dtype()
          + " (build them with Tensor.of(int[], ...) or cast(DType.INT32))");
    }
    return gather(p.table(), x, 0);
  }

  @Override
  public String describe() {
    return "Embedding(" + vocabulary + " -> " + dim + ")";
  }
}
