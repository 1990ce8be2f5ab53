package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.init.Initializer;
import org.jspecify.annotations.Nullable;

/**
 * A fully connected layer {@code y = x W + b}: {@code x [N, in]}, {@code W [in, out]},
 * {@code b [out]} → {@code y [N, out]}. By default initialized like PyTorch's {@code nn.Linear}
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
    return Shape.of(units);
  }

  @Override
  public Expr forward(Params p, Expr x, Mode mode) {
    Expr y = matmul(x, p.w());
    return bias ? y.plus(p.b()) : y;
  }

  @Override
  public String describe() {
    return "Dense(" + units + (bias ? "" : ", no bias") + (weights == null ? "" : ", " + weights) + ")";
  }

  private static int inputSize(Shape s) {
    if (s.rank() != 1) {
      throw new IllegalArgumentException("Dense: input must be a vector per example, got shape " + s
          + " (add a Flatten first)");
    }
    return s.dim(0);
  }
}
