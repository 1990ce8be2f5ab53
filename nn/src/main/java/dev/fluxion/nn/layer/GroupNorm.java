package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * Group normalization (Wu and He, 2018), PyTorch's {@code nn.GroupNorm}: an example {@code [C, ...]}
 * splits its channels into {@code groups} groups of {@code C / groups}; each group is normalized over
 * its channels and positions, {@code (x − μ) / √(σ² + eps)}, then scaled and shifted per channel by
 * {@code γ [C]} (ones) and {@code β [C]} (zeros). One group is layer norm over the whole example;
 * {@code C} groups is instance norm.
 *
 * @param groups the number of groups, {@code >= 1}, dividing the channels
 * @param eps added to the variance, {@code > 0}
 */
public record GroupNorm(int groups, double eps) implements Stateless<GroupNorm.Params> {
  /**
   * The per-channel scale and shift.
   *
   * @param gamma the scale {@code [C]}, initially ones
   * @param beta the shift {@code [C]}, initially zeros
   */
  public record Params(Expr gamma, Expr beta) {}

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code groups < 1} or eps is not positive and finite
   */
  public GroupNorm {
    if (groups < 1 || !(eps > 0) || !Double.isFinite(eps)) {
      throw new IllegalArgumentException("GroupNorm: groups must be >= 1 and eps > 0, got " + groups + " and " + eps);
    }
  }

  /**
   * {@return {@code groups} groups with PyTorch's default eps 1e-5}
   *
   * @param groups the number of groups, dividing the channels
   */
  public static GroupNorm of(int groups) {
    return new GroupNorm(groups, 1e-5);
  }

  @Override
  public Params init(Key key, Shape inputShape) {
    int c = channels(inputShape);
    return new Params(constant(Tensor.ones(c)), constant(Tensor.zeros(c)));
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    channels(inputShape);
    return inputShape;
  }

  @Override
  public Expr forward(Params p, Expr x, Mode mode) {
    Shape s = x.shape();
    int c = channels(Shape.of(java.util.Arrays.copyOfRange(s.toArray(), 1, s.rank())));
    Expr g = reshape(x, s.dim(0), groups, -1);
    int[] axis = {-1};
    Expr centered = g.minus(mean(g, axis, true));
    Expr normalized = reshape(centered.div(sqrt(mean(square(centered), axis, true).plus(eps))), s.toArray());
    int[] perChannel = new int[s.rank() - 1];
    java.util.Arrays.fill(perChannel, 1);
    perChannel[0] = c;
    return normalized.times(reshape(p.gamma(), perChannel)).plus(reshape(p.beta(), perChannel));
  }

  @Override
  public String describe() {
    return "GroupNorm(" + groups + ")";
  }

  private int channels(Shape s) {
    if (s.rank() < 1 || s.dim(0) % groups != 0) {
      throw new IllegalArgumentException("GroupNorm: an example must be [C, ...] with C divisible by " + groups
          + ", got " + s);
    }
    return s.dim(0);
  }
}
