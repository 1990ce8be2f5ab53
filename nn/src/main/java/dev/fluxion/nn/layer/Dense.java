package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.init.Initializer;
import org.jspecify.annotations.Nullable;

/**
 * A fully connected layer {@code y = x W + b} over the last axis: {@code x [N, ..., in]},
 * {@code W [in, out]}, {@code b [out]} → {@code y [N, ..., out]} (as PyTorch's {@code nn.Linear}:
 * a sequence {@code [N, T, in]} maps each position; an image must be flattened first). By default initialized like PyTorch's {@code nn.Linear}
 * (both uniform in {@code ±1/√in}); with a weight initializer, {@code W} is drawn from it and
 * {@code b} starts at zero.
 *
 * @param units the output size {@code out}, {@code >= 1}
 * @param bias whether to add {@code b}
 * @param weights the weight initializer, or null for PyTorch's default
 */
public record Dense(int units, boolean bias, @Nullable Initializer weights) implements Stateless<Dense.Params> {
  /**
   * The parameters.
   *
   * @param w the weight {@code [in, out]}
   * @param b the bias {@code [out]} (zeros and unused when the layer has no bias)
   */
  public record Params(Expr w, Expr b) {}

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code units < 1}
   */
  public Dense {
    if (units < 1) {
      throw new IllegalArgumentException("Dense: units must be >= 1, got " + units);
    }
  }

  /**
   * A dense layer with PyTorch's default initialization.
   *
   * @param units the number of output units
   * @param bias whether to add a bias
   */
  public Dense(int units, boolean bias) {
    this(units, bias, null);
  }

  /**
   * {@return A dense layer with bias}
   *
   * @param units the number of output units
   */
  public static Dense of(int units) {
    return new Dense(units, true);
  }

  /**
   * {@return this layer with weights drawn from {@code init} (e.g. {@code Initializers.kaimingNormal()}) and zero bias}
   *
   * @param init draws the weights {@code [in, units]}
   */
  public Dense withWeights(Initializer init) {
    return new Dense(units, bias, dev.fluxion.autodiff.tensor.Checks.notNull(init, "init"));
  }

  @Override
  public Params init(Key key, Shape inputShape) {
    int in = inputSize(inputShape);
    Key[] k = key.split(2);
    double bound = 1 / Math.sqrt(in);
    if (weights != null) {
      return new Params(constant(weights.init(k[0], Shape.of(in, units))), constant(Tensor.zeros(units)));
    }
    Tensor w = Tensor.uniform(k[0], Shape.of(in, units), -bound, bound);
    Tensor b = bias ? Tensor.uniform(k[1], Shape.of(units), -bound, bound) : Tensor.zeros(units);
    return new Params(constant(w), constant(b));
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    inputSize(inputShape);
    int[] d = inputShape.toArray();
    d[d.length - 1] = units;
    return Shape.of(d);
  }

  /** {@code x W + b}; a batch of rank above 2 multiplies as one {@code [N·…, in]} matrix, then takes its shape back. */
  @Override
  public Expr forward(Params p, Expr x, Mode mode) {
    Expr y = x.shape().rank() <= 2 ? matmul(x, p.w()) : matmul(reshape(x, -1, x.shape().dim(-1)), p.w());
    y = bias ? y.plus(p.b()) : y;
    if (x.shape().rank() <= 2) {
      return y;
    }
    int[] d = x.shape().toArray();
    d[d.length - 1] = units;
    return reshape(y, d);
  }

  @Override
  public String describe() {
    return "Dense(" + units + (bias ? "" : ", no bias") + (weights == null ? "" : ", " + weights) + ")";
  }

  private static int inputSize(Shape s) {
    if (s.rank() < 1) {
      throw new IllegalArgumentException("Dense: input must have rank >= 1 per example (the last axis is the"
          + " input size), got shape " + s);
    }
    return s.dim(-1);
  }
}
