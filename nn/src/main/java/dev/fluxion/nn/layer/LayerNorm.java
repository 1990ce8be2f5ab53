package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * Layer normalization (Ba et al.) over each example's last axis:
 * {@code y = γ (x − μ) / √(σ² + eps) + β}, with {@code γ, β} of the last axis' size.
 *
 * @param eps added to the variance, {@code > 0}
 */
public record LayerNorm(double eps) implements Stateless<LayerNorm.Params> {
  /**
   * The learned scale and shift.
   *
   * @param gamma the scale, initially ones
   * @param beta the shift, initially zeros
   */
  public record Params(Expr gamma, Expr beta) {}

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if eps is not positive
   */
  public LayerNorm {
    checkEps("LayerNorm", eps);
  }

  /** {@return with PyTorch's default eps 1e-5} */
  public static LayerNorm of() {
    return new LayerNorm(1e-5);
  }

  @Override
  public Params init(Key key, Shape inputShape) {
    int d = last("LayerNorm", inputShape);
    return new Params(constant(Tensor.ones(d)), constant(Tensor.zeros(d)));
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    last("LayerNorm", inputShape);
    return inputShape;
  }

  @Override
  public Expr forward(Params p, Expr x, Mode mode) {
    int[] axis = {-1};
    Expr centered = x.minus(mean(x, axis, true));
    Expr var = mean(square(centered), axis, true);
    return centered.div(sqrt(var.plus(eps))).times(p.gamma()).plus(p.beta());
  }

  @Override
  public String describe() {
    return "LayerNorm";
  }

  /** {@return the last axis' size of an example}; throws naming {@code layer} for a scalar example */
  static int last(String layer, Shape s) {
    if (s.rank() < 1) {
      throw new IllegalArgumentException(layer + ": input must have rank >= 1 per example, got shape " + s);
    }
    return s.dim(-1);
  }

  /** Throws naming {@code layer} unless {@code eps} is positive and finite. */
  static void checkEps(String layer, double eps) {
    if (!(eps > 0) || !Double.isFinite(eps)) {
      throw new IllegalArgumentException(layer + ": eps must be > 0, got " + eps);
    }
  }
}
