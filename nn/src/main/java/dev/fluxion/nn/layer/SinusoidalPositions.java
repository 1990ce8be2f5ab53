package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * The fixed positions of "Attention Is All You Need": {@code y[n, t, :] = x[n, t, :] + P[t, :]} for
 * {@code x [N, T, dim]}, with {@code P[t, 2i] = sin(t / 10000^(2i/dim))} and
 * {@code P[t, 2i+1] = cos(t / 10000^(2i/dim))}; no parameters, any length.
 */
public record SinusoidalPositions() implements Stateless<NoParams> {
  /**
   * {@return the table {@code P [length, dim]}, float64}
   *
   * @param length positions, {@code >= 0}
   * @param dim the model size, {@code >= 1} (an odd size ends with a sine)
   */
  public static Tensor table(int length, int dim) {
    double[] d = new double[length * dim];
    for (int t = 0; t < length; t++) {
      for (int i = 0; i < dim; i++) {
        double angle = t / Math.pow(10000, (i - i % 2) / (double) dim);
        d[t * dim + i] = i % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
      }
    }
    return Tensor.of(d, length, dim);
  }

  @Override
  public NoParams init(Key key, Shape inputShape) {
    sequence("SinusoidalPositions", inputShape, Integer.MAX_VALUE);
    return NoParams.INSTANCE;
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    sequence("SinusoidalPositions", inputShape, Integer.MAX_VALUE);
    return inputShape;
  }

  @Override
  public Expr forward(NoParams p, Expr x, Mode mode) {
    Shape e = PositionalEmbedding.example(x);
    return x.plus(constant(table(e.dim(0), e.dim(1)).cast(x.dtype())));
  }

  @Override
  public String describe() {
    return "SinusoidalPositions";
  }

  /**
   * {@return an example's {@code [T, dim]}}
   *
   * @throws IllegalArgumentException naming {@code layer} if the example is not {@code [T, dim]} with {@code T <= maxLength}
   */
  static int[] sequence(String layer, Shape s, int maxLength) {
    if (s.rank() != 2 || s.dim(0) > maxLength) {
      throw new IllegalArgumentException(layer + ": an example must be [T, dim]"
          + (maxLength == Integer.MAX_VALUE ? "" : " with T <= " + maxLength) + ", got " + s);
    }
    return s.toArray();
  }
}
