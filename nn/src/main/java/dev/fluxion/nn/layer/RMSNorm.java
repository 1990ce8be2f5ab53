package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * Root-mean-square normalization (Zhang and Sennrich, 2019) over each example's last axis:
 * {@code y = γ x / √(mean(x²) + eps)}, {@code γ} of the last axis' size, initially ones (PyTorch's
 * {@code nn.RMSNorm}).
 *
 * @param eps added to the mean square, {@code > 0}
 */
public record RMSNorm(double eps) implements Stateless<RMSNorm.Params> {
  /**
   * The learned scale.
   *
   * @param gamma the scale, initially ones
   */
  public record Params(Expr gamma) {}

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if eps is not positive and finite
   */
  public RMSNorm {
    LayerNorm.checkEps("RMSNorm", eps);
  }

  /** {@return with eps 1e-6} */
  public static RMSNorm of() {
    return new RMSNorm(1e-6);
  }

  @Override
  public Params init(Key key, Shape inputShape) {
    return new Params(constant(Tensor.ones(LayerNorm.last("RMSNorm", inputShape))));
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    LayerNorm.last("RMSNorm", inputShape);
    return inputShape;
  }

  @Override
  public Expr forward(Params p, Expr x, Mode mode) {
    Expr ms = mean(square(x), new int[] {-1}, true);
    return x.div(sqrt(ms.plus(eps))).times(p.gamma());
  }

  @Override
  public String describe() {
    return "RMSNorm";
  }
}
